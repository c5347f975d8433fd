"""``manage.py import_csv FILE [--dry-run] [--progress]``: import products and kennisfiches from a CSV file.

Columns: docs/csv-import.md. Prints a summary; with any problem it exits non-zero (CommandError) listing every
problem as ``file:line: column: message`` and nothing is written.
"""

from __future__ import annotations

from typing import Any

from importers.csv_import import import_csv

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Importeer producten en kennisfiches uit een CSV-bestand (kolommen: zie docs/csv-import.md)."
    source_help = "CSV-bestand (UTF-8, kopregel met kolomnamen)."

    def run_import(self, source: str, *, dry_run: bool, progress: Any) -> Any:
        return import_csv(source, dry_run=dry_run, progress=progress)
