"""``manage.py import_csv FILE [--dry-run] [--progress]``: import products and kennisfiches from a CSV file.

Columns: docs/csv-import.md. Prints a summary; with any problem it exits non-zero (CommandError) listing every
problem as ``file:line: column: message`` and nothing is written.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importers.csv_import import import_csv

from ._progress import make_progress


class Command(BaseCommand):
    help = "Importeer producten en kennisfiches uit een CSV-bestand (kolommen: zie docs/csv-import.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV-bestand (UTF-8, kopregel met kolomnamen).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Alles nakijken en tonen wat er zou veranderen, zonder iets te schrijven.")
        parser.add_argument("--progress", action="store_true",
                            help="Toon altijd een voortgangsbalk (ook als de uitvoer geen terminal is).")

    def handle(self, *args, file: str, dry_run: bool, progress: bool, verbosity: int = 1, **options) -> None:
        report = import_csv(file, dry_run=dry_run, progress=make_progress(progress))
        if report.errors:
            raise CommandError("\n".join([report.summary(), *(str(issue) for issue in report.errors)]))
        if verbosity >= 2:
            for external_id, action in report.actions():
                self.stdout.write(f"{external_id}: {action}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if dry_run:
            self.stdout.write(_("Er is niets geschreven (--dry-run)."))
