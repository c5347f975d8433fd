"""The search port: value objects and the :class:`SearchBackend` base class.

Every backend subclasses :class:`SearchBackend` and implements the ``_``-prefixed hooks. The public
methods here validate input and hold the rules that must not depend on a backend:

- documents are validated once (:func:`validate_document`, clear :class:`DocumentError` naming the
  document id and field);
- scope ``public`` NEVER returns ``visibility == "internal"`` documents: the base class asks the
  backend for public documents only and then drops (and logs) anything else a backend returns, so a
  backend bug cannot leak internal items. Facet counts come from the backend's filtered query;
- highlight snippets are HTML-safe: the text is escaped and only ``<em>…</em>`` is markup;
- every backend failure (connection refused, timeout, HTTP 5xx, a bad response, a damaged index) leaves the port
  as ONE error, :class:`BackendUnavailable` (logged with its cause); callers degrade on it (the API answers 503,
  pages fall back to a database search, indexing tasks retry). Bad input stays :class:`InvalidQuery` /
  :class:`DocumentError`.

Documents are plain dicts (one per content item), see :data:`DOCUMENT_FIELDS`.
"""

from __future__ import annotations

import html
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from kennisbank.textclean import clean_text
from kennisbank.vocabulary import SEARCH_SCOPES, AudienceCode, ItemType, Scope, Visibility
from search.settings import SearchSettings, default_settings

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: The scopes a search can run in (``kennisbank.vocabulary.Scope`` minus ``editor``: drafts are not indexed).
SearchScope = Literal["public", "operator"]
SCOPES: tuple[str, ...] = SEARCH_SCOPES
DOC_TYPES: tuple[str, ...] = tuple(ItemType.values)
VISIBILITIES: tuple[str, ...] = tuple(Visibility.values)
AUDIENCES: tuple[str, ...] = tuple(AudienceCode.values)
MAX_LIMIT = 100
#: ``SearchQuery.highlight`` values (see there).
HIGHLIGHT_MODES: tuple[str, ...] = ("all", "shown", "none")
MAX_WINDOW = 10_000  # offset + limit, like Meilisearch's default maxTotalHits

#: Document keys: name → kind ("str", "list" or "id").
DOCUMENT_FIELDS: dict[str, str] = {
    "id": "id",
    "type": "str",
    "title": "str",
    "short_answer": "str",
    "body": "str",
    "keywords": "list",
    "themes": "list",
    "theme_slugs": "list",
    "life_events": "list",
    "life_event_slugs": "list",
    "audience": "list",
    "visibility": "str",
    "url": "str",
    "updated_at": "str",
    "owner": "str",
    "sections": "list",
    "vectors": "vectors",
    "vector_model": "str",
}
#: Fields that are never shown or searched as text: the passage vectors (see :mod:`search.embedder`).
VECTOR_FIELDS: tuple[str, ...] = ("vectors", "vector_model")
#: Most passage vectors one document may carry.
MAX_VECTORS = 64
#: ``SearchQuery.mode`` values: lexical only, semantic only, or both fused (see :mod:`search.fusion`).
SEARCH_MODES: tuple[str, ...] = ("lexical", "semantic", "hybrid")
REQUIRED_FIELDS: tuple[str, ...] = ("id", "type", "title", "visibility")
#: Document ids: what both Meilisearch and the embedded index accept.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,511}$")

#: Markers backends put around highlighted words; :func:`marked_to_html` turns them into <em>.
MARK_START = "\ue000"
MARK_END = "\ue001"


class SearchError(Exception):
    """Base class for search errors."""


class DocumentError(SearchError, ValueError):
    """A document handed to the index is invalid (message names the id and the field)."""


class InvalidQuery(SearchError, ValueError):
    """A :class:`SearchQuery` has an invalid field (message names it)."""


class BackendUnavailable(SearchError):
    """The backend cannot be reached, timed out, failed, or answered something unusable."""


def _guarded(operation: str, backend: str, func: Callable[[], T]) -> T:
    """Run a backend hook; anything but our own errors becomes :class:`BackendUnavailable` (cause logged)."""
    try:
        return func()
    except SearchError:
        raise
    except Exception as exc:  # noqa: BLE001 - the port's contract: one error for every backend failure
        logger.warning("search backend %s: %s failed: %s: %s", backend, operation, type(exc).__name__, exc)
        raise BackendUnavailable(f"{backend}: {operation} failed: {type(exc).__name__}: {exc}") from exc
    except BaseException as exc:
        # A Rust panic inside tantivy surfaces as pyo3's PanicException, a BaseException: the same outage.
        if type(exc).__name__ != "PanicException":
            raise
        logger.error("search backend %s: %s panicked: %s", backend, operation, exc)
        raise BackendUnavailable(f"{backend}: {operation} failed: panic: {exc}") from exc


