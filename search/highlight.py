"""Own highlighting for the embedded engine (tantivy snippets are empty for fuzzy queries).

A :class:`TermMatcher` knows which folded document words count as a match for a query: exact words,
a typed prefix, and words within the typo budget (OSA distance, optionally against a prefix).
:func:`mark` wraps matching words of a text in MARK_START/MARK_END (see :mod:`search.port`),
optionally cropped to a window of ``crop`` words with the most matches, Meilisearch-style.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search import text
from search.port import MARK_END, MARK_START

CROP_MARKER = "…"


@dataclass
class TermMatcher:
    """Decides whether a folded word matches the query. Results are cached per word."""

    exact: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    fuzzy: list[tuple[str, int, bool]] = field(default_factory=list)  # (word, budget, is_prefix)
    _cache: dict[str, bool] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes or self.fuzzy)

    def matches(self, term: str) -> bool:
        """True when ``term`` (folded) matches one of the query words."""
        hit = self._cache.get(term)
        if hit is not None:
            return hit
        hit = term in self.exact or any(term.startswith(p) for p in self.prefixes)
        if not hit:
            for word, budget, is_prefix in self.fuzzy:
                if is_prefix:
                    if text.prefix_distance(word, term, budget) <= budget:
                        hit = True
                        break
                elif abs(len(word) - len(term)) <= budget and text.osa_distance(word, term, budget) <= budget:
                    hit = True
                    break
        self._cache[term] = hit
        return hit


def mark(value: str, matcher: TermMatcher, crop: int | None = None) -> str | None:
    """Return ``value`` with matched words marked, or None when nothing matches.

    With ``crop``, return only the window of ``crop`` words holding the most matches (ties: the
    earliest), with "…" where text was cut.
    """
    if not value or not matcher:
        return None
    value = text.nfc(value)
    tokens = text.tokenize(value)
    flags = [matcher.matches(tok.term) for tok in tokens]
    if not any(flags):
        return None
    first, last = 0, len(tokens) - 1
    if crop and len(tokens) > crop:
        best_start, best_count = 0, -1
        count = sum(flags[:crop])
        for start in range(0, len(tokens) - crop + 1):
            if start:
                count += flags[start + crop - 1] - flags[start - 1]
            if count > best_count:
                best_start, best_count = start, count
        # Prefer to start a little before the first match in the window, for context.
        first_match = next(i for i in range(best_start, best_start + crop) if flags[i])
        best_start = max(0, min(best_start, first_match - 3))
        first, last = best_start, min(len(tokens) - 1, best_start + crop - 1)
    start_char = 0 if first == 0 else tokens[first].start
    end_char = len(value) if last == len(tokens) - 1 else tokens[last].end
    parts: list[str] = []
    pos = start_char
    for tok, flag in zip(tokens[first : last + 1], flags[first : last + 1], strict=True):
        if flag:
            parts.append(value[pos : tok.start])
            parts.append(MARK_START + value[tok.start : tok.end] + MARK_END)
            pos = tok.end
    parts.append(value[pos:end_char])
    out = "".join(parts).strip()
    if start_char > 0:
        out = CROP_MARKER + out
    if end_char < len(value):
        out = out + CROP_MARKER
    return out
