"""``manage.py backup DIR``: write one backup archive (database + media + manifest) into DIR.

See :mod:`kennisbank.backup` for the archive's content. Prints the archive's path on stdout.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kennisbank.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Maakt een back-up (databank, mediabestanden, manifest) als één archief in de opgegeven map."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("directory", type=Path, help="Map waarin het back-uparchief komt.")

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            archive = create_backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
