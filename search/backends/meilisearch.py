"""Meilisearch backend through the official ``meilisearch`` client (0.43).

- Settings: :meth:`SearchSettings.meilisearch_settings` is pushed with one ``update_settings`` call
  (searchable, filterable, facets, synonyms in mapping form, stop words, typo tolerance 5/9,
  ranking rules) and the task is awaited.
- Every write waits for its task and raises :class:`BackendUnavailable` if the task failed, so
  writes are synchronous like the embedded backend.
- Public scope adds ``visibility = "public"`` to the filter (and the port drops anything else).
- Keys: writes use the admin key (``MEILI_ADMIN_KEY``: Meilisearch's "Default Admin API Key"), searches the
  search key (``MEILI_SEARCH_KEY``: "Default Search API Key"). The master key is never used for runtime calls:
  given only ``MEILI_MASTER_KEY``, both keys are looked up once with ``GET /keys`` (by their default names, else
  by their actions). Without any key (a server started without a master key) calls go unauthenticated.
- Every failure (connection refused, timeout, HTTP 5xx, an error body, a response of the wrong shape) is raised
  as :class:`BackendUnavailable`; a missing index reads as empty (reads never create it).
- ``rebuild`` fills a temporary index with the same settings, swaps it with the live one
  (``swap_indexes``, atomic for readers) and deletes the old one.
- Needs Meilisearch ≥ 1.3 (``showRankingScore``; ``POST /documents/fetch`` and ``delete-batch`` are older). Tested
  in CI against ``tests/search/meili_imitation.py``, an HTTP imitation of the calls below, and against a real
  server when ``MEILI_URL`` is set.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

import meilisearch
import requests
from meilisearch.errors import MeilisearchApiError, MeilisearchError

from search.port import (
    MARK_END,
    MARK_START,
    VECTOR_FIELDS,
    BackendUnavailable,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResult,
    keep_shown,
    marked_to_html,
)
from search.settings import SearchSettings

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: The oldest Meilisearch the adapter's calls work with (``showRankingScore`` came in 1.3).
MIN_VERSION = "1.3"

TASK_TIMEOUT_MS = 120_000
BATCH_SIZE = 1000
CROP_WORDS = 30
DEFAULT_KEY_NAMES = {"search": "Default Search API Key", "admin": "Default Admin API Key"}
#: Name of the user-provided embedder that holds our passage vectors.
EMBEDDER = "kennisbank"
RETRIEVE = ["id", "type", "title", "short_answer", "body", "url", "visibility"]
#: Fields highlighted in results; ``body`` is cropped too (``attributesToCrop`` alone would crop WITHOUT marks).
HIGHLIGHT = ["title", "short_answer", "body"]
#: What a failing call can raise: the client's errors, requests' errors, and a response of the wrong shape.
FAILURES = (MeilisearchError, requests.RequestException, KeyError, TypeError, ValueError, AttributeError)


def _result_ids(page: Any) -> list[str]:
    return [str(dict(doc)["id"]) for doc in page.results]


def _quote(value: str) -> str:
    """A Meilisearch filter string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class MeilisearchBackend(SearchBackend):
    """Search backend on a Meilisearch server (``url``, master/admin ``api_key``, index ``index_uid``)."""

    name = "meilisearch"

    def __init__(
        self,
        url: str,
        api_key: str | None = None,
        index_uid: str = "kennisbank",
        settings: SearchSettings | None = None,
        search_key: str | None = None,
        timeout: float = 2.0,
        master_key: str | None = None,
        dimensions: int = 384,
    ) -> None:
        super().__init__(settings)
        self.dimensions = dimensions
        self.url = url.rstrip("/")
        self.index_uid = index_uid
        self._admin_key = api_key
        self._search_key = search_key
        self._master_key = master_key
        self._timeout = timeout
        self._client: meilisearch.Client | None = None
        self._search_client: meilisearch.Client | None = None

    # -- clients and keys --------------------------------------------------------------------
    def _lookup_keys(self) -> None:
        """Find the default admin and search keys with the master key (``GET /keys``), once."""
        if not self._master_key or (self._admin_key and self._search_key):
            return
        master = meilisearch.Client(self.url, self._master_key, timeout=self._timeout)  # type: ignore[arg-type]
        keys = self._call(master.get_keys, {"limit": 1000}).results
        wanted = {"admin": self._admin_key, "search": self._search_key}
        for role in ("admin", "search"):
            if wanted[role]:
                continue
            by_name = [k for k in keys if getattr(k, "name", None) == DEFAULT_KEY_NAMES[role]]
            by_actions = [k for k in keys if (k.actions == ["search"]) == (role == "search") and
                          ("*" in k.actions or role == "search") and "*" in (k.indexes or [])]
            found = (by_name or by_actions or [None])[0]  # type: ignore[list-item]
            if found is None:
                raise BackendUnavailable(f"meilisearch at {self.url}: no {DEFAULT_KEY_NAMES[role]!r} found with the "
                                         "master key; set MEILI_ADMIN_KEY and MEILI_SEARCH_KEY")
            wanted[role] = found.key
        self._admin_key, self._search_key = wanted["admin"], wanted["search"]

    @property
    def client(self) -> meilisearch.Client:
        """The admin client (writes, settings, tasks); writes may wait ten times the search timeout."""
        if self._client is None:
            self._lookup_keys()
            self._client = meilisearch.Client(self.url, self._admin_key, timeout=self._timeout * 10)  # type: ignore[arg-type]
        return self._client

    @property
    def search_client(self) -> meilisearch.Client:
        """The client for searches (search key, the short timeout)."""
        if self._search_client is None:
            self._lookup_keys()
            self._search_client = meilisearch.Client(self.url, self._search_key or self._admin_key,
                                                     timeout=self._timeout)  # type: ignore[arg-type]
        return self._search_client

    # -- helpers --------------------------------------------------------------------------
    @property
    def index(self) -> meilisearch.index.Index:
        return self.client.index(self.index_uid)

    def _wait(self, task_info: Any) -> Any:
        """Wait for a task; raise BackendUnavailable unless it succeeded."""
        try:
            task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        except FAILURES as exc:
            raise BackendUnavailable(f"meilisearch task {task_info.task_uid}: {exc}") from exc
        if task.status != "succeeded":
            raise BackendUnavailable(f"meilisearch task {task.uid} {task.type} {task.status}: {task.error}")
        return task

    def _call(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one client call; every failure becomes :class:`BackendUnavailable` naming the server."""
        try:
            return func(*args, **kwargs)
        except FAILURES as exc:
            raise BackendUnavailable(f"meilisearch at {self.url}: {type(exc).__name__}: {exc}") from exc

    def _read(self, func: Callable[..., T], *args: Any, missing: T, **kwargs: Any) -> T:
        """Like :meth:`_call`, but a missing index gives ``missing`` (reads never create the index)."""
        try:
            return func(*args, **kwargs)
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                return missing
            raise BackendUnavailable(f"meilisearch at {self.url}: {exc}") from exc
        except FAILURES as exc:
            raise BackendUnavailable(f"meilisearch at {self.url}: {type(exc).__name__}: {exc}") from exc

    def _ensure_index(self, uid: str) -> bool:
        """Create index ``uid`` (primary key ``id``) with our settings if missing; True if created."""
        if self._read(self.client.get_raw_index, uid, missing=None) is not None:
            return False
        self._wait(self._call(self.client.create_index, uid, {"primaryKey": "id"}))
        self._wait(self._call(self.client.index(uid).update_settings, self._settings_body(self.settings)))
        return True

    def _settings_body(self, settings: SearchSettings) -> dict[str, Any]:
        """Our settings plus the user-provided embedder that holds the passage vectors (``_vectors``)."""
        return {**settings.meilisearch_settings(),
                "embedders": {EMBEDDER: {"source": "userProvided", "dimensions": self.dimensions}}}

    @staticmethod
    def _document(doc: dict[str, Any]) -> dict[str, Any]:
        """A search document as Meilisearch stores it: vectors under ``_vectors`` (one per passage), or null."""
        out = {k: v for k, v in doc.items() if k not in VECTOR_FIELDS}
        vectors = doc.get("vectors")
        if vectors is None or len(vectors) == 0:
            out["_vectors"] = {EMBEDDER: None}
        else:
            rows = vectors.tolist() if hasattr(vectors, "tolist") else vectors
            out["_vectors"] = {EMBEDDER: {"embeddings": rows, "regenerate": False}}
        return out

    def _add(self, uid: str, docs: list[dict[str, Any]]) -> None:
        index = self.client.index(uid)
        for start in range(0, len(docs), BATCH_SIZE):
            batch = [self._document(doc) for doc in docs[start : start + BATCH_SIZE]]
            self._wait(self._call(index.add_documents, batch, primary_key="id"))

    # -- writes ---------------------------------------------------------------------------
    def _upsert(self, docs: list[dict[str, Any]]) -> None:
        self._ensure_index(self.index_uid)
        self._add(self.index_uid, docs)

    def _delete(self, ids: list[str]) -> None:
        self._ensure_index(self.index_uid)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # ids form is deprecated in the client
            for start in range(0, len(ids), BATCH_SIZE):
                self._wait(self._call(self.index.delete_documents, ids[start : start + BATCH_SIZE]))

    def _rebuild(self, docs: list[dict[str, Any]]) -> int:
        temp_uid = f"{self.index_uid}__rebuild_{time.time_ns()}"
        self._ensure_index(temp_uid)
        try:
            self._add(temp_uid, docs)
            self._ensure_index(self.index_uid)
            self._wait(self._call(self.client.swap_indexes, [{"indexes": [self.index_uid, temp_uid]}]))
        finally:
            # After the swap temp_uid holds the old documents; on failure it holds the partial build.
            self._wait(self._call(self.client.delete_index, temp_uid))
        return len(docs)

    def _apply_settings(self, settings: SearchSettings) -> None:
        self.settings = settings
        if not self._ensure_index(self.index_uid):  # a new index already got these settings
            self._wait(self._call(self.index.update_settings, self._settings_body(settings)))

    # -- reads ----------------------------------------------------------------------------
    def _count(self) -> int:
        stats = self._read(self.index.get_stats, missing=None)
        return 0 if stats is None else int(self._call(lambda: stats.number_of_documents))

    def _ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            page = self._read(self.index.get_documents, {"fields": ["id"], "limit": 1000, "offset": offset},
                              missing=None)
            if page is None:
                return found
            found.update(self._call(_result_ids, page))
            offset += len(page.results)
            if not page.results or offset >= page.total:
                return found

    def health(self) -> dict[str, Any]:
        try:
            status = self._call(self.client.health)
            documents = self.count()
        except BackendUnavailable as exc:
            return {"backend": self.name, "ok": False, "error": str(exc), "url": self.url}
        return {
            "backend": self.name,
            "ok": status.get("status") == "available",
            "documents": documents,
            "url": self.url,
            "index": self.index_uid,
            "settings": self.settings.fingerprint(),
        }

    def _filter(self, query: SearchQuery, public_only: bool) -> list[str | list[str]]:
        fields = self.settings.facet_fields
        clauses: list[str | list[str]] = []
        if public_only:
            clauses.append(f"visibility = {_quote('public')}")
        for name, values in query.filters.items():
            field_name = fields[name]
            clauses.append([f"{field_name} = {_quote(v)}" for v in values])  # inner list = OR
        return clauses

    def _search(self, query: SearchQuery, *, public_only: bool) -> SearchResult:
        fields = self.settings.facet_fields
        params: dict[str, Any] = {
            "offset": query.offset,
            "limit": query.limit,
            "attributesToRetrieve": RETRIEVE,
            "matchingStrategy": "last",
            "showRankingScore": True,
        }
        if query.highlight != "none":
            params.update({
                "attributesToHighlight": HIGHLIGHT,
                "attributesToCrop": ["body"],
                "cropLength": CROP_WORDS,
                "cropMarker": "…",
                "highlightPreTag": MARK_START,
                "highlightPostTag": MARK_END,
            })
        filters = self._filter(query, public_only)
        if filters:
            params["filter"] = filters
        if query.facets:
            params["facets"] = [fields[name] for name in query.facets]
        client = self.search_client
        response = self._read(client.index(self.index_uid).search, query.q, params, missing=None)
        if response is None:
            return SearchResult(hits=[], total=0, facets={n: {} for n in query.facets}, processing_ms=0.0)
        return self._call(self._result, response, query)

    def _semantic(self, query: SearchQuery, vector: Any, *, public_only: bool, limit: int
                  ) -> list[tuple[Hit, float]]:
        """Nearest documents by meaning: a ``hybrid`` search with ``semanticRatio`` 1 and our query ``vector``.

        The similarity is read from ``_rankingScoreDetails.vectorSort.similarity`` (the best passage of the
        document), falling back to ``_rankingScore``.
        """
        params: dict[str, Any] = {
            "limit": limit,
            "attributesToRetrieve": RETRIEVE,
            "vector": [float(x) for x in vector],
            "hybrid": {"embedder": EMBEDDER, "semanticRatio": 1.0},
            "showRankingScore": True,
            "showRankingScoreDetails": True,
        }
        filters = self._filter(query, public_only)
        if filters:
            params["filter"] = filters
        client = self.search_client
        response = self._read(client.index(self.index_uid).search, query.q, params, missing=None)
        if response is None:
            return []
        return self._call(self._semantic_hits, response, query)

    def _semantic_hits(self, response: Mapping[str, Any], query: SearchQuery) -> list[tuple[Hit, float]]:
        out = []
        for raw in response["hits"]:
            details = raw.get("_rankingScoreDetails") or {}
            similarity = (details.get("vectorSort") or {}).get("similarity")
            sim = float(similarity if similarity is not None else raw.get("_rankingScore", 0.0))
            out.append((replace(self._hit(raw, "none"), score=sim), sim))
        return out

    def _result(self, response: Mapping[str, Any], query: SearchQuery) -> SearchResult:
        """Parse a search response (a wrong shape raises KeyError/TypeError/ValueError, mapped by the caller)."""
        fields = self.settings.facet_fields
        raw_hits = response["hits"]
        if not isinstance(raw_hits, list):
            raise TypeError("'hits' is not a list")
        hits = [self._hit(raw, query.highlight) for raw in raw_hits]
        distribution: Mapping[str, Mapping[str, int]] = response.get("facetDistribution") or {}
        facets = {name: {str(k): int(v) for k, v in dict(distribution.get(fields[name], {})).items()}
                  for name in query.facets}
        total = response.get("estimatedTotalHits", response.get("totalHits", len(hits)))
        return SearchResult(
            hits=hits,
            total=int(total),
            facets=facets,
            processing_ms=float(response.get("processingTimeMs", 0)),
        )

    @staticmethod
    def _hit(raw: Mapping[str, Any], highlight: str = "all") -> Hit:
        formatted = raw.get("_formatted") or {}
        highlights = {}
        for field_name in ("title", "short_answer", "body"):
            value = formatted.get(field_name)
            if isinstance(value, str) and MARK_START in value:
                highlights[field_name] = marked_to_html(value)
        highlights = keep_shown(highlights, highlight)
        return Hit(
            id=str(raw["id"]),
            type=raw.get("type", ""),
            title=raw.get("title", ""),
            short_answer=raw.get("short_answer", ""),
            url=raw.get("url", ""),
            visibility=raw.get("visibility", ""),
            highlights=highlights,
            score=float(raw.get("_rankingScore", 0.0)),
        )
