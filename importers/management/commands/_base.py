"""Shared shape of the import commands: one source argument, ``--dry-run`` and ``--progress``.

A subclass sets ``source_help`` and implements :meth:`run_import`; every problem is listed as
``file:line: key: message`` in a CommandError (non-zero exit) and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ._progress import make_progress


class ImportCommand(BaseCommand):
    source_help = ""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help=self.source_help)
        parser.add_argument("--dry-run", action="store_true",
                            help="Alles nakijken en tonen wat er zou veranderen, zonder iets te schrijven.")
        parser.add_argument("--progress", action="store_true",
                            help="Toon altijd een voortgangsbalk (ook als de uitvoer geen terminal is).")

    def run_import(self, source: str, *, dry_run: bool, progress: Any) -> Any:
        """Import ``source``; return the importer's report (``errors``, ``summary()``, ``actions()``)."""
        raise TypeError(f"{type(self).__name__} must define run_import()")

    def handle(self, *args: Any, source: str, dry_run: bool, progress: bool, verbosity: int = 1,
               **options: Any) -> None:
        report = self.run_import(source, dry_run=dry_run, progress=make_progress(progress))
        if report.errors:
            raise CommandError("\n".join([report.summary(), *(str(issue) for issue in report.errors)]))
        if verbosity >= 2:
            for external_id, action in report.actions():
                self.stdout.write(f"{external_id}: {action}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if dry_run:
            self.stdout.write(_("Er is niets geschreven (--dry-run)."))
