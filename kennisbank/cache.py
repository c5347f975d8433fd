"""The shared cache: Redis in production (``REDIS_URL``), that degrades to "no cache" while Redis is down.

Contract of :func:`cache_settings` (used by the settings for ``CACHES``):
- ``REDIS_URL`` set: Django's Redis backend through :class:`ResilientRedisCache`, keys prefixed ``kb`` (several
  sites can share one server with another ``KENNISBANK_CACHE_PREFIX``), short socket timeouts. Every web and worker
  process sees the same entries, so a response cached by one worker is a hit in every other, and rate limits count
  over all workers.
- Unset: a per-process local-memory cache with ``KENNISBANK_CACHE_MAX_ENTRIES`` entries (default 20 000; Django's
  own default of 300 is far below one catalogue's responses and search prefixes).

:class:`ResilientRedisCache` answers as a cache miss (``get`` → default, ``set`` → nothing, ``add`` → False,
``incr`` → ValueError as for a missing key) when Redis cannot be reached, and logs a warning at most once a minute:
an outage makes pages slower, never an error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")
#: Seconds between two warnings about an unreachable Redis.
WARN_EVERY = 60.0
DEFAULT_MAX_ENTRIES = 20_000


def cache_settings(redis_url: str, *, max_entries: int = DEFAULT_MAX_ENTRIES, prefix: str = "kb") -> dict[str, Any]:
    """The ``CACHES`` setting for this deployment (see the module docstring)."""
    if redis_url:
        return {"default": {
            "BACKEND": "kennisbank.cache.ResilientRedisCache", "LOCATION": redis_url, "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kennisbank",
                        "OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 4}}}


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as a miss while Redis is unreachable (see the module docstring)."""

    _last_warning = 0.0

    def _safe(self, call: Callable[[], T], fallback: T) -> T:
        try:
            return call()
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            now = time.monotonic()
            if now - ResilientRedisCache._last_warning >= WARN_EVERY:
                ResilientRedisCache._last_warning = now
                logger.warning("Redis-cache onbereikbaar (%s): verder zonder cache.", exc)
            return fallback

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._safe(lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._safe(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._safe(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._safe(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._safe(lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data))

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._safe(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._safe(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        missing = object()
        result = self._safe(lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (Redis unreachable)")
        return result  # type: ignore[return-value]

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._safe(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._safe(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._safe(lambda: super(ResilientRedisCache, self).clear(), None)
