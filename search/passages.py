"""Search documents → passages → vectors: what the indexing tasks embed (never a request).

Contract:
- :func:`passages` gives the texts embedded for one document: first the *summary* passage (title, short answer,
  keywords), then one passage per body section (``"title: heading. text"``), so one section of a long fiche can
  match on its own: the first ``KENNISBANK_SEARCH["EMBED_SECTIONS"]`` sections (default 3; 0 = the summary only).
  The summary is cut to about :data:`SUMMARY_WORDS` words, a section to :data:`SECTION_WORDS` (its heading and
  opening): embedding costs grow with every token, and short passages match more sharply.
- :func:`split_cached` tells the documents whose passages were all embedded before in this process (they get their
  vectors from the cache at once) from those that still need the embedder; it never embeds.
- :func:`with_vectors` adds ``vectors`` (one unit vector per passage) and ``vector_model`` to each document, in
  batches, with the configured embedder; documents pass unchanged when semantic retrieval is off
  (``EMBEDDER = none``). An embedder failure raises :class:`search.port.BackendUnavailable`, so indexing tasks
  retry as they do when the search backend is down.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .embedder import Embedder, EmbedderUnavailable, get_embedder
from .port import BackendUnavailable

MAX_PASSAGES = 8
#: Words of the summary passage and of each section passage. The in-process model costs about 0.7 ms per token
#: on two cores (bench/search.py prints it): short passages keep embedding the catalogue in minutes.
SUMMARY_WORDS = 48
SECTION_WORDS = 24
#: Documents embedded per embedder round (their passages go in one list).
DOCUMENT_BATCH = 32


def _cut(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words])


DEFAULT_SECTIONS = 3


def _configured_sections() -> int:
    from django.conf import settings

    if not settings.configured:  # plain scripts (bench/search.py without --django)
        return DEFAULT_SECTIONS
    from .conf import search_settings

    return int(search_settings.EMBED_SECTIONS)


def passages(doc: dict[str, Any], sections: int | None = None) -> list[str]:
    """The passages of one search document (see the module docstring); ``sections`` caps the section passages
    (default ``KENNISBANK_SEARCH["EMBED_SECTIONS"]``)."""
    if sections is None:
        sections = _configured_sections()
    title = doc.get("title", "").strip()
    keywords = ", ".join(doc.get("keywords") or [])
    summary = " ".join(p for p in (f"{title}." if title else "", _cut(doc.get("short_answer", "").strip(),
                                                                    SUMMARY_WORDS), keywords) if p)
    out = [_cut(summary, SUMMARY_WORDS + 16)] if summary else []
    for section in (doc.get("sections") or [])[: min(sections, MAX_PASSAGES - 1)]:
        section = section.strip()
        if section:
            out.append(_cut(f"{title}: {section}" if title else section, SECTION_WORDS))
    return out


def with_vectors(docs: Iterable[dict[str, Any]], embedder: Embedder | None = None, *,
                 sections: int | None = None) -> Iterator[dict[str, Any]]:
    """The documents with their passage vectors (lazily, :data:`DOCUMENT_BATCH` documents at a time); ``sections``
    as in :func:`passages`."""
    engine = embedder if embedder is not None else get_embedder()
    if engine is None:
        yield from docs
        return
    batch: list[dict[str, Any]] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= DOCUMENT_BATCH:
            yield from _embed(batch, engine, sections)
            batch = []
    if batch:
        yield from _embed(batch, engine, sections)


def split_cached(docs: list[dict[str, Any]], embedder: Embedder | None = None, *,
                 sections: int | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(ready, waiting)``: the documents whose every passage vector is in this process's cache, with their
    ``vectors``, and the others unchanged (they still need :func:`with_vectors`). Never calls the embedder; with
    semantic retrieval off every document is ready as it is."""
    engine = embedder if embedder is not None else get_embedder()
    if engine is None:
        return list(docs), []
    ready: list[dict[str, Any]] = []
    waiting: list[dict[str, Any]] = []
    for doc in docs:
        matrix = engine.cached_passages(passages(doc, sections))
        if matrix is None:
            waiting.append(doc)
        else:
            ready.append({**doc, "vectors": matrix, "vector_model": engine.name})
    return ready, waiting


def _embed(batch: list[dict[str, Any]], engine: Embedder, sections: int | None) -> list[dict[str, Any]]:
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    for doc in batch:
        own = passages(doc, sections)
        spans.append((len(texts), len(texts) + len(own)))
        texts += own
    try:
        matrix = engine.passages(texts)
    except EmbedderUnavailable as exc:
        raise BackendUnavailable(f"embedder: {exc}") from exc
    out = []
    for doc, (start, end) in zip(batch, spans, strict=True):
        out.append({**doc, "vectors": matrix[start:end].copy(), "vector_model": engine.name})
    return out
