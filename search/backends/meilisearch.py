"""Meilisearch backend through the official ``meilisearch`` client (0.43).

- Settings: :meth:`SearchSettings.meilisearch_settings` is pushed with one ``update_settings`` call
  (searchable, filterable, facets, synonyms in mapping form, stop words, typo tolerance 5/9,
  ranking rules) and the task is awaited.
- Every write waits for its task and raises :class:`BackendUnavailable` if the task failed, so
  writes are synchronous like the embedded backend.
- Public scope adds ``visibility = "public"`` to the filter (and the port drops anything else).
  Public searches use a search-only API key: ``search_key`` / env ``MEILI_SEARCH_KEY``, or one
  created (once, found again by its description) through the keys API with the master key.
- ``rebuild`` fills a temporary index with the same settings, swaps it with the live one
  (``swap_indexes``, atomic for readers) and deletes the old one.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchError

from search.port import (
    MARK_END,
    MARK_START,
    BackendUnavailable,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResult,
    marked_to_html,
)
from search.settings import SearchSettings

TASK_TIMEOUT_MS = 120_000
BATCH_SIZE = 1000
CROP_WORDS = 30
SEARCH_KEY_DESCRIPTION = "kennisbank public search ({uid})"
RETRIEVE = ["id", "type", "title", "short_answer", "body", "url", "visibility"]


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
        timeout: int = 10,
    ) -> None:
        super().__init__(settings)
        self.url = url
        self.index_uid = index_uid
        self.client = meilisearch.Client(url, api_key, timeout=timeout)
        self._api_key = api_key
        self._search_key = search_key or os.environ.get("MEILI_SEARCH_KEY") or None
        self._search_client: meilisearch.Client | None = None
        self._timeout = timeout

    # -- helpers --------------------------------------------------------------------------
    @property
    def index(self) -> meilisearch.index.Index:
        return self.client.index(self.index_uid)

    def _wait(self, task_info: Any) -> Any:
        """Wait for a task; raise BackendUnavailable unless it succeeded."""
        try:
            task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        except MeilisearchError as exc:
            raise BackendUnavailable(f"meilisearch task {task_info.task_uid}: {exc}") from exc
        if task.status != "succeeded":
            raise BackendUnavailable(f"meilisearch task {task.uid} {task.type} {task.status}: {task.error}")
        return task

    def _call(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (MeilisearchApiError, MeilisearchCommunicationError) as exc:
            raise BackendUnavailable(f"meilisearch at {self.url}: {exc}") from exc

    def _ensure_index(self, uid: str) -> bool:
        """Create index ``uid`` (primary key ``id``) with our settings if missing; True if created."""
        try:
            self.client.get_raw_index(uid)
            return False
        except MeilisearchApiError as exc:
            if exc.code != "index_not_found":
                raise BackendUnavailable(f"meilisearch index {uid}: {exc}") from exc
        except MeilisearchCommunicationError as exc:
            raise BackendUnavailable(f"meilisearch at {self.url}: {exc}") from exc
        self._wait(self._call(self.client.create_index, uid, {"primaryKey": "id"}))
        self._wait(self._call(self.client.index(uid).update_settings, self.settings.meilisearch_settings()))
        return True

    def _add(self, uid: str, docs: list[dict[str, Any]]) -> None:
        index = self.client.index(uid)
        for start in range(0, len(docs), BATCH_SIZE):
            batch = docs[start : start + BATCH_SIZE]
            self._wait(self._call(index.add_documents, batch, primary_key="id"))

    def _client_for(self, public_only: bool) -> meilisearch.Client:
        if not public_only:
            return self.client
        if self._search_client is None:
            key = self._search_key or self._create_search_key()
            self._search_client = meilisearch.Client(self.url, key, timeout=self._timeout) if key else self.client
        return self._search_client

    def _create_search_key(self) -> str | None:
        """Find or create a search-only key for this index (needs the master key); None if not possible."""
        if not self._api_key:
            return None
        description = SEARCH_KEY_DESCRIPTION.format(uid=self.index_uid)
        try:
            for key in self.client.get_keys({"limit": 1000}).results:
                if key.description == description and key.actions == ["search"]:
                    return key.key
            created = self.client.create_key(
                {"description": description, "actions": ["search"], "indexes": [self.index_uid], "expiresAt": None}
            )
            return created.key
        except MeilisearchApiError:
            return None  # not a master key: fall back to the configured client

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
            self._wait(self._call(self.index.update_settings, settings.meilisearch_settings()))

    # -- reads ----------------------------------------------------------------------------
    def _missing_index(self, exc: MeilisearchApiError) -> bool:
        return exc.code == "index_not_found"

    def count(self) -> int:
        try:
            stats = self.index.get_stats()
        except MeilisearchApiError as exc:
            if self._missing_index(exc):
                return 0  # reads never create the index
            raise BackendUnavailable(f"meilisearch count: {exc}") from exc
        except MeilisearchCommunicationError as exc:
            raise BackendUnavailable(f"meilisearch at {self.url}: {exc}") from exc
        return int(stats.number_of_documents)

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            try:
                page = self.index.get_documents({"fields": ["id"], "limit": 1000, "offset": offset})
            except MeilisearchApiError as exc:
                if self._missing_index(exc):
                    return found
                raise BackendUnavailable(f"meilisearch ids: {exc}") from exc
            except MeilisearchCommunicationError as exc:
                raise BackendUnavailable(f"meilisearch at {self.url}: {exc}") from exc
            found.update(str(dict(doc)["id"]) for doc in page.results)
            offset += len(page.results)
            if not page.results or offset >= page.total:
                return found

    def health(self) -> dict[str, Any]:
        try:
            status = self.client.health()
            documents = self.count()
        except Exception as exc:  # noqa: BLE001 - health reports any failure
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
            "attributesToHighlight": ["title", "short_answer"],
            "attributesToCrop": ["body"],
            "cropLength": CROP_WORDS,
            "cropMarker": "…",
            "highlightPreTag": MARK_START,
            "highlightPostTag": MARK_END,
            "matchingStrategy": "last",
            "showRankingScore": True,
        }
        filters = self._filter(query, public_only)
        if filters:
            params["filter"] = filters
        if query.facets:
            params["facets"] = [fields[name] for name in query.facets]
        client = self._client_for(public_only)
        try:
            response = client.index(self.index_uid).search(query.q, params)
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found":
                return SearchResult(hits=[], total=0, facets={n: {} for n in query.facets}, processing_ms=0.0)
            raise BackendUnavailable(f"meilisearch search: {exc}") from exc
        except MeilisearchCommunicationError as exc:
            raise BackendUnavailable(f"meilisearch at {self.url}: {exc}") from exc
        hits = [self._hit(raw) for raw in response.get("hits", [])]
        distribution: Mapping[str, Mapping[str, int]] = response.get("facetDistribution") or {}
        facets = {name: dict(distribution.get(fields[name], {})) for name in query.facets}
        total = response.get("estimatedTotalHits", response.get("totalHits", len(hits)))
        return SearchResult(
            hits=hits,
            total=int(total),
            facets=facets,
            processing_ms=float(response.get("processingTimeMs", 0)),
        )

    @staticmethod
    def _hit(raw: Mapping[str, Any]) -> Hit:
        formatted = raw.get("_formatted") or {}
        highlights = {}
        for field_name in ("title", "short_answer", "body"):
            value = formatted.get(field_name)
            if isinstance(value, str) and MARK_START in value:
                highlights[field_name] = marked_to_html(value)
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
