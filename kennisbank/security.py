"""Security helpers wired in through settings (login brute-force protection).

- :func:`client_ip` is the address every limit is keyed on (django-axes, feedback, logins per address).
  ``X-Forwarded-For`` is believed only when the request comes FROM a trusted proxy (``REMOTE_ADDR`` in
  ``KENNISBANK_TRUSTED_PROXIES``, default loopback) and only as far as ``KENNISBANK_TRUSTED_PROXY_COUNT`` proxies
  appended to it: a client that reaches gunicorn directly cannot choose its own address with a forged header.
- :class:`AddressLockoutBackend` stands first in ``AUTHENTICATION_BACKENDS``: after
  ``KENNISBANK_LOGIN_ADDRESS_LIMIT`` failed logins from one address (over ALL usernames) within the window, every
  login from that address is refused until the window has passed, so spreading guesses over usernames locks too.
  django-axes keeps its own, stricter limit per username + address.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from . import ratelimit
from .conf import kennisbank_settings

LOGIN_BUCKET = "login-address"


def client_ip(request: HttpRequest) -> str:
    """The client's IP address (also ``AXES_CLIENT_IP_CALLABLE``); see the module docstring."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = kennisbank_settings.TRUSTED_PROXY_COUNT
    if count <= 0 or remote not in kennisbank_settings.TRUSTED_PROXIES:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def _over_limit(request: HttpRequest | None, *, count: bool) -> bool:
    if request is None:
        return False
    limit, seconds = kennisbank_settings.LOGIN_ADDRESS_LIMIT
    if count:
        return not ratelimit.hit(LOGIN_BUCKET, client_ip(request), limit=limit, seconds=seconds)
    return not ratelimit.within(LOGIN_BUCKET, client_ip(request), limit=limit, seconds=seconds)


class AddressLockoutBackend:
    """Refuses every login from an address that failed too often (raises PermissionDenied: no later backend runs).

    It has no ``get_user``: it never logs anyone in, so sessions (and ``force_login``) use the next backends.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if _over_limit(request, count=False):
            raise PermissionDenied("too many failed logins from this address")
        return None


def count_failed_login(sender: Any, credentials: Any = None, request: HttpRequest | None = None,
                       **kwargs: Any) -> None:
    """``user_login_failed`` receiver (connected in ``KennisbankConfig.ready``): count the failure per address."""
    _over_limit(request, count=True)
