"""``manage.py send_review_reminders``: e-mail every owner team its items due for review.

Schedule it daily (cron/systemd timer), e.g. ``0 7 * * 1-5 manage.py send_review_reminders --enqueue`` to hand the
work to the ``reminders`` queue of ``manage.py db_worker``, or without ``--enqueue`` to send inline.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kennisbank import reviews


class Command(BaseCommand):
    help = "Stuurt elk eigenaarsteam een e-mail met de items die (binnenkort) herzien moeten worden."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=reviews.DEFAULT_WITHIN_DAYS,
                            help="Ook items die binnen zoveel dagen vervallen (standaard %(default)s).")
        parser.add_argument("--dry-run", action="store_true", help="Niets versturen, enkel tellen.")
        parser.add_argument("--enqueue", action="store_true", help="Als taak in de wachtrij 'reminders' zetten.")

    def handle(self, *args, days: int, dry_run: bool, enqueue: bool, **options) -> None:
        if days < 0:
            raise CommandError(f"--days: moet 0 of meer zijn, niet {days}")
        if enqueue and dry_run:
            raise CommandError("--enqueue en --dry-run gaan niet samen")
        if enqueue:
            result = reviews.send_review_reminders.enqueue(within_days=days)
            self.stdout.write(f"Taak in de wachtrij 'reminders': {result.id}")
            return
        count = reviews.send_reminders(within_days=days, dry_run=dry_run)
        verb = "zou versturen" if dry_run else "verstuurd"
        self.stdout.write(f"Herinneringen {verb}: {count}")
