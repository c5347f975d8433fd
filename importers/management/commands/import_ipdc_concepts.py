"""``manage.py import_ipdc_concepts URL_OR_DIR [--dry-run] [--full]``: read IPDC's concept snapshots.

The source is the concept-snapshot LDES start URL (for IPDC: ``https://ipdc.vlaanderen.be/doc/conceptsnapshot``),
a folder of page files or one file. Stores the latest version of every concept and flags the products based on a
concept that changed or was archived ("herziening nodig"). With any problem it exits non-zero listing every problem
and nothing is written. See docs/ipdc.md.
"""

from __future__ import annotations

from typing import Any

from importers.ipdc_concepts import import_concepts

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Lees IPDC-conceptsnapshots (een LDES) in en markeer producten waarvan het concept veranderde."
    source_help = "De start-URL van de conceptsnapshot-LDES, een map met pagina's (.json/.jsonld) of één bestand."
    full = False

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--full", action="store_true", help="Negeer de cursor: lees alle snapshots opnieuw.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.full = bool(options.pop("full", False))
        super().handle(*args, **options)

    def run_import(self, source: str, *, dry_run: bool, progress: Any) -> Any:
        return import_concepts(source, dry_run=dry_run, full=self.full)
