"""Writing and reading the search query log (zero-result and top-query reports).

Contract:
- :func:`normalise_query` turns text as typed into the logged form: NFC, lower case, single spaces,
  at most 200 characters, with e-mail addresses replaced by ``[e-mail]`` and runs of six or more
  digits (rijksregisternummer, phone, bank account) by ``[nummer]``. No personal data is stored.
- :func:`log_query` stores one row; it never raises (a failing log must not fail a search).
- :func:`zero_result_queries` and :func:`top_queries` are the reads for the insight dashboard:
  grouped by normalised text, most frequent first.
- :func:`prune` deletes rows older than the retention period.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from typing import TypedDict

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from .models import QUERY_MAX_LENGTH, QueryLog

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 180
_EMAIL = re.compile(r"\S+@\S+")
# Six or more digits, possibly split by spaces, dots, dashes or slashes (85.07.30-033.28, 0470 12 34 56).
_NUMBER = re.compile(r"\d(?:[\s./-]?\d){5,}")
_SPACES = re.compile(r"\s+")


class QueryCount(TypedDict):
    query: str
    count: int
    last_seen: dt.datetime
    avg_results: float


def normalise_query(q: str) -> str:
    """The logged form of a query (see module docstring); ``""`` for blank input."""
    text = unicodedata.normalize("NFC", q or "")
    text = _EMAIL.sub("[e-mail]", text)
    text = _NUMBER.sub("[nummer]", text)
    text = _SPACES.sub(" ", text).strip().lower()
    return text[:QUERY_MAX_LENGTH].rstrip()


def log_query(q: str, *, channel: str, scope: str, result_count: int) -> QueryLog | None:
    """Store one search. Blank queries (listing without text) are not logged. Never raises."""
    query = normalise_query(q)
    if not query:
        return None
    try:
        with transaction.atomic():
            return QueryLog.objects.create(query=query, channel=channel, scope=str(scope),
                                           result_count=max(0, int(result_count)))
    except DatabaseError:
        logger.warning("search query log: could not store a query", exc_info=True)
        return None


def _grouped(since: dt.datetime, channel: str | None, extra: Q, limit: int) -> list[QueryCount]:
    qs = QueryLog.objects.filter(extra, created_at__gte=since)
    if channel:
        qs = qs.filter(channel=channel)
    rows = (
        qs.values("query")
        .annotate(count=Count("id"), last_seen=Max("created_at"), avg_results=Avg("result_count"))
        .order_by("-count", "-last_seen", "query")[:limit]
    )
    return [QueryCount(query=r["query"], count=r["count"], last_seen=r["last_seen"],
                       avg_results=float(r["avg_results"] or 0)) for r in rows]


def zero_result_queries(since: dt.datetime, channel: str | None = None, *, limit: int = 50) -> list[QueryCount]:
    """Queries that found nothing since ``since`` (optionally for one channel), most frequent first."""
    return _grouped(since, channel, Q(result_count=0), limit)


def top_queries(since: dt.datetime, channel: str | None = None, *, limit: int = 50) -> list[QueryCount]:
    """Most frequent queries since ``since`` (optionally for one channel), with their average result count."""
    return _grouped(since, channel, Q(), limit)


def retention_days() -> int:
    """``settings.KENNISBANK_SEARCH["QUERY_LOG_RETENTION_DAYS"]`` (default 180)."""
    value = getattr(settings, "KENNISBANK_SEARCH", {}).get("QUERY_LOG_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    days = int(value)
    if days < 1:
        raise ValueError(f"KENNISBANK_SEARCH['QUERY_LOG_RETENTION_DAYS'] must be at least 1, got {value!r}")
    return days


def prune(days: int | None = None, *, now: dt.datetime | None = None) -> int:
    """Delete log rows older than ``days`` (default: the retention setting). Returns the number deleted."""
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _ = QueryLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted
