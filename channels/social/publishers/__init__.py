"""Network publishers. ``for_network(code)`` gives the configured publisher or None (export-only networks)."""

from __future__ import annotations

from typing import Any

from ..conf import social_settings
from .base import Publisher, PublishError, PublishRequest, PublishResult
from .bluesky import BlueskyPublisher
from .mastodon import IDEMPOTENCY_WINDOW as MASTODON_IDEMPOTENCY_WINDOW
from .mastodon import MastodonPublisher

__all__ = ["MASTODON_IDEMPOTENCY_WINDOW", "PublishError", "PublishRequest", "PublishResult", "Publisher",
           "configured_networks", "for_network"]


def _conf() -> dict[str, Any]:
    return social_settings.as_dict()


def for_network(code: str) -> Publisher | None:
    """A publisher for ``code`` built from settings (environment), or None when that account is not set up."""
    conf = _conf()
    timeout = float(conf.get("HTTP_TIMEOUT", 20))
    if code == "mastodon" and conf.get("MASTODON_URL") and conf.get("MASTODON_TOKEN"):
        return MastodonPublisher(conf["MASTODON_URL"], conf["MASTODON_TOKEN"], timeout=timeout)
    if code == "bluesky" and conf.get("BLUESKY_URL") and conf.get("BLUESKY_HANDLE") and conf.get(
            "BLUESKY_APP_PASSWORD"):
        return BlueskyPublisher(conf["BLUESKY_URL"], conf["BLUESKY_HANDLE"], conf["BLUESKY_APP_PASSWORD"],
                                timeout=timeout)
    return None


def configured_networks() -> set[str]:
    return {code for code in ("mastodon", "bluesky") if for_network(code) is not None}
