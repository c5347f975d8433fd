"""``manage.py purge_callback_personal_data``: wipe the citizen's name, phone and e-mail of closed callback requests
older than ``KENNISBANK_CALLBACK_RETENTION_DAYS`` (run daily from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from channels.phone.workstation import purge_personal_data


class Command(BaseCommand):
    help = "Wis naam, telefoon en e-mail van afgehandelde terugbelverzoeken na de bewaartermijn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=None, help="Bewaartermijn in dagen (standaard: instelling).")

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_personal_data(retention_days=options["days"])
        self.stdout.write(f"{count} terugbelverzoek(en) gewist.")
