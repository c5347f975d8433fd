"""The change feed for offline sync: upserts (published since) and deletions (tombstones) since a moment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from kennisbank.models import ContentPage, ProductPage
from kennisbank.selectors import Scope, items


@dataclass(frozen=True)
class Changes:
    since: dt.datetime | None
    until: dt.datetime
    upserts: list[ContentPage]
    deleted: list  # list[channels.models.Tombstone]


def changes_since(since: dt.datetime | None, *, until: dt.datetime) -> Changes:
    """Public items published after ``since`` and tombstones after ``since`` of items not public now.

    Without ``since``: every public item and no deletions (a full snapshot). A tombstone is only reported once per
    id (the latest) and never for an item that is public again (it is in ``upserts`` instead when republished).
    """
    from channels.models import Tombstone

    public = items(Scope.PUBLIC)
    upsert_qs = public if since is None else public.filter(last_published_at__gt=since)
    upserts = list(upsert_qs.order_by("last_published_at", "pk").specific()
                   .prefetch_related("themes", "life_events", "audiences"))
    products = [page for page in upserts if isinstance(page, ProductPage)]
    prefetch_related_objects(products, "cost_lines", "actions", "service_points__hours", "service_points__exceptions")
    deleted: list = []
    if since is not None:
        latest: dict[str, Tombstone] = {}
        stones = (Tombstone.objects.filter(created_at__gt=since)
                  .exclude(external_id__in=public.values("external_id")).order_by("created_at", "pk"))
        for stone in stones:
            latest[stone.external_id] = stone
        deleted = sorted(latest.values(), key=lambda s: (s.created_at, s.pk))
    return Changes(since=since, until=until, upserts=upserts, deleted=deleted)
