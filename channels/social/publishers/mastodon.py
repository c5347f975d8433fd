"""Mastodon: ``POST /api/v1/statuses`` with a bearer token and an ``Idempotency-Key``.

Mastodon returns the first status again for a repeated key, but only for one hour (``IDEMPOTENCY_WINDOW``): the
publishing service stops retrying a slot before that (``channels.social.services``), so a late retry can never
post twice. The instance's own limits (``GET /api/v2/instance``: ``configuration.statuses.max_characters`` and
``characters_reserved_per_url``) replace the default 500 when the account is configured; they are cached for a
day. A 429 answer carries ``X-RateLimit-Reset``; the retry waits until then. A picture is uploaded first
(``POST /api/v2/media`` with its alt text as ``description``) and attached with ``media_ids``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from .base import PublishError, PublishRequest, PublishResult, multipart, request_json

#: How long Mastodon remembers an Idempotency-Key (app/services/post_status_service.rb: 3600 s).
IDEMPOTENCY_WINDOW = dt.timedelta(hours=1)
LIMITS_CACHE_SECONDS = 24 * 3600
#: The instance lookup must not hold up an editor's form for long.
LIMITS_TIMEOUT = 3.0


@dataclass(frozen=True)
class InstanceLimits:
    """What the instance allows per status."""

    max_characters: int = 500
    characters_reserved_per_url: int = 23
    max_media_attachments: int = 4


class MastodonPublisher:
    network = "mastodon"

    def __init__(self, base_url: str, token: str, *, timeout: float = 20) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def limits(self) -> InstanceLimits:
        """The instance's limits (cached a day); Mastodon's defaults when the instance cannot be asked."""
        key = "kb_social:mastodon-limits:" + hashlib.sha256(self.base_url.encode()).hexdigest()[:16]
        cached = cache.get(key)
        if isinstance(cached, InstanceLimits):
            return cached
        try:
            data = request_json("GET", f"{self.base_url}/api/v2/instance", timeout=LIMITS_TIMEOUT)
        except PublishError:
            return InstanceLimits()  # not cached: ask again next time
        statuses = (data.get("configuration") or {}).get("statuses") or {}
        defaults = InstanceLimits()
        limits = InstanceLimits(
            max_characters=_positive(statuses.get("max_characters"), defaults.max_characters),
            characters_reserved_per_url=_positive(statuses.get("characters_reserved_per_url"),
                                                  defaults.characters_reserved_per_url),
            max_media_attachments=_positive(statuses.get("max_media_attachments"), defaults.max_media_attachments),
        )
        cache.set(key, limits, LIMITS_CACHE_SECONDS)
        return limits

    def upload(self, picture: object) -> str:
        """``POST /api/v2/media`` (file + description = the alt text) → the attachment id."""
        body, content_type = multipart({"description": picture.alt},  # type: ignore[attr-defined]
                                       {"file": ("afbeelding.jpg", picture.mime, picture.data)})  # type: ignore[attr-defined]
        data = request_json("POST", f"{self.base_url}/api/v2/media", raw=body, content_type=content_type,
                            headers={"Authorization": f"Bearer {self.token}"}, timeout=self.timeout)
        if not data.get("id"):
            raise PublishError("Mastodon gave no media id", retryable=True)
        return str(data["id"])

    def publish(self, request: PublishRequest) -> PublishResult:
        status: dict[str, object] = {"status": request.text, "visibility": "public", "language": "nl"}
        if request.picture is not None:
            status["media_ids"] = [self.upload(request.picture)]
        data = request_json(
            "POST", f"{self.base_url}/api/v1/statuses",
            body=status,
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": request.idempotency_key},
            timeout=self.timeout,
        )
        return PublishResult(remote_id=str(data.get("id", "")), remote_url=str(data.get("url") or ""))


def _positive(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default
