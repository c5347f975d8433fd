"""``manage.py restore FILE``: replace database and media with a backup made by ``manage.py backup``.

Checks the archive first (manifest, checksums, database vendor, migrations) and changes nothing when a check
fails. Afterwards applies newer migrations and rebuilds the search index (``search_rebuild``). Asks for
confirmation unless ``--noinput`` is given. ``--check`` only runs the checks (to verify backups).
Stop the web process and the task worker before restoring.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from kennisbank.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = "Zet een back-up terug: vervangt de databank en de mediabestanden en bouwt de zoekindex opnieuw op."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("archive", type=Path, help="Back-uparchief (kennisbank-backup-*.tar).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Niet om bevestiging vragen.")
        parser.add_argument("--check", action="store_true",
                            help="Enkel nakijken of de back-up terug te zetten is (controlesommen, versie); "
                                 "niets wijzigen.")
        parser.add_argument("--skip-search", action="store_true",
                            help="De zoekindex niet opnieuw opbouwen (doe dan zelf search_rebuild).")

    def handle(self, *args, archive: Path, interactive: bool, skip_search: bool, check: bool, **options) -> None:
        if check:
            try:
                manifest = verify_backup(archive)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"In orde: back-up van {manifest['created']} ({manifest['database']['vendor']}, "
                              f"{manifest['media']['files']} mediabestand(en)); er is niets gewijzigd.")
            return
        if interactive:
            answer = input(f"Dit vervangt ALLE inhoud van de databank en de mediabestanden door {archive}. "
                           "Typ 'ja' om verder te gaan: ")
            if answer.strip().lower() != "ja":
                raise CommandError("Afgebroken: er is niets gewijzigd.")
        try:
            report = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Teruggezet: back-up van {report.created} ({report.vendor}), "
                          f"{report.media_files} mediabestand(en)"
                          f"{', migraties bijgewerkt' if report.migrated else ''}.")
        if not skip_search and "search_rebuild" in get_commands():
            call_command("search_rebuild", no_progress=True, stdout=self.stdout, stderr=self.stderr)
