"""Database search: what the website and the operator console show while the search backend is down.

Contract of :func:`database_search`:
- Same arguments and result type as :func:`search.service.search_items` (scope ``public`` or ``operator``, the
  filters ``type``, ``theme``, ``life_event``, ``audience``), read through :mod:`kennisbank.selectors`, so it shows
  exactly what the scope may see.
- Every word of ``q`` (lower case, accents as typed, at least 2 characters) must occur in the title, the short answer
  or the keywords (``icontains``); items whose title holds the words come first, then alphabetical. No typo
  tolerance, no synonyms, no highlights: a plain, reliable query for an outage.
- The result has ``backend="database"`` and ``degraded=True`` so pages can show a notice. Facets are not counted.
- Nothing is logged to the query log (the outage, not the citizen, caused the poor results).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from django.db.models import Case, IntegerField, Q, Value, When
from wagtail.query import PageQuerySet

from kennisbank.selectors import items
from kennisbank.vocabulary import Scope

from .port import Hit, SearchResult

#: How many words of the query the fallback uses (longer questions keep their first words).
MAX_WORDS = 6


def _words(q: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in (q or "").lower()).split() if len(w) >= 2][
        :MAX_WORDS]


def _filtered(qs: PageQuerySet, filters: Mapping[str, str | Sequence[str]]) -> PageQuerySet:
    lookups = {"theme": "themes__slug__in", "life_event": "life_events__slug__in", "audience": "audiences__code__in"}
    for name, value in filters.items():
        if name in lookups:
            qs = qs.filter(**{lookups[name]: [value] if isinstance(value, str) else list(value)}).distinct()
    return qs


def database_search(q: str, *, scope: Scope | str, filters: Mapping[str, str | Sequence[str]] | None = None,
                    limit: int = 10, offset: int = 0) -> SearchResult:
    """Search title, short answer and keywords in the database (see the module docstring)."""
    started = time.perf_counter()
    filters = dict(filters or {})
    types = filters.get("type")
    item_type = types if isinstance(types, str) else (types[0] if types and len(types) == 1 else None)
    qs = _filtered(items(Scope(scope), item_type=item_type), filters)
    words = _words(q)
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(short_answer__icontains=word) | Q(keywords__icontains=word))
    if words:
        in_title = Q()
        for word in words:
            in_title &= Q(title__icontains=word)
        qs = qs.annotate(in_title=Case(When(in_title, then=Value(0)), default=Value(1), output_field=IntegerField()))
        qs = qs.order_by("in_title", "title", "pk")
    else:
        qs = qs.order_by("title", "pk")
    total = qs.count()
    pages = list(qs.specific()[offset:offset + limit])
    hits = [Hit(id=p.external_id, type=p.item_type, title=p.title, short_answer=p.short_answer, url=p.url or "",
                visibility=p.visibility) for p in pages]
    return SearchResult(hits=hits, total=total, facets={}, processing_ms=(time.perf_counter() - started) * 1000,
                        backend="database", degraded=True)