@dataclass(frozen=True)
class SearchQuery:
    """What to search.

    - ``q``: the text as typed; the last word is a prefix unless ``q`` ends with whitespace.
      Empty ``q`` lists all documents matching the filters (placeholder search).
    - ``scope``: ``"public"`` (website, app, API: public documents only) or ``"operator"``.
    - ``filters``: facet name → value or list of values (OR within a facet, AND across facets).
      Names: ``type``, ``theme`` (slug), ``life_event`` (slug), ``audience`` (code), and in
      operator scope ``visibility``.
    - ``facets``: facet names to count in :attr:`SearchResult.facets`.
    - ``highlight``: which snippets each hit gets (:data:`HIGHLIGHT_MODES`): ``"all"`` (title, short answer and a
      cropped body, whatever matched), ``"shown"`` (title and short answer; the body only when the short answer holds
      no match: the snippet the website and the API show in its place) or ``"none"``. Highlighting is most
      of a search's cost, so callers ask only for what they show.
    - ``mode``: ``"lexical"`` (words, typos, prefixes: the keystroke ranking), ``"semantic"`` (nearest passages by
      meaning) or ``"hybrid"`` (both fused, :mod:`search.fusion`). Semantic and hybrid need ``vector``, the query's
      unit vector from the embedder the index was built with; without it they run lexical. ``floor`` is the
      similarity a semantic hit needs for this query (the service sets it from the out-of-scope anchors,
      :mod:`search.background`); None uses the backend's ``semantic_floor``.
    """

    q: str = ""
    scope: SearchScope = "public"
    filters: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    facets: Sequence[str] = ()
    limit: int = 20
    offset: int = 0
    highlight: str = "all"
    mode: str = "lexical"
    vector: tuple[float, ...] | None = field(default=None, repr=False, compare=False)
    floor: float | None = None

    def validated(self, settings: SearchSettings) -> SearchQuery:
        """Return a normalised copy (filters as tuples, facets as a tuple) or raise InvalidQuery."""
        if not isinstance(self.q, str):
            raise InvalidQuery("q: must be a string")
        if len(self.q) > 500:
            raise InvalidQuery("q: longer than 500 characters")
        q = clean_text(self.q)  # NUL, control characters and lone surrogates are never searched or stored
        if self.scope not in SCOPES:
            raise InvalidQuery(f"scope: {self.scope!r} is not one of {', '.join(SCOPES)}")
        if not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidQuery(f"limit: must be an integer from 1 to {MAX_LIMIT}")
        if not isinstance(self.offset, int) or self.offset < 0:
            raise InvalidQuery("offset: must be an integer >= 0")
        if self.highlight not in HIGHLIGHT_MODES:
            raise InvalidQuery(f"highlight: {self.highlight!r} is not one of {', '.join(HIGHLIGHT_MODES)}")
        if self.mode not in SEARCH_MODES:
            raise InvalidQuery(f"mode: {self.mode!r} is not one of {', '.join(SEARCH_MODES)}")
        if self.offset + self.limit > MAX_WINDOW:
            raise InvalidQuery(f"offset: offset + limit may not exceed {MAX_WINDOW}")
        known = settings.facet_fields
        allowed = set(known) if self.scope == Scope.OPERATOR.value else set(known) - {"visibility"}
        filters: dict[str, tuple[str, ...]] = {}
        for name, value in dict(self.filters or {}).items():
            if name not in allowed:
                raise InvalidQuery(f"filters: unknown filter {name!r} (allowed: {', '.join(sorted(allowed))})")
            values = (value,) if isinstance(value, str) else tuple(value)
            if not values or not all(isinstance(v, str) and v for v in values):
                raise InvalidQuery(f"filters[{name}]: give a non-empty string or list of strings")
            filters[name] = values
        facets = tuple(dict.fromkeys(self.facets or ()))
        for name in facets:
            if name not in allowed:
                raise InvalidQuery(f"facets: unknown facet {name!r} (allowed: {', '.join(sorted(allowed))})")
        return replace(self, q=q, filters=filters, facets=facets)


