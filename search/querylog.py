"""Writing and reading the search query log (zero-result and top-query reports).

Contract:
- :func:`normalise_query` turns text as typed into the logged form: NFC, lower case, single spaces,
  at most 200 characters, with e-mail addresses replaced by ``[e-mail]`` and runs of six or more
  digits (rijksregisternummer, phone, bank account) by ``[nummer]``. No personal data is stored.
- :func:`log_query` stores one row; it never raises (a failing log must not fail a search). With
  ``KENNISBANK_SEARCH["QUERY_LOG_FLUSH_SECONDS"]`` > 0 (default 2) the row is buffered in the process and a
  background thread writes the buffer in one transaction at most that many seconds later (or as soon as
  :data:`FLUSH_AT` rows wait), and at interpreter exit: a search pays no database write, and concurrent
  searches in several worker processes do not queue for SQLite's write lock. The row keeps the time of the
  search. A process killed with SIGKILL loses at most the last few seconds of log. 0 writes synchronously.
- :func:`flush` writes the buffered rows now (returns how many).
- :func:`zero_result_queries` and :func:`top_queries` are the reads for the insight dashboard:
  grouped by normalised text, most frequent first.
- :func:`prune` deletes rows older than the retention period.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import re
import threading
import time
import unicodedata
from typing import TypedDict

from django.db import DatabaseError, transaction
from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from kennisbank.privacy import scrub_personal_data

from .conf import search_settings
from .models import QUERY_MAX_LENGTH, QueryLog

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 180
DEFAULT_FLUSH_SECONDS = 2.0
FLUSH_AT = 200  # buffered rows that wake the writer early
_SPACES = re.compile(r"\s+")


class QueryCount(TypedDict):
    query: str
    count: int
    last_seen: dt.datetime
    avg_results: float


def normalise_query(q: str) -> str:
    """The logged form of a query (see module docstring); ``""`` for blank input."""
    text = scrub_personal_data(unicodedata.normalize("NFC", q or ""))
    text = _SPACES.sub(" ", text).strip().lower()
    return text[:QUERY_MAX_LENGTH].rstrip()


def log_query(q: str, *, channel: str, scope: str, result_count: int, low_confidence: bool = False
              ) -> QueryLog | None:
    """Log one search (buffered, see the module docstring). Blank queries are not logged. Never raises.

    ``low_confidence``: the search found something, but only by meaning (no hit held the words typed).

    Returns the row (already saved when writing synchronously, pending when buffered), or None.
    """
    query = normalise_query(q)
    if not query:
        return None
    row = QueryLog(query=query, channel=channel, scope=str(scope), result_count=max(0, int(result_count)),
                   low_confidence=bool(low_confidence) and result_count > 0, created_at=timezone.now())
    if flush_seconds() <= 0:
        return row if _write([row]) else None
    _buffer.add(row)
    return row


def flush() -> int:
    """Write every buffered row now, in one transaction. Returns the number written (0 on failure)."""
    rows = _buffer.take()
    return len(rows) if rows and _write(rows) else 0


def flush_seconds() -> float:
    """``settings.KENNISBANK_SEARCH["QUERY_LOG_FLUSH_SECONDS"]`` (default 2; 0 = write synchronously)."""
    return float(search_settings.QUERY_LOG_FLUSH_SECONDS)


def _write(rows: list[QueryLog]) -> bool:
    """Store ``rows`` in one transaction; if the batch fails, row by row, so one bad row loses only itself."""
    try:
        with transaction.atomic():
            QueryLog.objects.bulk_create(rows)
        return True
    except DatabaseError:
        if len(rows) == 1:
            logger.warning("search query log: could not store a query", exc_info=True)
            return False
    stored = 0
    for row in rows:
        row.pk = None
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            stored += 1
        except DatabaseError:
            logger.warning("search query log: dropped one query that the database refused", exc_info=True)
    return stored > 0


class _Buffer:
    """Rows waiting for the writer thread. One buffer and one daemon thread per process (fork-aware)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: list[QueryLog] = []
        self._wake = threading.Event()
        self._pid: int | None = None

    def add(self, row: QueryLog) -> None:
        with self._lock:
            if self._pid != os.getpid():  # first use in this process (also after a fork): start the writer
                self._rows, self._wake, self._pid = [], threading.Event(), os.getpid()
                threading.Thread(target=self._run, name="kb-querylog", daemon=True).start()
            self._rows.append(row)
            if len(self._rows) >= FLUSH_AT:
                self._wake.set()

    def take(self) -> list[QueryLog]:
        with self._lock:
            rows, self._rows = self._rows, []
            self._wake.clear()
        return rows

    def _run(self) -> None:
        from django.db import connection

        wake, pid, last = self._wake, os.getpid(), time.monotonic()
        while self._pid == pid:
            # Wake at least every second, so a changed setting takes effect without a restart.
            woken = wake.wait(min(1.0, max(0.05, flush_seconds())))
            if not woken and time.monotonic() - last < flush_seconds():
                continue
            try:
                flush()
            finally:
                connection.close()  # this thread's connection; do not hold it between flushes
                last = time.monotonic()


def _flush_at_exit() -> None:
    try:
        flush()
    except Exception:  # noqa: BLE001 - at exit the database may be gone; never fail the shutdown
        logger.warning("search query log: rows lost at exit", exc_info=True)


_buffer = _Buffer()
atexit.register(_flush_at_exit)


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


def low_confidence_queries(since: dt.datetime, channel: str | None = None, *, limit: int = 50) -> list[QueryCount]:
    """Queries whose results were found by meaning only since ``since``, most frequent first."""
    return _grouped(since, channel, Q(low_confidence=True, result_count__gt=0), limit)


def top_queries(since: dt.datetime, channel: str | None = None, *, limit: int = 50) -> list[QueryCount]:
    """Most frequent queries since ``since`` (optionally for one channel), with their average result count."""
    return _grouped(since, channel, Q(), limit)


def retention_days() -> int:
    """``settings.KENNISBANK_SEARCH["QUERY_LOG_RETENTION_DAYS"]`` (default 180)."""
    return int(search_settings.QUERY_LOG_RETENTION_DAYS)


def prune(days: int | None = None, *, now: dt.datetime | None = None) -> int:
    """Delete log rows older than ``days`` (default: the retention setting). Returns the number deleted."""
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _ = QueryLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted
