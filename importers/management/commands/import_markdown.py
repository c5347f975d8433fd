"""``manage.py import_markdown DIR [--dry-run] [--progress]``: import a folder of exchange-format files.

Prints a summary; with any problem it exits non-zero (CommandError) listing every problem as
``file:line: key: message`` and nothing is written.
"""

from __future__ import annotations

from typing import Any

from importers.markdown_import import import_folder

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Importeer een map met Markdown-bestanden (uitwisselformaat) als producten en kennisfiches."
    source_help = "Map met <id>.md-bestanden."

    def run_import(self, source: str, *, dry_run: bool, progress: Any) -> Any:
        return import_folder(source, dry_run=dry_run, progress=progress)
