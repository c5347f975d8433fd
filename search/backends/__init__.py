"""Backend factory.

:func:`get_backend` picks Meilisearch when ``search_settings.MEILI_URL`` is set, else the embedded tantivy index at
``search_settings.INDEX_DIR``. Explicit arguments win over the settings (tests and benchmarks build backends on
their own directories and servers). Configuration comes from :mod:`search.conf` only.
"""

from __future__ import annotations

import os

from search.conf import search_settings
from search.port import SearchBackend
from search.settings import SearchSettings

__all__ = ["get_backend"]


def get_backend(
    *,
    settings: SearchSettings | None = None,
    index_dir: str | os.PathLike[str] | None = None,
    meili_url: str | None = None,
    meili_key: str | None = None,
    meili_search_key: str | None = None,
    meili_master_key: str | None = None,
    meili_index: str | None = None,
    timeout: float | None = None,
    kind: str | None = None,
) -> SearchBackend:
    """Return a backend. ``kind`` ("embedded" | "meilisearch") forces one; else ``MEILI_URL`` decides.

    ``settings`` is the SearchSettings used for queries (embedded) and pushed by ``apply_settings``/``rebuild``;
    omit it to use the stored ones (embedded) or the defaults. ``meili_key`` is the admin key for writes,
    ``meili_search_key`` the key for searches; with only ``meili_master_key`` both are looked up on the server.
    """
    url = meili_url or search_settings.MEILI_URL
    chosen = kind or ("meilisearch" if url else "embedded")
    if chosen == "meilisearch":
        if not url:
            raise ValueError("meilisearch backend requested but MEILI_URL is not set")
        from search.backends.meilisearch import MeilisearchBackend

        meili = MeilisearchBackend(
            url,
            meili_key or search_settings.MEILI_ADMIN_KEY or None,
            index_uid=meili_index or search_settings.MEILI_INDEX,
            settings=settings,
            search_key=meili_search_key or search_settings.MEILI_SEARCH_KEY or None,
            master_key=meili_master_key or search_settings.MEILI_MASTER_KEY or None,
            timeout=timeout if timeout is not None else search_settings.MEILI_TIMEOUT_SECONDS,
            dimensions=int(search_settings.EMBEDDER_DIMENSIONS),
        )
        meili.semantic_floor = float(search_settings.SEMANTIC_FLOOR)
        return meili
    if chosen != "embedded":
        raise ValueError(f"unknown search backend kind {chosen!r} (embedded or meilisearch)")
    from search.backends.embedded import EmbeddedBackend

    embedded = EmbeddedBackend(index_dir or search_settings.INDEX_DIR, settings=settings)
    embedded.semantic_floor = float(search_settings.SEMANTIC_FLOOR)
    return embedded
