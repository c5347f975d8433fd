"""drf-spectacular hooks: the published schema documents our own API only (not Wagtail's admin API)."""

from __future__ import annotations

from typing import Any

PUBLIC_PREFIX = "/api/v1/"


def only_our_api(endpoints: list[tuple[str, str, str, Any]], **kwargs: Any) -> list[tuple[str, str, str, Any]]:
    """Keep endpoints under ``/api/v1/``."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]