@dataclass(frozen=True)
class Hit:
    """One result. ``highlights`` maps field (title, short_answer, body) → HTML-safe snippet with
    ``<em>`` around matched words; a field is present only if it has a match. ``score`` orders hits
    within one result and is not comparable across backends."""

    id: str
    type: str
    title: str
    short_answer: str
    url: str
    visibility: str
    highlights: dict[str, str] = field(default_factory=dict)
    score: float = 0.0
    #: How the hit was found: ``lexical`` (its words), ``semantic`` (its meaning only) or ``both``.
    matched: str = "lexical"
    #: Language of the answer (the catalogue is Dutch); shown when the question was in another language.
    language: str = "nl"


@dataclass(frozen=True)
class SearchResult:
    """Hits for one page, total matches, facet counts (facet → {value: count}), time spent.

    ``degraded`` is True for a fallback result (the search backend was unavailable; see :mod:`search.fallback`).
    """

    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    processing_ms: float
    query: SearchQuery | None = None
    backend: str = ""
    degraded: bool = False


def keep_shown(highlights: dict[str, str], mode: str) -> dict[str, str]:
    """Apply a highlight mode to a hit's snippets (for backends that compute all three anyway)."""
    if mode == "none":
        return {}
    if mode == "shown" and "short_answer" in highlights:
        return {k: v for k, v in highlights.items() if k != "body"}
    return highlights


def marked_to_html(marked: str) -> str:
    """Escape ``marked`` for HTML and turn the MARK_START/MARK_END markers into ``<em>``/``</em>``."""
    escaped = html.escape(marked, quote=False)
    return escaped.replace(MARK_START, "<em>").replace(MARK_END, "</em>")


