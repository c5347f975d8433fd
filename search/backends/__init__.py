"""Backend factory.

:func:`get_backend` picks Meilisearch when a URL is configured, else the embedded tantivy index.
Configuration, first match wins per value:

1. explicit arguments;
2. Django setting ``KENNISBANK_SEARCH`` (dict: ``MEILI_URL``, ``MEILI_MASTER_KEY``,
   ``MEILI_SEARCH_KEY``, ``MEILI_INDEX``, ``INDEX_DIR``), when Django settings are configured;
3. environment ``MEILI_URL``, ``MEILI_MASTER_KEY``, ``MEILI_SEARCH_KEY``, ``MEILI_INDEX``;
4. the embedded index at ``<data dir>/search-index`` (data dir: Django setting ``KENNISBANK_DATA_DIR``
   or ``DATA_DIR``, else env ``KENNISBANK_DATA_DIR``, else ``./var``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from search.port import SearchBackend
from search.settings import SearchSettings

__all__ = ["get_backend", "search_config"]


def _django_value(name: str, default: Any = None) -> Any:
    try:
        from django.conf import settings as django_settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        return default
    try:
        return getattr(django_settings, name, default)
    except ImproperlyConfigured:
        return default


def search_config() -> dict[str, Any]:
    """Effective configuration: Django ``KENNISBANK_SEARCH`` over the environment over defaults."""
    configured = _django_value("KENNISBANK_SEARCH", None) or {}
    data_dir = (
        _django_value("KENNISBANK_DATA_DIR", None)
        or _django_value("DATA_DIR", None)
        or os.environ.get("KENNISBANK_DATA_DIR")
        or "./var"
    )
    return {
        "MEILI_URL": configured.get("MEILI_URL") or os.environ.get("MEILI_URL") or None,
        "MEILI_MASTER_KEY": configured.get("MEILI_MASTER_KEY") or os.environ.get("MEILI_MASTER_KEY") or None,
        "MEILI_SEARCH_KEY": configured.get("MEILI_SEARCH_KEY") or os.environ.get("MEILI_SEARCH_KEY") or None,
        "MEILI_INDEX": configured.get("MEILI_INDEX") or os.environ.get("MEILI_INDEX") or "kennisbank",
        "INDEX_DIR": configured.get("INDEX_DIR") or str(Path(data_dir) / "search-index"),
    }


def get_backend(
    *,
    settings: SearchSettings | None = None,
    index_dir: str | os.PathLike[str] | None = None,
    meili_url: str | None = None,
    meili_key: str | None = None,
    meili_search_key: str | None = None,
    meili_index: str | None = None,
    kind: str | None = None,
) -> SearchBackend:
    """Return a backend. ``kind`` ("embedded" | "meilisearch") forces one; else MEILI_URL decides.

    ``settings`` is the SearchSettings used for queries (embedded) and pushed by
    ``apply_settings``/``rebuild``; omit it to use the stored ones (embedded) or the defaults.
    """
    config = search_config()
    url = meili_url or config["MEILI_URL"]
    chosen = kind or ("meilisearch" if url else "embedded")
    if chosen == "meilisearch":
        if not url:
            raise ValueError("meilisearch backend requested but MEILI_URL is not set")
        from search.backends.meilisearch import MeilisearchBackend

        return MeilisearchBackend(
            url,
            meili_key or config["MEILI_MASTER_KEY"],
            index_uid=meili_index or config["MEILI_INDEX"],
            settings=settings,
            search_key=meili_search_key or config["MEILI_SEARCH_KEY"],
        )
    if chosen != "embedded":
        raise ValueError(f"unknown search backend kind {chosen!r} (embedded or meilisearch)")
    from search.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(index_dir or config["INDEX_DIR"], settings=settings)
