"""Searches nobody found an answer for, with the items nearest in meaning, and the one-click fix.

Contract:
- :func:`gaps` lists the zero-result queries of a period (most frequent first), then the low-confidence ones (found
  something, but by meaning only: no hit held the words typed), and for each the
  :data:`SUGGESTIONS` live items nearest in meaning (operator scope: editors see internal items too), with their
  similarity, from :func:`search.service.nearest_items`. Without an embedder the suggestions are empty.
- :func:`add_query_as_keyword` adds the query as a keyword of the chosen item through
  :func:`kennisbank.services.add_keyword` (a new revision: published when the item has no draft in progress, so the
  index task picks it up at once; otherwise a draft). Raises ``PermissionDenied`` when the user may not edit the
  item and ``LookupError`` for an unknown item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kennisbank import services
from kennisbank.models import ContentPage
from kennisbank.selectors import Scope, items
from search.port import BackendUnavailable
from search.querylog import low_confidence_queries, zero_result_queries
from search.service import nearest_items

#: Nearest items shown per query.
SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    """An item close in meaning to a query nobody found."""

    page: ContentPage
    similarity: float


@dataclass(frozen=True)
class Gap:
    """A zero-result query: how often, when last, and the nearest items."""

    query: str
    count: int
    last_seen: dt.datetime
    suggestions: list[Suggestion] = field(default_factory=list)
    #: ``zero`` (found nothing) or ``low`` (found by meaning only).
    kind: str = "zero"


def gaps(since: dt.datetime, channel: str | None = None, *, limit: int = 20) -> list[Gap]:
    """Zero-result queries since ``since`` with their nearest items (see the module docstring)."""
    zero = zero_result_queries(since, channel, limit=limit)
    seen = {row["query"] for row in zero}
    low = [row for row in low_confidence_queries(since, channel, limit=limit) if row["query"] not in seen]
    rows = [(row, "zero") for row in zero] + [(row, "low") for row in low]
    found: dict[str, list[tuple[str, float]]] = {}
    for row, _kind in rows:
        try:
            found[row["query"]] = [(hit.id, sim) for hit, sim in nearest_items(row["query"], limit=SUGGESTIONS)]
        except BackendUnavailable:
            found[row["query"]] = []
    wanted = {doc_id for pairs in found.values() for doc_id, _ in pairs}
    pages = {p.external_id: p for p in items(Scope.OPERATOR).filter(external_id__in=wanted)}
    return [Gap(query=row["query"], count=row["count"], last_seen=row["last_seen"], kind=kind,
                suggestions=[Suggestion(pages[i], round(sim, 3)) for i, sim in found[row["query"]] if i in pages])
            for row, kind in rows]


def add_query_as_keyword(query: str, external_id: str, user: Any) -> tuple[ContentPage, bool]:
    """Add ``query`` as a keyword of the item; returns (item, published). ``published`` is False for a draft or
    when the item already had the keyword (then nothing changed)."""
    page = ContentPage.objects.filter(external_id=external_id).first()
    if page is None:
        raise LookupError(external_id)
    page = page.specific
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    revision = services.add_keyword(page, query, user)
    page.refresh_from_db()
    return page, bool(revision is not None and page.live_revision_id == revision.pk)


def default_since(days: int = 30) -> dt.datetime:
    """The start of the default period."""
    return timezone.now() - dt.timedelta(days=days)
