"""Kennisbank search: one port (:mod:`search.port`), two backends (embedded tantivy, Meilisearch).

Import the public API from here::

    from search.port import SearchBackend, SearchQuery, SearchResult, Hit
    from search.settings import SearchSettings, default_settings
    from search.backends import get_backend
"""
