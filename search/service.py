"""The search service: the ONE entry point channels call (never the backends directly).

Contract::

    search_items(q, *, scope, filters=None, facets=None, limit=10, offset=0, channel="website", log=True)
        -> search.port.SearchResult

- ``scope`` is a :class:`kennisbank.selectors.Scope` (or its value). ``public`` never returns internal
  items (the port enforces it); ``operator`` returns live public and internal items. The ``editor``
  scope has no search index (drafts are not indexed): it is refused with ``InvalidQuery``.
- ``filters``: ``type``, ``theme`` (slug), ``life_event`` (slug), ``audience`` (code); facets: the
  same names. Invalid input raises :class:`search.port.InvalidQuery` naming the field.
- ``channel``: ``website``, ``api`` or ``operator``; stored in the query log with the normalised
  query text and the result count (no personal data). Pass ``log=False`` for type-as-you-go
  suggestions so only submitted searches are counted.
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
from typing import Any

from django.core.cache import cache

from kennisbank.vocabulary import Channel, Scope

from . import querylog
from .backends import get_backend
from .conf import search_settings
from .port import InvalidQuery, SearchBackend, SearchQuery, SearchResult
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
    )
    result = _search_cached(backend(), query)
    if log:
        querylog.log_query(q, channel=channel, scope=port_scope, result_count=result.total)
    return result


def _search_cached(engine: SearchBackend, query: SearchQuery) -> SearchResult:
    seconds = int(search_settings.RESULT_CACHE_SECONDS)
    version = engine.index_version() if seconds > 0 else None
    if version is None:
        return engine.search(query)
    filters = sorted((name, tuple(values) if isinstance(values, list | tuple) else values)
                     for name, values in query.filters.items())
    raw = repr((engine.name, version, query.scope, query.q, filters, query.facets, query.limit, query.offset))
    key = "kb-search:" + hashlib.sha256(raw.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = engine.search(query)
        cache.set(key, result, seconds)
    return result