def validate_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return a clean copy of ``doc`` with every key of :data:`DOCUMENT_FIELDS`, or raise DocumentError.

    Missing optional strings become ``""``, missing lists ``[]``; unknown keys are dropped.
    """
    if not isinstance(doc, Mapping):
        raise DocumentError(f"document: expected a dict, got {type(doc).__name__}")
    doc_id = doc.get("id")
    label = f"document {doc_id!r}"
    for key in REQUIRED_FIELDS:
        if not doc.get(key):
            raise DocumentError(f"{label}: field {key!r} is required")
    clean: dict[str, Any] = {}
    for key, kind in DOCUMENT_FIELDS.items():
        value = doc.get(key)
        if kind == "vectors":
            clean[key] = _validated_vectors(label, value)
            continue
        if kind == "list":
            value = [] if value is None else value
            if isinstance(value, str) or not isinstance(value, Iterable):
                raise DocumentError(f"{label}: field {key!r} must be a list of strings")
            value = [str(v) for v in value if v is not None and str(v) != ""]
        else:
            value = "" if value is None else value
            if not isinstance(value, str):
                raise DocumentError(f"{label}: field {key!r} must be a string")
        clean[key] = value
    if not ID_PATTERN.match(clean["id"]):
        raise DocumentError(f"{label}: field 'id' may only hold letters, digits, '-' and '_' (max 511 characters)")
    if clean["type"] not in DOC_TYPES:
        raise DocumentError(f"{label}: field 'type' must be one of {', '.join(DOC_TYPES)}")
    if clean["visibility"] not in VISIBILITIES:
        raise DocumentError(f"{label}: field 'visibility' must be one of {', '.join(VISIBILITIES)}")
    bad = [a for a in clean["audience"] if a not in AUDIENCES]
    if bad:
        raise DocumentError(f"{label}: field 'audience' has unknown code(s) {', '.join(bad)}")
    return clean


def _validated_vectors(label: str, value: Any) -> Any:
    """Passage vectors as a float32 matrix (rows of one length, finite, at most :data:`MAX_VECTORS` rows).

    Kept as numpy (never lists of Python floats: a rebuild holds every document's vectors).
    """
    import numpy as np

    if value is None or (not isinstance(value, np.ndarray) and not value):
        return np.zeros((0, 0), dtype=np.float32)
    try:
        matrix = np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError):
        raise DocumentError(f"{label}: field 'vectors' must be a list of lists of numbers") from None
    if matrix.ndim != 2 or (matrix.size and not matrix.shape[1]):
        raise DocumentError(f"{label}: field 'vectors' must hold vectors of one non-zero length")
    if matrix.shape[0] > MAX_VECTORS:
        raise DocumentError(f"{label}: field 'vectors' holds {matrix.shape[0]} vectors (at most {MAX_VECTORS})")
    if not np.all(np.isfinite(matrix)):
        raise DocumentError(f"{label}: field 'vectors' holds NaN or infinity")
    return matrix


def validate_documents(docs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Validate all documents; the last document wins when an id repeats."""
    by_id: dict[str, dict[str, Any]] = {}
    for doc in docs:
        clean = validate_document(doc)
        by_id.pop(clean["id"], None)
        by_id[clean["id"]] = clean
    return list(by_id.values())


def validate_ids(ids: Iterable[str]) -> list[str]:
    """Validate document ids for delete."""
    out = []
    for doc_id in ids:
        if not isinstance(doc_id, str) or not ID_PATTERN.match(doc_id):
            raise DocumentError(f"id {doc_id!r}: not a valid document id")
        out.append(doc_id)
    return list(dict.fromkeys(out))


class SearchBackend(ABC):
    """Port every search backend implements. Subclasses implement the ``_`` hooks.

    Writes (:meth:`upsert`, :meth:`delete`, :meth:`rebuild`) are synchronous: when they return, a
    following :meth:`search` in any process sees the change.
    """

    name: str = "abstract"

    def __init__(self, settings: SearchSettings | None = None) -> None:
        self.settings = settings or default_settings()

    # -- writes ---------------------------------------------------------------------------
    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Add or replace documents (by ``id``). Returns how many were written."""
        clean = validate_documents(docs)
        if not clean:
            return 0
        _guarded("upsert", self.name, lambda: self._upsert(clean))
        return len(clean)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id (unknown ids are ignored). Returns how many ids were sent."""
        clean = validate_ids(ids)
        if not clean:
            return 0
        _guarded("delete", self.name, lambda: self._delete(clean))
        return len(clean)

    def sync(self, docs: Iterable[Mapping[str, Any]], delete_ids: Iterable[str]) -> tuple[int, int]:
        """Upsert ``docs`` and delete ``delete_ids`` in one write (an id in both is upserted, not deleted).

        The embedded backend does it with one writer and one commit; others may send two requests. Returns
        ``(upserted, deleted)`` counts of what was sent. Used by the coalesced index tasks.
        """
        clean = validate_documents(docs)
        kept = {doc["id"] for doc in clean}
        gone = [doc_id for doc_id in validate_ids(delete_ids) if doc_id not in kept]
        if clean or gone:
            _guarded("sync", self.name, lambda: self._sync(clean, gone))
        return len(clean), len(gone)

    def rebuild(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Replace the whole index with ``docs`` atomically (build aside, then swap).

        Readers see the old index until the swap and the complete new one after. All documents
        are validated before anything is written. Returns the number of documents indexed.
        """
        clean = validate_documents(docs)
        return _guarded("rebuild", self.name, lambda: self._rebuild(clean))

    def apply_settings(self, settings: SearchSettings) -> None:
        """Make ``settings`` the active configuration (pushed to the server / stored with the index)."""
        _guarded("apply_settings", self.name, lambda: self._apply_settings(settings))
        self.settings = settings

    # -- reads ----------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        """Run ``query``. Scope ``public`` never returns internal documents (enforced here)."""
        query = query.validated(self.settings)
        public_only = query.scope == Scope.PUBLIC.value
        if query.mode != "lexical" and query.vector is not None and query.q.strip():
            result = self._search_semantic(query, public_only=public_only)
        else:
            result = _guarded("search", self.name, lambda: self._search(query, public_only=public_only))
        if public_only:
            safe = [h for h in result.hits if h.visibility == Visibility.PUBLIC]
            if len(safe) != len(result.hits):
                leaked = [h.id for h in result.hits if h.visibility != Visibility.PUBLIC]
                logger.error("search backend %s returned non-public hits in public scope: %s", self.name, leaked)
                result = replace(result, hits=safe, total=max(0, result.total - len(leaked)))
            if "visibility" in result.facets:
                result = replace(result, facets={k: v for k, v in result.facets.items() if k != "visibility"})
        return replace(result, query=query, backend=self.name)

    def _search_semantic(self, query: SearchQuery, *, public_only: bool) -> SearchResult:
        """Semantic or hybrid search: the backend's lexical and vector candidates fused by :mod:`search.fusion`."""
        from search.fusion import CANDIDATES, fuse

        window = query.offset + query.limit
        pool = max(window, CANDIDATES)
        lexical = None
        if query.mode == "hybrid":
            late = self.late_highlight and query.highlight != "none"
            wide = replace(query, offset=0, limit=min(pool, MAX_LIMIT), highlight="none" if late else query.highlight)
            lexical = _guarded("search", self.name, lambda: self._search(wide, public_only=public_only))
        vector = query.vector or ()
        try:
            semantic = _guarded("semantic search", self.name,
                                lambda: self._semantic(query, vector, public_only=public_only,
                                                       limit=min(pool, MAX_LIMIT)))
            similarities = {}
            if lexical is not None and lexical.hits:
                ids = [hit.id for hit in lexical.hits]
                similarities = _guarded("semantic search", self.name, lambda: self._similarities(ids, vector))
        except BackendUnavailable:
            if lexical is None:
                raise
            # The vectors failed (a damaged vector file, say) but words still work: answer lexically.
            logger.warning("search backend %s: semantic part failed; answering lexically", self.name)
            return _guarded("search", self.name, lambda: self._search(query, public_only=public_only))
        floor = self.semantic_floor if query.floor is None else max(self.semantic_floor, query.floor)
        result = fuse(query, lexical, semantic, floor=floor, similarities=similarities)
        if self.late_highlight and query.highlight != "none" and result.hits:
            hits = _guarded("highlight", self.name, lambda: self._highlight(result.hits, query))
            result = replace(result, hits=hits)
        return result

    #: True when the backend marks snippets itself after fusion (:meth:`_highlight`): candidates are fetched
    #: without highlights and only the page shown is marked.
    late_highlight: bool = False

    def _highlight(self, hits: list[Hit], query: SearchQuery) -> list[Hit]:
        """The page's hits with their snippets for ``query.highlight`` (backends with ``late_highlight``)."""
        return hits

    def nearest(self, query: SearchQuery) -> list[tuple[Hit, float]]:
        """The documents nearest in meaning to ``query.vector`` with their similarity, NO floor applied (for editors
        looking at a search nobody found: which items come closest). Scope ``public`` never returns internal ones."""
        query = query.validated(self.settings)
        if query.vector is None:
            return []
        public_only = query.scope == Scope.PUBLIC.value
        vector = query.vector
        found = _guarded("semantic search", self.name,
                         lambda: self._semantic(query, vector, public_only=public_only, limit=query.limit))
        return [(hit, sim) for hit, sim in found if not public_only or hit.visibility == Visibility.PUBLIC]

    #: Cosine similarity a semantic hit needs (set from ``KENNISBANK_SEARCH["SEMANTIC_FLOOR"]`` by the factory).
    semantic_floor: float = 0.80

    def _semantic(self, query: SearchQuery, vector: Sequence[float], *, public_only: bool, limit: int
                  ) -> list[tuple[Hit, float]]:
        """The ``limit`` documents whose passages are nearest to ``vector`` (cosine, best passage per document),
        passing the query's filters (and only public ones when ``public_only``), best first, with the similarity.

        Backends without vectors return nothing (the default).
        """
        return []

    def _similarities(self, ids: list[str], vector: Sequence[float]) -> dict[str, float]:
        """Best-passage similarity of each of ``ids`` that has vectors (for fusing lexical hits); default none."""
        return {}

    def index_version(self) -> str | None:
        """A token that changes whenever search results could change (a commit, a swap, new settings).

        Results may be cached under it (see :func:`search.service.search_items`). None (the default) means the
        backend cannot tell cheaply, and nothing is cached.
        """
        return None

    def count(self) -> int:
        """Number of documents in the index."""
        return _guarded("count", self.name, self._count)

    def ids(self) -> set[str]:
        """All document ids in the index (for drift checks against the database)."""
        return _guarded("ids", self.name, self._ids)

    @abstractmethod
    def health(self) -> dict[str, Any]:
        """Status dict: at least ``backend``, ``ok`` (bool), ``documents`` and ``settings`` (fingerprint)."""

    # -- hooks ----------------------------------------------------------------------------
    @abstractmethod
    def _count(self) -> int:
        """Number of documents."""

    @abstractmethod
    def _ids(self) -> set[str]:
        """All document ids."""

    @abstractmethod
    def _upsert(self, docs: list[dict[str, Any]]) -> None:
        """Write validated, de-duplicated documents."""

    @abstractmethod
    def _delete(self, ids: list[str]) -> None:
        """Delete validated ids."""

    def _sync(self, docs: list[dict[str, Any]], delete_ids: list[str]) -> None:
        """Write validated documents and delete validated ids (disjoint); override to do it in one commit."""
        if docs:
            self._upsert(docs)
        if delete_ids:
            self._delete(delete_ids)

    @abstractmethod
    def _rebuild(self, docs: list[dict[str, Any]]) -> int:
        """Atomic rebuild from validated documents."""

    @abstractmethod
    def _apply_settings(self, settings: SearchSettings) -> None:
        """Push/store settings."""

    @abstractmethod
    def _search(self, query: SearchQuery, *, public_only: bool) -> SearchResult:
        """Search; when ``public_only`` the backend must restrict to ``visibility == "public"``."""
