"""Every API response states its times in UTC (``2026-12-02T09:30:00Z``), whatever ``TIME_ZONE`` says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class ApiUtcMiddleware:
    """Render ``/api/`` responses with UTC as the current time zone (DRF then writes ``Z``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        with timezone.override(dt.UTC):
            return self.get_response(request)
