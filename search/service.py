"""The search service: the ONE entry point channels call (never the backends directly).

Contract::

    search_items(q, *, scope, filters=None, facets=None, limit=10, offset=0, channel="website", log=True,
                 highlight="shown") -> search.port.SearchResult

- ``scope`` is a :class:`kennisbank.selectors.Scope` (or its value). ``public`` never returns internal
  items (the port enforces it); ``operator`` returns live public and internal items. Every result page is
  rechecked against the database (:func:`recheck`, one query): what the scope may no longer see is dropped,
  whatever the index or the result cache still says. An EMPTY index while the database has live items in the
  scope raises :class:`search.port.BackendUnavailable` (an outage: API 503, pages fall back), never "no results".
  The ``editor`` scope has no search index (drafts are not indexed): it is refused with ``InvalidQuery``.
- ``filters``: ``type``, ``theme`` (slug), ``life_event`` (slug), ``audience`` (code); facets: the
  same names. Invalid input raises :class:`search.port.InvalidQuery` naming the field.
- ``channel``: ``website``, ``api`` or ``operator``; stored in the query log with the normalised
  query text and the result count (no personal data). Pass ``log=False`` for type-as-you-go
  suggestions so only submitted searches are counted.
- ``mode``: ``"hybrid"`` (default: lexical and semantic fused, :mod:`search.fusion`), ``"lexical"`` (the keystroke
  ranking: words, typos, prefixes) or ``"semantic"``. Only the query is embedded here (cached per process); without
  an embedder, or when it fails, the search runs lexical (logged), never an error.
- ``highlight``: ``"shown"`` (default: title and short answer, the body snippet only when the short answer holds
  no match; what the website and the API show), ``"all"`` or ``"none"`` (see :class:`search.port.SearchQuery`).
- Results are cached in Django's cache for ``KENNISBANK_SEARCH["RESULT_CACHE_SECONDS"]`` (default 60, 0 = off)
  under the backend's :meth:`~search.port.SearchBackend.index_version` token and the whole query (scope
  included), so a write is visible to the next search in every process. Backends without a token
  (Meilisearch) are not cached. Every search is logged, cached or not.
- The backend comes from :func:`search.backends.get_backend` and is cached per process;
  :func:`reset_backend` drops it (tests; also done automatically when ``KENNISBANK_SEARCH`` changes
  through ``override_settings``).
- :func:`current_settings` builds the :class:`SearchSettings` with the editor-managed synonyms;
  :func:`push_settings` makes them active in the backend (all processes see them).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.core.cache import cache

from kennisbank.selectors import items, visible_external_ids
from kennisbank.textclean import clean_text
from kennisbank.vocabulary import Channel, Scope

from . import querylog
from .backends import get_backend
from .background import background_similarity
from .conf import search_settings
from .embedder import EmbedderUnavailable, get_embedder, query_vector
from .port import MAX_LIMIT, BackendUnavailable, Hit, InvalidQuery, SearchBackend, SearchQuery, SearchResult
from .settings import SearchSettings, default_settings
from .synonyms import synonym_groups

logger = logging.getLogger(__name__)

CHANNELS: tuple[str, ...] = tuple(Channel.values)
_SEARCHABLE_SCOPES = {Scope.PUBLIC: Scope.PUBLIC.value, Scope.OPERATOR: Scope.OPERATOR.value}

_backend: SearchBackend | None = None
_lock = threading.Lock()


def backend() -> SearchBackend:
    """The process-wide backend (created on first use from ``settings.KENNISBANK_SEARCH``)."""
    global _backend
    if _backend is None:
        with _lock:
            if _backend is None:
                _backend = get_backend()
    return _backend


def reset_backend() -> None:
    """Forget the cached backend; the next call builds a new one from the current settings."""
    global _backend
    with _lock:
        _backend = None


def reset_on_setting_change(setting: str, **kwargs: Any) -> None:
    """``setting_changed`` receiver (connected in ``SearchConfig.ready``): a new configuration, a new backend."""
    if setting in {"KENNISBANK_SEARCH", "KENNISBANK_DATA_DIR"}:
        search_settings.reload()
        reset_backend()


def current_settings() -> SearchSettings:
    """Kennisbank's search settings with the synonyms editors keep in the Synonym snippet."""
    return default_settings(synonyms=synonym_groups())


def push_settings(target: SearchBackend | None = None) -> SearchSettings:
    """Apply :func:`current_settings` to the backend (embedded: stored with the index; Meilisearch: pushed)."""
    settings = current_settings()
    (target or backend()).apply_settings(settings)
    return settings


def _port_scope(scope: Scope | str) -> str:
    try:
        return _SEARCHABLE_SCOPES[Scope(scope)]
    except (ValueError, KeyError):
        raise InvalidQuery(f"scope: {scope!r} cannot search (use {Scope.PUBLIC.value!r} or "
                           f"{Scope.OPERATOR.value!r})") from None


