"""A fixed-window rate limit per client, kept in Django's cache (shared between workers when the cache is).

Contract of :func:`hit`: counts one request of ``client`` in ``bucket`` and returns False once more than ``limit``
requests fell in the current window of ``seconds`` (the request that returns False is not served). A limit of 0
disables the bucket. The client key is hashed: no IP address is stored in plain text, and keys expire with the
window.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(bucket: str, client: str, seconds: int) -> str:
    window = int(time.time() // seconds)
    digest = hashlib.sha256(f"{bucket}|{client}".encode()).hexdigest()[:32]
    return f"kb-rate:{bucket}:{window}:{digest}"


def within(bucket: str, client: str, *, limit: int, seconds: int) -> bool:
    """Whether the client is still within the limit, without counting a request."""
    if limit <= 0 or seconds <= 0:
        return True
    return int(cache.get(_key(bucket, client, seconds), 0)) < limit


def hit(bucket: str, client: str, *, limit: int, seconds: int) -> bool:
    """Count a request; True while the client is within ``limit`` requests per ``seconds``."""
    if limit <= 0 or seconds <= 0:
        return True
    key = _key(bucket, client, seconds)
    if cache.add(key, 1, seconds + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds + 1)
        return True
    return count <= limit
