"""``manage.py search_prune_log``: delete search query log rows older than the retention period.

The period is ``settings.KENNISBANK_SEARCH["QUERY_LOG_RETENTION_DAYS"]`` (default 180) unless ``--days``
is given. Run it daily (cron or a scheduled task).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search import querylog


class Command(BaseCommand):
    help = "Verwijdert zoekopdrachten uit het zoeklogboek die ouder zijn dan de bewaartermijn."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--days", type=int, default=None,
                            help="Bewaartermijn in dagen (standaard: KENNISBANK_SEARCH['QUERY_LOG_RETENTION_DAYS']).")

    def handle(self, *args, days: int | None, **options) -> None:
        try:
            days = querylog.retention_days() if days is None else days
        except (TypeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if days < 1:
            raise CommandError(f"--days: must be at least 1, got {days}")
        deleted = querylog.prune(days)
        self.stdout.write(f"{deleted} zoekopdrachten ouder dan {days} dagen verwijderd.")
