"""``manage.py import_ipdc FILE_OR_DIR [--dry-run] [--progress]``: import IPDC/LPDC instances (JSON-LD) as products.

Prints a summary; with any problem it exits non-zero (CommandError) listing every problem as
``file:line: JSON path: message`` and nothing is written. See docs/ipdc.md.
"""

from __future__ import annotations

from typing import Any

from importers.ipdc import import_ipdc

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Importeer IPDC/LPDC-instanties (JSON-LD) als producten."
    source_help = "Een .json/.jsonld-bestand of een map met zulke bestanden."

    def run_import(self, source: str, *, dry_run: bool, progress: Any) -> Any:
        return import_ipdc(source, dry_run=dry_run, progress=progress)
