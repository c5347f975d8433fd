"""A local HTTP imitation of the Meilisearch v1.x API, for the calls our adapter makes (tests only).

It follows the real server where the adapter depends on it (Meilisearch's own test-suite and specifications:
``meilisearch/meilisearch`` ``crates/meilisearch/tests``, ``meilisearch/specifications`` 0061 error format, 0118
search API):

- routes: ``GET /health``, ``GET /keys``, ``POST /indexes``, ``GET|DELETE /indexes/{uid}``,
  ``GET /indexes/{uid}/stats``, ``PATCH /indexes/{uid}/settings``, ``POST|GET /indexes/{uid}/documents``,
  ``POST /indexes/{uid}/documents/fetch``, ``POST /indexes/{uid}/documents/delete-batch``,
  ``POST /indexes/{uid}/search``, ``POST /swap-indexes``, ``GET /tasks/{uid}``;
- asynchronous writes: every write answers ``202`` with a summarized task (``taskUid``, ``indexUid``, ``status:
  enqueued``, ``type``, ``enqueuedAt``); ``GET /tasks/{uid}`` reports ``processing`` once, then ``succeeded`` or
  ``failed`` with an ``error`` object;
- errors in the real body shape ``{"message", "code", "type", "link"}``: ``index_not_found`` (404),
  ``bad_request`` for unknown fields in a settings or search body (400), ``invalid_search_*`` for wrong types,
  ``missing_authorization_header`` (401) and ``invalid_api_key`` (403); a search key may only search;
- search: every query word must be a substring (the last one a prefix) of a searchable attribute; ``filter`` in
  the array form (outer AND, inner OR) of ``attr = "value"`` clauses; ``facets`` → ``facetDistribution``;
  ``attributesToHighlight`` marks matches in ``_formatted`` with the pre/post tags; ``attributesToCrop`` crops to
  ``cropLength`` words; ``estimatedTotalHits``; ``_rankingScore`` with ``showRankingScore``.

Not a search engine: ranking is insertion order. Faults for outage tests: ``fault = "500"`` (an internal error
body), ``"hang"`` (no answer for ``hang_seconds``), ``"garbage"`` (200 with a body that is not JSON), ``"shape"``
(200 with JSON of the wrong shape); :meth:`MeiliImitation.close` makes the port refuse connections.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

LINK = "https://docs.meilisearch.com/errors#"
SEARCH_FIELDS = {
    "q", "vector", "offset", "limit", "page", "hitsPerPage", "attributesToRetrieve", "retrieveVectors",
    "attributesToCrop", "cropLength", "attributesToHighlight", "showMatchesPosition", "showRankingScore",
    "showRankingScoreDetails", "filter", "sort", "distinct", "facets", "highlightPreTag", "highlightPostTag",
    "cropMarker", "matchingStrategy", "attributesToSearchOn", "rankingScoreThreshold", "locales", "hybrid",
}
SETTINGS_FIELDS = {
    "displayedAttributes", "searchableAttributes", "filterableAttributes", "sortableAttributes", "rankingRules",
    "stopWords", "nonSeparatorTokens", "separatorTokens", "dictionary", "synonyms", "distinctAttribute",
    "proximityPrecision", "typoTolerance", "faceting", "pagination", "embedders", "searchCutoffMs",
    "localizedAttributes", "facetSearch", "prefixSearch",
}
DEFAULT_KEYS = {
    "search": {"name": "Default Search API Key", "description": "Use it to search from the frontend",
               "key": "search-key-0000", "uid": "a0a0", "actions": ["search"], "indexes": ["*"]},
    "admin": {"name": "Default Admin API Key", "description": "Use it for anything that is not a search operation.",
              "key": "admin-key-0000", "uid": "b0b0", "actions": ["*"], "indexes": ["*"]},
}
_CLAUSE = re.compile(r'^\s*([A-Za-z_][\w.]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$')


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, kind: str = "invalid_request") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.kind = status, code, message, kind

    def body(self) -> dict[str, str]:
        return {"message": self.message, "code": self.code, "type": self.kind, "link": LINK + self.code}


@dataclass
class Index:
    uid: str
    primary_key: str | None = None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    created_at: str = "2026-12-01T09:25:53.000000Z"


@dataclass
class Request:
    method: str
    path: str
    body: Any
    authorization: str | None


class MeiliImitation:
    """Start with ``with MeiliImitation() as meili: meili.url``; ``master_key=None`` runs without auth."""

    def __init__(self, master_key: str | None = "master-key-0000") -> None:
        self.master_key = master_key
        self.indexes: dict[str, Index] = {}
        self.tasks: dict[int, dict[str, Any]] = {}
        self.polls: dict[int, int] = {}
        self.requests: list[Request] = []
        self.fault: str | None = None
        self.hang_seconds = 5.0
        self.fail_next_task: str | None = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle ----------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> MeiliImitation:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving: the port then refuses connections."""
        self._server.shutdown()
        self._server.server_close()

    # -- helpers ------------------------------------------------------------------------------------------------
    def calls(self, method: str, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def _task(self, index_uid: str | None, kind: str, apply: Any) -> dict[str, Any]:
        uid = len(self.tasks)
        task = {"uid": uid, "indexUid": index_uid, "status": "enqueued", "type": kind, "canceledBy": None,
                "details": {}, "error": None, "duration": None, "enqueuedAt": "2026-12-01T09:25:53.000000Z",
                "startedAt": None, "finishedAt": None}
        failure = self.fail_next_task
        self.fail_next_task = None
        if failure:
            task.update(status="failed", error={"message": failure, "code": "internal", "type": "internal",
                                                "link": LINK + "internal"})
        else:
            try:
                apply()
                task["status"] = "succeeded"
            except ApiError as exc:
                task.update(status="failed", error=exc.body())
        self.tasks[uid] = task
        self.polls[uid] = 0
        return {"taskUid": uid, "indexUid": index_uid, "status": "enqueued", "type": kind,
                "enqueuedAt": task["enqueuedAt"]}

    def _index(self, uid: str) -> Index:
        index = self.indexes.get(uid)
        if index is None:
            raise ApiError(404, "index_not_found", f"Index `{uid}` not found.")
        return index

    def _authorize(self, request: Request) -> None:
        if self.master_key is None:
            return
        if not request.authorization:
            raise ApiError(401, "missing_authorization_header",
                           "The Authorization header is missing. It must use the bearer authorization method.",
                           "auth")
        token = request.authorization.removeprefix("Bearer ").strip()
        admin, search = DEFAULT_KEYS["admin"]["key"], DEFAULT_KEYS["search"]["key"]
        is_search = request.path.endswith("/search") and request.method == "POST"
        allowed = {self.master_key, admin} | ({search} if is_search or request.path == "/health" else set())
        if request.path == "/keys":
            allowed = {self.master_key}
        if token not in allowed:
            raise ApiError(403, "invalid_api_key", "The provided API key is invalid.", "auth")

    # -- routes -------------------------------------------------------------------------------------------------
    def handle(self, request: Request) -> tuple[int, Any]:
        self._authorize(request)
        parts = [p for p in urlparse(request.path).path.split("/") if p]
        method = request.method
        if parts == ["health"]:
            return 200, {"status": "available"}
        if parts == ["keys"] and method == "GET":
            results = [{**k, "expiresAt": None, "createdAt": "2026-12-01T09:25:53.000000Z",
                        "updatedAt": "2026-12-01T09:25:53.000000Z"} for k in DEFAULT_KEYS.values()]
            return 200, {"results": results, "offset": 0, "limit": 20, "total": len(results)}
        if parts[:1] == ["tasks"] and len(parts) == 2 and method == "GET":
            uid = int(parts[1])
            if uid not in self.tasks:
                raise ApiError(404, "task_not_found", f"Task `{uid}` not found.")
            self.polls[uid] += 1
            task = dict(self.tasks[uid])
            if self.polls[uid] == 1:  # the first poll sees the task still running
                task.update(status="processing", error=None)
            return 200, task
        if parts == ["indexes"] and method == "POST":
            body = request.body
            uid = body.get("uid") if isinstance(body, dict) else None
            if not isinstance(uid, str):
                raise ApiError(400, "missing_index_uid", "Missing field `uid`")

            def create() -> None:
                if uid in self.indexes:
                    raise ApiError(409, "index_already_exists", f"Index `{uid}` already exists.")
                self.indexes[uid] = Index(uid, body.get("primaryKey"))
            return 202, self._task(uid, "indexCreation", create)
        if parts == ["swap-indexes"] and method == "POST":
            pairs = request.body
            for pair in pairs:
                for uid in pair["indexes"]:
                    self._index(uid)

            def swap() -> None:
                for pair in pairs:
                    a, b = pair["indexes"]
                    self.indexes[a], self.indexes[b] = self.indexes[b], self.indexes[a]
                    self.indexes[a].uid, self.indexes[b].uid = a, b
            return 202, self._task(None, "indexSwap", swap)
        if parts[:1] != ["indexes"] or len(parts) < 2:
            raise ApiError(404, "not_found", "Route not found.")
        uid, rest = parts[1], parts[2:]
        if not rest:
            if method == "GET":
                index = self._index(uid)
                return 200, {"uid": uid, "primaryKey": index.primary_key, "createdAt": index.created_at,
                             "updatedAt": index.created_at}
            if method == "DELETE":
                self._index(uid)
                return 202, self._task(uid, "indexDeletion", lambda: self.indexes.pop(uid, None))
        if rest == ["stats"] and method == "GET":
            index = self._index(uid)
            return 200, {"numberOfDocuments": len(index.documents), "isIndexing": False, "fieldDistribution": {}}
        if rest == ["settings"] and method == "PATCH":
            return self._settings(uid, request.body)
        if rest == ["documents"] and method == "POST":
            return self._add_documents(uid, request)
        if rest == ["documents"] and method == "GET":
            query = parse_qs(urlparse(request.path).query)
            return 200, self._fetch(uid, {"fields": query.get("fields", [""])[0].split(",") if "fields" in query
                                          else None, "limit": int(query.get("limit", ["20"])[0]),
                                          "offset": int(query.get("offset", ["0"])[0])})
        if rest == ["documents", "fetch"] and method == "POST":
            return 200, self._fetch(uid, request.body)
        if rest == ["documents", "delete-batch"] and method == "POST":
            ids = request.body
            if not isinstance(ids, list):
                raise ApiError(400, "invalid_document_ids", "Invalid value type: expected an array.")
            index = self._index(uid)
            return 202, self._task(uid, "documentDeletion",
                                   lambda: [index.documents.pop(str(i), None) for i in ids])
        if rest == ["search"] and method == "POST":
            return 200, self._search(uid, request.body)
        raise ApiError(404, "not_found", "Route not found.")

    def _settings(self, uid: str, body: Any) -> tuple[int, Any]:
        if not isinstance(body, dict):
            raise ApiError(400, "bad_request", "Invalid value type: expected an object.")
        unknown = sorted(set(body) - SETTINGS_FIELDS)
        if unknown:
            expected = ", ".join(f"`{f}`" for f in sorted(SETTINGS_FIELDS))
            raise ApiError(400, "bad_request", f"Unknown field `{unknown[0]}`: expected one of {expected}")
        for key in ("searchableAttributes", "filterableAttributes", "stopWords", "rankingRules"):
            if key in body and not isinstance(body[key], list):
                raise ApiError(400, f"invalid_settings_{re.sub(r'(?<!^)(?=[A-Z])', '_', key).lower()}",
                               f"Invalid value type at `.{key}`: expected an array.")
        index = self._index(uid)
        return 202, self._task(uid, "settingsUpdate", lambda: index.settings.update(body))

    def _add_documents(self, uid: str, request: Request) -> tuple[int, Any]:
        docs = request.body
        if not isinstance(docs, list):
            raise ApiError(400, "malformed_payload", "The payload must be an array of documents.")
        query = parse_qs(urlparse(request.path).query)
        primary = query.get("primaryKey", [None])[0]
        index = self.indexes.get(uid) or Index(uid, primary)

        def add() -> None:
            self.indexes.setdefault(uid, index)
            key = index.primary_key or primary or "id"
            index.primary_key = key
            for doc in docs:
                if key not in doc:
                    raise ApiError(400, "missing_document_id", f"Document doesn't have a `{key}` attribute.")
                index.documents[str(doc[key])] = {**index.documents.get(str(doc[key]), {}), **doc}
        return 202, self._task(uid, "documentAdditionOrUpdate", add)

    def _fetch(self, uid: str, body: Any) -> dict[str, Any]:
        index = self._index(uid)
        fields, limit, offset = body.get("fields"), int(body.get("limit", 20)), int(body.get("offset", 0))
        docs = list(index.documents.values())
        page = [{k: v for k, v in d.items() if not fields or k in fields} for d in docs[offset:offset + limit]]
        return {"results": page, "offset": offset, "limit": limit, "total": len(docs)}

    def _search(self, uid: str, body: Any) -> dict[str, Any]:
        started = time.perf_counter()
        if not isinstance(body, dict):
            raise ApiError(400, "bad_request", "Invalid value type: expected an object.")
        unknown = sorted(set(body) - SEARCH_FIELDS)
        if unknown:
            expected = ", ".join(f"`{f}`" for f in sorted(SEARCH_FIELDS))
            raise ApiError(400, "bad_request", f"Unknown field `{unknown[0]}`: expected one of {expected}")
        q = body.get("q", "")
        if q is not None and not isinstance(q, str):
            raise ApiError(400, "invalid_search_q", "Invalid value type at `.q`: expected a string.")
        for key in ("limit", "offset", "cropLength"):
            if key in body and (isinstance(body[key], bool) or not isinstance(body[key], int) or body[key] < 0):
                raise ApiError(400, f"invalid_search_{re.sub(r'(?<!^)(?=[A-Z])', '_', key).lower()}",
                               f"Invalid value type at `.{key}`: expected a positive integer.")
        index = self._index(uid)
        searchable = index.settings.get("searchableAttributes") or ["*"]
        filterable = set(index.settings.get("filterableAttributes") or [])
        if body.get("hybrid") is not None or body.get("vector") is not None:
            return self._vector_search(index, body, filterable, started)
        matched = [d for d in index.documents.values()
                   if self._matches(d, (q or "").lower().split(), searchable) and self._passes(d, body, filterable)]
        facets = {}
        for name in body.get("facets") or []:
            if name not in filterable:
                raise ApiError(400, "invalid_search_facets", f"Attribute `{name}` is not filterable.")
            counts: dict[str, int] = {}
            for d in matched:
                values = d.get(name, [])
                for v in values if isinstance(values, list) else [values]:
                    counts[str(v)] = counts.get(str(v), 0) + 1
            facets[name] = counts
        offset, limit = body.get("offset", 0), body.get("limit", 20)
        hits = [self._format(d, (q or "").lower().split(), body) for d in matched[offset:offset + limit]]
        out: dict[str, Any] = {"hits": hits, "query": q or "", "processingTimeMs": int((time.perf_counter() - started)
                                                                                     * 1000),
                               "limit": limit, "offset": offset, "estimatedTotalHits": len(matched)}
        if body.get("facets"):
            out["facetDistribution"] = facets
        return out

    def _vector_search(self, index: Index, body: dict[str, Any], filterable: set[str], started: float
                       ) -> dict[str, Any]:
        """``hybrid`` + ``vector`` with ``semanticRatio`` 1: documents by the best cosine of their ``_vectors``.

        As the real server: the embedder must be configured (``invalid_search_embedder``), the vector must have its
        dimensions (``invalid_vector_dimensions``), documents whose vectors are null are not returned, and
        ``_rankingScoreDetails.vectorSort.similarity`` carries the similarity. Other ratios are not imitated.
        """
        hybrid = body.get("hybrid") or {}
        if not isinstance(hybrid, dict) or "embedder" not in hybrid:
            raise ApiError(400, "invalid_search_hybrid_query", "Missing field `embedder` inside `.hybrid`")
        name = hybrid["embedder"]
        embedders = index.settings.get("embedders") or {}
        if name not in embedders:
            raise ApiError(400, "invalid_search_embedder",
                           f"Cannot find embedder with name `{name}`.")
        if float(hybrid.get("semanticRatio", 0.5)) != 1.0:
            raise ApiError(501, "not_implemented", "the imitation only serves semanticRatio 1.0")
        vector = body.get("vector")
        dims = int(embedders[name].get("dimensions", 0))
        if not isinstance(vector, list) or len(vector) != dims:
            raise ApiError(400, "invalid_vector_dimensions",
                           f"Wrong dimensions of the vector: expected {dims}, found {len(vector or [])}.")
        norm = math.sqrt(sum(x * x for x in vector)) or 1.0
        scored = []
        for doc in index.documents.values():
            entry = (doc.get("_vectors") or {}).get(name)
            if not entry or not self._passes(doc, body, filterable):
                continue
            rows = entry["embeddings"] if isinstance(entry, dict) else entry
            best = max(sum(a * b for a, b in zip(row, vector, strict=True))
                       / ((math.sqrt(sum(a * a for a in row)) or 1.0) * norm) for row in rows)
            scored.append((best, doc))
        scored.sort(key=lambda pair: -pair[0])
        offset, limit = body.get("offset", 0), body.get("limit", 20)
        hits = []
        for similarity, doc in scored[offset:offset + limit]:
            hit = self._format(doc, [], body)
            hit.pop("_vectors", None)
            if body.get("showRankingScore"):
                hit["_rankingScore"] = similarity
            if body.get("showRankingScoreDetails"):
                hit["_rankingScoreDetails"] = {"vectorSort": {"order": 0, "similarity": similarity}}
            hits.append(hit)
        return {"hits": hits, "query": body.get("q") or "", "limit": limit, "offset": offset,
                "estimatedTotalHits": len(scored), "semanticHitCount": len(hits),
                "processingTimeMs": int((time.perf_counter() - started) * 1000)}

    @staticmethod
    def _matches(doc: dict[str, Any], words: list[str], searchable: list[str]) -> bool:
        fields = [k for k in doc if ("*" in searchable and k != "_vectors") or k in searchable]
        text = " ".join(" ".join(v) if isinstance(v, list) else str(v) for k, v in doc.items() if k in fields).lower()
        return all(w in text for w in words)

    @staticmethod
    def _passes(doc: dict[str, Any], body: dict[str, Any], filterable: set[str]) -> bool:
        raw = body.get("filter")
        if raw is None:
            return True
        clauses = [raw] if isinstance(raw, str) else raw
        for clause in clauses:
            options = clause if isinstance(clause, list) else [clause]
            ok = False
            for option in options:
                match = _CLAUSE.match(option)
                if not match:
                    raise ApiError(400, "invalid_search_filter",
                                   f"Invalid syntax for the filter parameter: `{option}`.")
                name, value = match.group(1), match.group(2).replace('\\"', '"').replace("\\\\", "\\")
                if name not in filterable:
                    raise ApiError(400, "invalid_search_filter", f"Attribute `{name}` is not filterable.")
                have = doc.get(name, [])
                ok = ok or value in (have if isinstance(have, list) else [str(have)])
            if not ok:
                return False
        return True

    @staticmethod
    def _format(doc: dict[str, Any], words: list[str], body: dict[str, Any]) -> dict[str, Any]:
        retrieve = body.get("attributesToRetrieve") or list(doc)
        hit = {k: v for k, v in doc.items() if "*" in retrieve or k in retrieve}
        pre, post = body.get("highlightPreTag", "<em>"), body.get("highlightPostTag", "</em>")
        highlight = set(body.get("attributesToHighlight") or [])
        crop = set(body.get("attributesToCrop") or [])
        formatted: dict[str, Any] = {}
        for key in highlight | crop:
            value = doc.get(key)
            if not isinstance(value, str):
                continue
            if key in crop:
                tokens = value.split()
                length = body.get("cropLength", 10)
                first = next((i for i, t in enumerate(tokens) if any(w in t.lower() for w in words)), 0)
                start = max(0, first - length // 2)
                value = " ".join(tokens[start:start + length])
                marker = body.get("cropMarker", "…")
                value = (marker if start else "") + value + (marker if start + length < len(tokens) else "")
            if key in highlight:
                for word in words:
                    value = re.sub(f"({re.escape(word)})", pre + r"\1" + post, value, flags=re.IGNORECASE)
            formatted[key] = value
        if highlight or crop:
            hit["_formatted"] = {**hit, **formatted}
        if body.get("showRankingScore"):
            hit["_rankingScore"] = 1.0
        return hit

    # -- HTTP ---------------------------------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        imitation = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if imitation.fault == "hang":
                    time.sleep(imitation.hang_seconds)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    self._send(400, ApiError(400, "malformed_payload", "The json payload provided is malformed."
                                             ).body())
                    return
                request = Request(self.command, self.path, body, self.headers.get("Authorization"))
                with imitation._lock:
                    imitation.requests.append(request)
                    if imitation.fault == "500":
                        self._send(500, ApiError(500, "internal", "An internal error has occurred.", "internal"
                                                 ).body())
                        return
                    if imitation.fault == "garbage":
                        self._send_raw(200, b"<html>proxy error</html>", "text/html")
                        return
                    if imitation.fault == "shape":
                        self._send(200, {"unexpected": True} if self.path.endswith("/search") else [])
                        return
                    try:
                        status, payload = imitation.handle(request)
                    except ApiError as exc:
                        status, payload = exc.status, exc.body()
                self._send(status, payload)

            def _send(self, status: int, payload: Any) -> None:
                self._send_raw(status, json.dumps(payload).encode(), "application/json")

            def _send_raw(self, status: int, data: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

        return Handler
