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
