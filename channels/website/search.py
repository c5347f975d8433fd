"""Website search: turns GET parameters into a public :func:`search.service.search_items` call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kennisbank.textclean import clean_text
from kennisbank.vocabulary import Channel, ItemType, Scope

PAGE_SIZE = 10
FILTER_KEYS = ("type", "theme", "life_event", "audience")
TYPE_LABELS = {ItemType.PRODUCT.value: _("Product"), ItemType.FICHE.value: _("Vraag en antwoord")}


@dataclass
class WebsiteSearch:
    """Parsed search request (invalid values are dropped, never an error page)."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1

    @classmethod
    def from_query(cls, params: QueryDict) -> WebsiteSearch:
        q = clean_text(params.get("q") or "")[:200]
        filters = {}
        for key in FILTER_KEYS:
            value = (params.get(key) or "").strip()
            if value and len(value) <= 100 and all(c.isalnum() or c in "-_" for c in value):
                filters[key] = value
        if filters.get("type") is not None and filters.get("type") not in ItemType.values:
            filters.pop("type")
        try:
            page = max(1, min(int(params.get("pagina") or 1), 50))
        except ValueError:
            page = 1
        return cls(q=q, filters=filters, page=page)

    def run(self, *, log: bool = True, mode: str | None = None) -> dict[str, Any]:
        """Template context: hits, total, facets and paging (public scope, channel website).

        ``mode`` defaults to ``hybrid`` (words and meaning) for submitted searches and ``lexical`` (the keystroke
        ranking) for as-you-type requests; search.js asks ``hybrid`` once typing pauses and appends what is new.

        ``log=False`` for as-you-type requests: only submitted searches go into the query log. When the search
        backend is unavailable the database fallback (:mod:`search.fallback`) answers and ``degraded`` is True (the
        template shows a notice); an outage never breaks the page.
        """
        from search.fallback import database_search
        from search.port import BackendUnavailable
        from search.service import search_items

        if not self.q.strip() and not self.filters:
            return {"q": self.q, "filters": self.filters, "hits": [], "total": 0, "facets": {}, "searched": False}
        offset = (self.page - 1) * PAGE_SIZE
        try:
            result = search_items(self.q, scope=Scope.PUBLIC, filters=self.filters or None,
                                  facets=["type", "theme"], limit=PAGE_SIZE, offset=offset,
                                  channel=Channel.WEBSITE, log=log, mode=mode or ("hybrid" if log else "lexical"))
        except BackendUnavailable:
            result = database_search(self.q, scope=Scope.PUBLIC, filters=self.filters, limit=PAGE_SIZE,
                                     offset=offset)
        pages = max(1, -(-result.total // PAGE_SIZE))
        return {
            "q": self.q, "filters": self.filters, "hits": result.hits, "total": result.total,
            "facets": result.facets, "searched": True, "page": self.page, "pages": pages,
            "has_next": self.page < pages, "has_previous": self.page > 1, "type_labels": TYPE_LABELS,
            "degraded": result.degraded,
        }
