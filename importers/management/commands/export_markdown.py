"""``manage.py export_markdown DIR [--include-internal | --public-only] [--clean] [--progress]``.

Writes one ``<id>.md`` per live item. The default (``--include-internal``) is the editor export: internal items
are included (the files carry ``visibility: internal``). ``--public-only`` is for exports meant for the public:
no internal items, no phone scripts.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from importers.markdown_export import ExportError, export_folder

from ._progress import make_progress


class Command(BaseCommand):
    help = "Exporteer de gepubliceerde producten en kennisfiches als Markdown-bestanden (uitwisselformaat)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", help="Doelmap (wordt aangemaakt als ze niet bestaat).")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--include-internal", dest="public_only", action="store_false",
                           help="Ook interne items (standaard; voor redacteurs).")
        group.add_argument("--public-only", dest="public_only", action="store_true",
                           help="Enkel publieke items, zonder telefoonscript (voor publieke exports).")
        parser.set_defaults(public_only=False)
        parser.add_argument("--clean", action="store_true",
                            help="Verwijder andere .md-bestanden in de doelmap.")
        parser.add_argument("--progress", action="store_true", help="Toon altijd een voortgangsbalk.")

    def handle(self, *args, directory: str, public_only: bool, clean: bool, progress: bool, **options) -> None:
        try:
            report = export_folder(directory, public_only=public_only, clean=clean,
                                   progress=make_progress(progress))
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
