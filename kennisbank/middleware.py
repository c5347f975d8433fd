"""Small security middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class AdminPreviewFrameMiddleware:
    """Let Wagtail's editor frame its own previews while every other response keeps ``X-Frame-Options: DENY``.

    Must stand below ``XFrameOptionsMiddleware`` so it sees the response first; that middleware leaves an
    existing header alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        if path.startswith("/admin/") and "/preview/" in path and "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
