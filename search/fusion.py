"""Hybrid ranking: fuse a lexical result and semantic candidates into one list (shared by every backend).

Contract (:func:`fuse`):
- Input: the lexical hits (``Hit.score`` is the backend's lexical strength in ``[0, 1]``: the share of query words
  matched, lowered by typos; see the backends) and the semantic candidates ``(hit, cosine similarity)``, plus the
  similarity of every lexical hit the backend could compute.
- A document is kept when (1) it matched lexically with strength ≥ :data:`STRONG` (every query word, at most a
  small typo), or (2) its best passage has similarity ≥ ``floor``, or (3) it matched lexically at all and its
  similarity is at least ``floor - AGREEMENT_MARGIN`` (a weak lexical match that the meaning agrees with). So
  nonsense ("xyzzy", "pizza bestellen") returns nothing: no lexical match, nothing near enough in meaning.
- Order: ``strength + SEMANTIC_WEIGHT * closeness`` where closeness is the similarity above
  ``floor - AGREEMENT_MARGIN``, scaled to ``[0, 1]``. Full lexical matches therefore stay on top unless the meaning
  of another item is much closer; questions and other languages are ranked by meaning.
- Mode ``semantic`` keeps only rule (2) and orders by similarity.
- ``floor`` and the constants were chosen on the labelled query set (``bench/relevance.py``); see
  ``docs/search.md``.
"""

from __future__ import annotations

from dataclasses import replace

from search.port import Hit, SearchQuery, SearchResult

#: Candidates taken from each side before fusing.
CANDIDATES = 50
#: Lexical strength kept without semantic support.
STRONG = 0.9
#: How far below the floor a lexical hit's similarity may be and still count as agreement.
AGREEMENT_MARGIN = 0.02
#: Weight of semantic closeness against lexical strength.
SEMANTIC_WEIGHT = 3.0


def fuse(
    query: SearchQuery,
    lexical: SearchResult | None,
    semantic: list[tuple[Hit, float]],
    *,
    floor: float,
    similarities: dict[str, float] | None = None,
) -> SearchResult:
    """Fused result page for ``query`` (see the module docstring)."""
    sims = dict(similarities or {})
    for hit, sim in semantic:
        sims[hit.id] = max(sim, sims.get(hit.id, -1.0))
    low = floor - AGREEMENT_MARGIN
    span = max(1e-6, 1.0 - low)
    scored: list[tuple[float, Hit]] = []
    seen: set[str] = set()
    if query.mode == "hybrid" and lexical is not None:
        for hit in lexical.hits:
            strength = max(0.0, min(1.0, hit.score))
            near = sims.get(hit.id)
            agrees = near is not None and near >= low
            if strength >= STRONG or agrees:
                closeness = (near - low) / span if near is not None and agrees else 0.0
                matched = "both" if near is not None and near >= floor else "lexical"
                scored.append((strength + SEMANTIC_WEIGHT * closeness, replace(hit, matched=matched)))
            seen.add(hit.id)
    for hit, sim in semantic:
        if hit.id in seen or sim < floor:
            continue
        seen.add(hit.id)
        closeness = (sim - low) / span
        score = SEMANTIC_WEIGHT * closeness if query.mode == "hybrid" else sim
        scored.append((score, replace(hit, matched="semantic")))
    scored.sort(key=lambda pair: -pair[0])
    page = [replace(hit, score=round(score, 6)) for score, hit in scored[query.offset : query.offset + query.limit]]
    facets = dict(lexical.facets) if lexical is not None else {name: {} for name in query.facets}
    processing = (lexical.processing_ms if lexical is not None else 0.0)
    return SearchResult(hits=page, total=len(scored), facets=facets, processing_ms=processing)
