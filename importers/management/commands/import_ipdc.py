"""``manage.py import_ipdc URL_OR_DIR [--dry-run] [--full] [--progress]``: import IPDC/LPDC instance snapshots.

The source is an LDES start URL (the pages are walked over HTTP), a folder of page files or one file. Prints a
summary; with any problem it exits non-zero (CommandError) listing every problem as
``page:line: JSON path (member @id): message`` and nothing is written. See docs/ipdc.md.
"""

from __future__ import annotations

from typing import Any

from importers.ipdc import import_ipdc

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Importeer IPDC/LPDC-instantiesnapshots (een LDES) als producten."
    source_help = "De start-URL van een LDES, een map met pagina's (.json/.jsonld) of één bestand."
    full = False

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--full", action="store_true",
                            help="Negeer de cursor: lees alle snapshots opnieuw (ongewijzigde producten blijven zo).")

    def handle(self, *args: Any, **options: Any) -> None:
        self.full = bool(options.pop("full", False))
        super().handle(*args, **options)

    def run_import(self, source: str, *, dry_run: bool, progress: Any) -> Any:
        return import_ipdc(source, dry_run=dry_run, progress=progress, full=self.full)
