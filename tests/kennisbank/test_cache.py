"""The shared cache (Redis, ``REDIS_URL``): every process sees what one cached, rate limits count over all workers,
and an unreachable Redis makes the site uncached, never broken. Without Redis: local memory sized from settings."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from kennisbank import ratelimit
from kennisbank.cache import ResilientRedisCache, cache_settings

pytestmark = pytest.mark.django_db


def _other_process_cache(url: str) -> ResilientRedisCache:
    """A second, independent client: what another web or worker process holds."""
    params = cache_settings(url, prefix="kb-test")["default"]
    return ResilientRedisCache(url, {"KEY_PREFIX": params["KEY_PREFIX"], "OPTIONS": params["OPTIONS"]})


def test_an_api_response_cached_by_one_process_is_a_hit_for_another(redis_url, public_fiche):
    with override_settings(CACHES=cache_settings(redis_url, prefix="kb-test"), KENNISBANK_API_CACHE_SECONDS=30):
        cache.clear()
        assert Client().get("/api/v1/items/").status_code == 200
        import redis

        keys = redis.Redis.from_url(redis_url).keys("kb-test:*")
        assert any(b"kb-api" in key for key in keys), keys
        other = _other_process_cache(redis_url)
        other.set("gedeeld", {"waarde": 1}, 30)
        assert cache.get("gedeeld") == {"waarde": 1}
        cache.clear()


def test_rate_limits_count_over_all_processes(redis_url):
    with override_settings(CACHES=cache_settings(redis_url, prefix="kb-test")):
        cache.clear()
        assert ratelimit.hit("feedback", "198.51.100.7", limit=2, seconds=60)
        assert ratelimit.hit("feedback", "198.51.100.7", limit=2, seconds=60)
        assert not ratelimit.within("feedback", "198.51.100.7", limit=2, seconds=60)
        cache.clear()


def test_unreachable_redis_serves_uncached_and_never_fails(public_fiche, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(CACHES=cache_settings(f"redis://127.0.0.1:{port}/0"), KENNISBANK_API_CACHE_SECONDS=30):
        response = Client().get("/api/v1/items/")
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [public_fiche.external_id]
        assert Client().get("/zoeken/", {"q": "fiche"}).status_code == 200
        assert cache.get("iets", "standaard") == "standaard" and cache.add("iets", 1) is False
        assert ratelimit.hit("feedback", "198.51.100.8", limit=5, seconds=60) in (True, False)
    assert "Redis-cache onbereikbaar" in caplog.text


def test_local_memory_cache_is_sized_from_settings():
    caches = cache_settings("", max_entries=50_000)
    assert caches["default"]["BACKEND"].endswith("LocMemCache")
    assert caches["default"]["OPTIONS"]["MAX_ENTRIES"] == 50_000
    from django.conf import settings

    assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 20_000  # not Django's 300
