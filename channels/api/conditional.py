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
    """Latest publication of a public item or latest tombstone (removal from the public channels)."""
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
        return get_conditional_response(request._request, etag=etag, last_modified=timestamp, response=response)


def content_version() -> str:
    """A token that changes whenever public content is published or removed (part of server cache keys)."""
    stamp = content_last_modified()
    return stamp.isoformat() if stamp else "empty"


class ServerCacheMixin:
    """Serve identical anonymous GETs from Django's cache while public content is unchanged.

    The key holds the full path (query included) and :func:`content_version`, so a publication, unpublication or
    visibility change is visible at once; ``settings.KENNISBANK_API_CACHE_SECONDS`` (default 30, 0 = off) bounds
    staleness of what the version does not see (e.g. a renamed theme). Only 200 responses are stored; conditional
    requests still get their 304 from the stored ETag.
    """

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from django.conf import settings
        from django.core.cache import cache
        from django.http import HttpResponse

        seconds = int(getattr(settings, "KENNISBANK_API_CACHE_SECONDS", 30))
        user = getattr(request, "user", None)
        cacheable = seconds > 0 and request.method in ("GET", "HEAD") and not (user and user.is_authenticated)
        if not cacheable:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        key = "kb-api:" + hashlib.sha256(f"{content_version()}|{request.get_full_path()}".encode()).hexdigest()
        stored = cache.get(key)
        if stored is not None:
            body, headers = stored
            response = HttpResponse(body, status=200)
            for name, value in headers.items():
                response[name] = value
            modified = headers.get("Last-Modified")
            from django.utils.http import parse_http_date_safe

            return get_conditional_response(request, etag=headers.get("ETag"),
                                            last_modified=parse_http_date_safe(modified) if modified else None,
                                            response=response)
        response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200 and not getattr(response, "streaming", False):
            headers = {name: response[name] for name in ("Content-Type", "ETag", "Last-Modified", "Cache-Control",
                                                         "Vary") if name in response}
            cache.set(key, (response.content, headers), seconds)
        return response
