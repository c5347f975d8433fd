"""Conditional GET for API views: ETag (hash of the body) and Last-Modified, answering 304 when unchanged.

The ETag always reflects the exact body. ``Last-Modified`` is the latest publication or removal of public content
(a conservative upper bound); ``If-None-Match`` wins over ``If-Modified-Since`` (RFC 9110).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db.models import Max
from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.request import Request

from kennisbank.selectors import Scope, items


def content_last_modified() -> dt.datetime | None:
    """Latest publication of a public item or latest tombstone (removal from the public channels).

    Memoised in Django's cache per :func:`content_version` (which changes whenever this value can), so a request
    pays one cheap query instead of the public-scope aggregates.
    """
    from django.core.cache import cache

    key = "kb-api-lm:" + hashlib.sha256(content_version().encode()).hexdigest()
    stored = cache.get(key)
    if stored is None:
        stored = (_public_last_modified(),)
        cache.set(key, stored, 3600)
    return stored[0]


def _public_last_modified() -> dt.datetime | None:
    from channels.models import Tombstone

    published = items(Scope.PUBLIC).aggregate(m=Max("last_published_at"))["m"]
    removed = Tombstone.objects.aggregate(m=Max("created_at"))["m"]
    stamps = [s for s in (published, removed) if s is not None]
    return max(stamps) if stamps else None


class ConditionalGetMixin:
    """Add ETag/Last-Modified to successful GET responses and turn matching conditional requests into 304."""

    #: Cache-Control for successful responses.
    cache_control = "public, max-age=0, must-revalidate"

    def last_modified(self, request: Request) -> dt.datetime | None:
        return content_last_modified()

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        modified = self.last_modified(request)
        response["ETag"] = etag
        response["Cache-Control"] = self.cache_control
        timestamp = None
        if modified is not None:
            timestamp = int(modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request._request, etag=etag, last_modified=timestamp, response=response)  # type: ignore[return-value]


def content_version() -> str:
    """A token that changes whenever public content is published or removed (part of server cache keys).

    One cheap query, run on every cached request: the latest publication of *any* page, the newest tombstone
    (removal from the public channels), the view restrictions' count and newest id (a lifted restriction makes
    pages public again without a publication) and the taxonomy version (renamed themes, moved service points).
    It over-approximates (publishing an internal item changes it too), which only costs a cache miss; it is hashed
    into cache keys and never shown to clients.
    """
    from django.db import connection
    from wagtail.models import Page, PageViewRestriction

    from channels.models import TaxonomyVersion, Tombstone

    page, tomb, restriction, taxonomy = (
        m._meta.db_table for m in (Page, Tombstone, PageViewRestriction, TaxonomyVersion))
    qn = connection.ops.quote_name
    # Table names come from model metadata, never from input.
    sql = (f"SELECT (SELECT MAX(last_published_at) FROM {qn(page)}), (SELECT MAX(id) FROM {qn(tomb)}), "  # noqa: S608
           f"(SELECT COUNT(*) FROM {qn(restriction)}), (SELECT MAX(id) FROM {qn(restriction)}), "
           f"(SELECT MAX(counter) FROM {qn(taxonomy)})")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return "|".join(str(value) for value in row)


def _shared_version_parts() -> tuple[Any, ...]:
    """The parts of :func:`content_version` that are not page publications (tombstones, restrictions, taxonomy)."""
    from django.db import connection
    from wagtail.models import PageViewRestriction

    from channels.models import TaxonomyVersion, Tombstone

    tomb, restriction, taxonomy = (m._meta.db_table for m in (Tombstone, PageViewRestriction, TaxonomyVersion))
    qn = connection.ops.quote_name
    sql = (f"SELECT (SELECT MAX(id) FROM {qn(tomb)}), (SELECT COUNT(*) FROM {qn(restriction)}), "  # noqa: S608
           f"(SELECT MAX(id) FROM {qn(restriction)}), (SELECT MAX(counter) FROM {qn(taxonomy)})")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def item_version(external_id: str) -> str:
    """A token that changes whenever the public detail of one item can change, and only then (per-item cache key).

    It holds the item's live revision, URL path, live flag and visibility, the same for every item it links to
    (their titles, URLs and visibility are part of its detail), and :func:`content_version`'s non-page parts
    (tombstones, view restrictions, taxonomy). A publication of another, unrelated item leaves it unchanged, so
    that item's cached detail stays valid. Two indexed queries.
    """
    from django.db.models import Q

    from kennisbank.models import ContentPage, RelatedItem

    targets = RelatedItem.objects.filter(page__external_id=external_id).values("target_id")
    rows = sorted(ContentPage.objects.filter(Q(external_id=external_id) | Q(pk__in=targets))
                  .values_list("pk", "live_revision_id", "url_path", "live", "visibility"))
    return f"item:{external_id}|{rows!r}|{_shared_version_parts()!r}"


class ServerCacheMixin:
    """Serve identical anonymous GETs from Django's cache while public content is unchanged.

    The key holds the full path (query included) and :func:`content_version`, so a publication, unpublication,
    visibility change or taxonomy edit is visible at once; ``channel_settings.API_CACHE_SECONDS`` (setting
    ``KENNISBANK_API_CACHE_SECONDS``, default 300, 0 = off) bounds staleness of what the version cannot see
    (bulk ``QuerySet.update`` calls). Only 200 responses are stored; conditional requests still get their 304
    from the stored ETag. A view narrows what invalidates it by overriding :meth:`cache_version` (item details use
    :func:`item_version`: one publish invalidates only the details it changed).
    """

    def cache_version(self, request: Any, **kwargs: Any) -> str:
        """The content token of this response's cache key (default: :func:`content_version`)."""
        return content_version()

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from django.core.cache import cache
        from django.http import HttpResponse

        from channels.conf import channel_settings

        seconds = channel_settings.API_CACHE_SECONDS
        user = getattr(request, "user", None)
        cacheable = seconds > 0 and request.method in ("GET", "HEAD") and not (user and user.is_authenticated)
        if not cacheable:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        # The host is part of the key: responses hold absolute URLs built from it.
        raw = f"{self.cache_version(request, **kwargs)}|{request.get_host()}|{request.get_full_path()}"
        key = "kb-api:" + hashlib.sha256(raw.encode()).hexdigest()
        stored = cache.get(key)
        if stored is not None:
            body, headers = stored
            response = HttpResponse(body, status=200)
            for name, value in headers.items():
                response[name] = value
            modified = headers.get("Last-Modified")
            from django.utils.http import parse_http_date_safe

            return get_conditional_response(request, etag=headers.get("ETag"),  # type: ignore[return-value]
                                            last_modified=parse_http_date_safe(modified) if modified else None,
                                            response=response)
        response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200 and not getattr(response, "streaming", False):
            headers = {name: response[name] for name in ("Content-Type", "ETag", "Last-Modified", "Cache-Control",
                                                         "Vary") if name in response}
            cache.set(key, (response.content, headers), seconds)
        return response
