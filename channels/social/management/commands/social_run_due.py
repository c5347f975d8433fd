"""``manage.py social_run_due``: plan due social slots and enqueue their publication (for cron/systemd)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from channels.social import services


class Command(BaseCommand):
    help = "Zet de sociale-mediaberichten die nu aan de beurt zijn in de wachtrij (één taak per tijdslot)."

    def handle(self, *args, **options) -> None:
        report = services.enqueue_due()
        self.stdout.write(f"social: {report.created} new slot(s), {report.enqueued} task(s) enqueued")
