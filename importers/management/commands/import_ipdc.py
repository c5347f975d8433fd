"""``manage.py import_ipdc FILE_OR_DIR [--dry-run] [--progress]``: import IPDC/LPDC instances (JSON-LD) as products.

Prints a summary; with any problem it exits non-zero (CommandError) listing every problem as
``file:line: JSON path: message`` and nothing is written. See docs/ipdc.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importers.ipdc import import_ipdc

from ._progress import make_progress


class Command(BaseCommand):
    help = "Importeer IPDC/LPDC-instanties (JSON-LD) als producten."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Een .json/.jsonld-bestand of een map met zulke bestanden.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Alles nakijken en tonen wat er zou veranderen, zonder iets te schrijven.")
        parser.add_argument("--progress", action="store_true",
                            help="Toon altijd een voortgangsbalk (ook als de uitvoer geen terminal is).")

    def handle(self, *args, path: str, dry_run: bool, progress: bool, verbosity: int = 1, **options) -> None:
        report = import_ipdc(path, dry_run=dry_run, progress=make_progress(progress))
        if report.errors:
            lines = [str(issue) for issue in report.errors]
            raise CommandError("\n".join([report.summary(), *lines]))
        if verbosity >= 2:
            for external_id, action in report.actions():
                self.stdout.write(f"{external_id}: {action}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if dry_run:
            self.stdout.write(_("Er is niets geschreven (--dry-run)."))
