"""``manage.py import_markdown DIR [--dry-run] [--progress] [--full]``: import a folder of exchange-format files.

Files unchanged since the last import of their item (same name and bytes, no new revision of the item since) are
not parsed again; ``--full`` parses and compares every file (see :mod:`importers.fingerprints`).

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

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--full", action="store_true",
                            help="Elk bestand opnieuw inlezen en vergelijken, ook als het sinds de vorige import "
                                 "niet veranderde.")

    def handle(self, *args: Any, full: bool = False, **options: Any) -> None:
        self._full = full
        super().handle(*args, **options)

    def run_import(self, source: str, *, dry_run: bool, progress: Any) -> Any:
        return import_folder(source, dry_run=dry_run, progress=progress, full=getattr(self, "_full", False))