def search_items(
    q: str,
    *,
    scope: Scope | str,
    filters: Mapping[str, str | Sequence[str]] | None = None,
    facets: Iterable[str] | None = None,
    limit: int = 10,
    offset: int = 0,
    channel: str = Channel.WEBSITE.value,
    log: bool = True,
    highlight: str = "shown",
    mode: str = "hybrid",
) -> SearchResult:
    """Search the index for ``q`` in ``scope`` (see the module docstring for the contract)."""
    if channel not in CHANNELS:
        raise InvalidQuery(f"channel: {channel!r} is not one of {', '.join(CHANNELS)}")
    port_scope = _port_scope(scope)
    if isinstance(facets, str):
        facets = [facets]
    query = SearchQuery(
        q=q,
        scope=port_scope,  # type: ignore[arg-type]
        filters=dict(filters or {}),
        facets=tuple(facets or ()),
        limit=limit,
        offset=offset,
        highlight=highlight,
        mode=mode,
    )
    query = _with_query_vector(query)
    engine = backend()
    result = _search_cached(engine, query)
    result = recheck(engine, result.query or query, result, Scope(port_scope))  # result.query: as validated
    if result.total == 0 and engine.count() == 0 and items(Scope(port_scope)).exists():
        # A missing or recreated index is an outage, never a quiet "no results".
        raise BackendUnavailable(f"{engine.name}: the index is empty while the database has live items "
                                 "(repair: manage.py search_rebuild)")
    if log:
        low = bool(result.hits) and all(hit.matched == "semantic" for hit in result.hits)
        querylog.log_query(q, channel=channel, scope=port_scope, result_count=result.total, low_confidence=low)
    return result


def _with_query_vector(query: SearchQuery) -> SearchQuery:
    """Attach the query's vector for semantic and hybrid search; lexical when there is no embedder or it fails.

    Only the query is embedded in a request (cached per process, :func:`search.embedder.query_vector`).
    """
    if query.mode == "lexical" or not query.q.strip():
        return query
    embedder = get_embedder()
    if embedder is None:
        return replace(query, mode="lexical")
    try:
        vector = query_vector(embedder, clean_text(query.q.strip()))
        background = background_similarity(embedder, vector)
    except EmbedderUnavailable as exc:
        logger.warning("search: embedder unavailable, searching lexically: %s", exc)
        return replace(query, mode="lexical")
    floor = background + float(search_settings.SEMANTIC_MARGIN)
    return replace(query, vector=tuple(vector.tolist()), floor=round(floor, 4))


def nearest_items(q: str, *, scope: Scope | str = Scope.OPERATOR, limit: int = 3) -> list[tuple[Hit, float]]:
    """The ``limit`` live items nearest in meaning to ``q`` with their similarity, whether or not they pass the
    floor: what the insight page shows next to a search that found nothing. Empty without an embedder."""
    port_scope = _port_scope(scope)
    query = _with_query_vector(SearchQuery(q=q, scope=port_scope, limit=limit, mode="semantic",  # type: ignore[arg-type]
                                           highlight="none"))
    if query.vector is None:
        return []
    found = backend().nearest(query)
    visible = _visible_ids([hit.id for hit, _ in found], Scope(port_scope))
    return [(hit, sim) for hit, sim in found if hit.id in visible]


#: Hits scanned at most (in pages of the port's maximum) to fill a result page whose hits the database removed.
RECHECK_SCAN_LIMIT = 1000


def _visible_ids(ids: list[str], scope: Scope) -> set[str]:
    """The ids among ``ids`` that the scope may see according to the database (one query)."""
    return visible_external_ids(ids, scope)


def recheck(engine: SearchBackend, query: SearchQuery, result: SearchResult, scope: Scope) -> SearchResult:
    """Drop hits the scope may no longer see according to the DATABASE.

    The index lags behind the database (a task still queued, a worker stopped or killed, a failed commit), and
    cached results lag behind the index: an item turned internal, unpublished or deleted must never be shown
    because the index still has it. The common case costs one query per result page. When hits were dropped, the
    page is refilled from the following hits (scanning from the first hit, in pages of the port's maximum, one
    query each, at most :data:`RECHECK_SCAN_LIMIT` hits), so stale documents never leave a page empty while
    visible ones follow. ``total`` is lowered by what was dropped: exact when the scan reached the last hit, else
    an estimate (like Meilisearch's ``estimatedTotalHits``).
    """
    if not result.hits:
        return result
    visible = _visible_ids([hit.id for hit in result.hits], scope)
    if all(hit.id in visible for hit in result.hits):
        return result
    kept: list[Hit] = []
    dropped = 0
    scanned = 0
    want = query.offset + query.limit
    while len(kept) < want and scanned < min(result.total, RECHECK_SCAN_LIMIT):
        chunk = engine.search(replace(query, offset=scanned, limit=MAX_LIMIT, facets=()))
        if not chunk.hits:
            break
        ok = _visible_ids([hit.id for hit in chunk.hits], scope)
        kept += [hit for hit in chunk.hits if hit.id in ok]
        dropped += sum(1 for hit in chunk.hits if hit.id not in ok)
        scanned += len(chunk.hits)
    exhausted = scanned >= result.total
    total = len(kept) if exhausted else max(len(kept), result.total - dropped)
    logger.info("search: %d hit(s) no longer visible in scope %s dropped (index behind the database)", dropped,
                scope)
    return replace(result, hits=kept[query.offset:want], total=total)


def _search_cached(engine: SearchBackend, query: SearchQuery) -> SearchResult:
    seconds = int(search_settings.RESULT_CACHE_SECONDS)
    version = engine.index_version() if seconds > 0 else None
    if version is None:
        return engine.search(query)
    filters = sorted((name, tuple(values) if isinstance(values, list | tuple) else values)
                     for name, values in query.filters.items())
    raw = repr((engine.name, version, query.scope, query.q, filters, query.facets, query.limit, query.offset,
                query.highlight, query.mode if query.vector is not None else "lexical", query.floor))
    key = "kb-search:" + hashlib.sha256(raw.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = engine.search(query)
        cache.set(key, result, seconds)
    return result
