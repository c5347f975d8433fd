"""Security helpers wired in through settings (login brute-force protection)."""

from __future__ import annotations

from django.http import HttpRequest

from .conf import kennisbank_settings


def client_ip(request: HttpRequest) -> str:
    """The client's IP address for django-axes (``AXES_CLIENT_IP_CALLABLE``).

    With ``KENNISBANK_TRUSTED_PROXY_COUNT = n > 0`` the address is taken from ``X-Forwarded-For``: the n-th entry
    from the right, i.e. the address the outermost trusted proxy saw (entries further left are client-supplied
    and can be forged). Without trusted proxies, or when the header has fewer entries, ``REMOTE_ADDR`` is used.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = kennisbank_settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
