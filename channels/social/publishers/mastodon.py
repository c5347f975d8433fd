"""Mastodon: ``POST /api/v1/statuses`` with a bearer token and an ``Idempotency-Key``.

Mastodon returns the first status again for a repeated key (kept one hour), so a retry after a crash that
happened after the server accepted the post does not duplicate it.
"""

from __future__ import annotations

from .base import PublishRequest, PublishResult, request_json


class MastodonPublisher:
    network = "mastodon"

    def __init__(self, base_url: str, token: str, *, timeout: float = 20) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def publish(self, request: PublishRequest) -> PublishResult:
        data = request_json(
            "POST", f"{self.base_url}/api/v1/statuses",
            body={"status": request.text, "visibility": "public", "language": "nl"},
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": request.idempotency_key},
            timeout=self.timeout,
        )
        return PublishResult(remote_id=str(data.get("id", "")), remote_url=str(data.get("url") or ""))
