"""Content items → search documents (the dicts the search port indexes).

Contract:
- :func:`document_for` returns the document of one item as it is in the database NOW (the live row,
  never a draft), or ``None`` when the item is not live (then it must be removed from the index).
- Internal items are indexed with ``visibility="internal"``: the operator scope needs them and the
  port's public scope filters them out. An item that is live but not viewable by the public (for
  example behind a Wagtail view restriction) is indexed as ``internal`` too: the document's
  visibility is ``public`` exactly when :func:`kennisbank.selectors.items` (PUBLIC) returns the item.
- ``url``: the public URL path for public items; the operator console path
  ``/onthaal/item/<external_id>/`` for internal ones (never a public URL for an internal item).
- :func:`iter_documents` yields the documents of all live items (``selectors.items(OPERATOR)``) in
  primary-key order, in batches with prefetched themes, life events, audiences and owner team, so
  memory stays bounded for 10 000 items.
- :func:`content_hash` fingerprints a document (drift checks in ``search_verify``).

All reads go through :mod:`kennisbank.selectors`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from kennisbank import selectors
from kennisbank.markdown import markdown_to_text
from kennisbank.models import ContentPage
from kennisbank.selectors import Scope
from kennisbank.vocabulary import Visibility

DEFAULT_BATCH_SIZE = 500
OPERATOR_URL = "/onthaal/item/{external_id}/"


def operator_url(external_id: str) -> str:
    """The operator console path of an item."""
    return OPERATOR_URL.format(external_id=external_id)


def _live_items() -> QuerySet[ContentPage]:
    return (
        selectors.items(Scope.OPERATOR)
        .select_related("owner_team")
        .prefetch_related("themes", "life_events", "audiences")
    )


def _public_pks(pks: Iterable[int]) -> set[int]:
    return set(selectors.items(Scope.PUBLIC).filter(pk__in=list(pks)).values_list("pk", flat=True))


def _section_texts(page: ContentPage) -> list[str]:
    """Plain text of each body section ("heading. text"): embedded one by one, so one section can match."""
    out = []
    for section in page.sections():
        body = markdown_to_text(section["text"]).strip()
        heading = section["heading"].strip()
        joined = f"{heading}. {body}" if heading and body else heading or body
        if joined:
            out.append(joined)
    return out


def _build(page: ContentPage, *, public: bool) -> dict[str, Any]:
    item_type = getattr(page.specific_class, "item_type", "") or page.item_type
    themes = sorted(page.themes.all(), key=lambda t: (t.sort_order, t.name))
    life_events = sorted(page.life_events.all(), key=lambda e: (e.sort_order, e.name))
    visibility = Visibility.PUBLIC if public and page.visibility == Visibility.PUBLIC else Visibility.INTERNAL
    url = (page.get_url() or "") if visibility == Visibility.PUBLIC else operator_url(page.external_id)
    updated = page.last_published_at or page.latest_revision_created_at or page.first_published_at
    return {
        "id": page.external_id,
        "type": item_type,
        "title": page.title,
        "short_answer": page.short_answer,
        "body": page.body_text(),
        "sections": _section_texts(page),
        "keywords": page.keyword_list,
        "themes": [t.name for t in themes],
        "theme_slugs": [t.slug for t in themes],
        "life_events": [e.name for e in life_events],
        "life_event_slugs": [e.slug for e in life_events],
        "audience": sorted(a.code for a in page.audiences.all()),
        "visibility": str(visibility),
        "url": url,
        "updated_at": updated.isoformat() if updated else "",
        "owner": page.owner_team.name if page.owner_team is not None else "",
    }


def document_for(page: ContentPage | int) -> dict[str, Any] | None:
    """The document of a live item (read fresh from the database), or None if it is not live."""
    pk = page if isinstance(page, int) else page.pk
    fresh = _live_items().filter(pk=pk).first()
    if fresh is None:
        return None
    return _build(fresh, public=bool(_public_pks([pk])))


def iter_documents(batch_size: int = DEFAULT_BATCH_SIZE, *, pks: Iterable[int] | None = None
                   ) -> Iterator[dict[str, Any]]:
    """Documents of all live items (or of the live ones among ``pks``), public and internal.

    Reads in batches of ``batch_size`` in primary-key order (keyset paging, bounded memory).
    """
    base = _live_items()
    if pks is not None:
        base = base.filter(pk__in=list(pks))
    last_pk = 0
    while True:
        batch = list(base.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return
        public = _public_pks(p.pk for p in batch)
        for page in batch:
            yield _build(page, public=page.pk in public)
        last_pk = batch[-1].pk


def count_documents() -> int:
    """How many documents :func:`iter_documents` yields."""
    return selectors.items(Scope.OPERATOR).count()


def content_hash(doc: dict[str, Any]) -> str:
    """Stable short fingerprint of a document (key order and list order as built)."""
    raw = json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]
