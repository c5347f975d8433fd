"""Own highlighting for the embedded engine (tantivy snippets are empty for fuzzy queries).

A :class:`TermMatcher` knows which folded document words count as a match for a query: exact words,
a typed prefix, and words within the typo budget (OSA distance, optionally against a prefix).
:func:`mark` wraps matching words of a text in MARK_START/MARK_END (see :mod:`search.port`),
optionally cropped to a window of ``crop`` words with the most matches, Meilisearch-style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, islice

from search import text
from search.port import MARK_END, MARK_START

CROP_MARKER = "…"


@dataclass
class TermMatcher:
    """Decides whether a folded word matches the query. Results are cached per word."""

    exact: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    fuzzy: list[tuple[str, int, bool]] = field(default_factory=list)  # (word, budget, is_prefix)
    _seen: dict[str, int] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes or self.fuzzy)

    def highlight_length(self, term: str) -> int:
        """How many leading characters of ``term`` to highlight (0 = no match).

        Exact and typo matches highlight the whole word; a word matched only because it starts
        with the typed prefix highlights the typed part ("<em>omgevingsv</em>ergunning"), like
        Meilisearch.
        """
        length = self._seen.get(term)
        if length is None:
            length = self._seen[term] = self._decide(term)
        return length

    def _decide(self, term: str) -> int:
        if term in self.exact:
            return len(term)
        for word, budget, is_prefix in self.fuzzy:
            if not is_prefix and text.osa_distance(word, term, budget) <= budget:
                return len(term)
        starts = [len(p) for p in self.prefixes if term.startswith(p)]
        if starts:
            return max(starts)
        for word, budget, is_prefix in self.fuzzy:
            if is_prefix and text.prefix_distance(word, term, budget) <= budget:
                return len(term)
        return 0

    def matches(self, term: str) -> bool:
        """True when ``term`` (folded) matches one of the query words."""
        return self.highlight_length(term) > 0


@lru_cache(maxsize=4096)
def _analyse(value: str) -> tuple[str, str, tuple[str, ...]]:
    """NFC text, its folded form and its folded words (memoised: hits repeat across searches)."""
    value = text.nfc(value)
    folded = text.fold_text(value)
    return value, folded, tuple(text.WORD.findall(folded))


def mark(value: str, matcher: TermMatcher, crop: int | None = None) -> str | None:
    """Return ``value`` with matched words marked, or None when nothing matches.

    With ``crop``, return only the window of ``crop`` words holding the most matches (ties: the
    earliest), with "…" where text was cut.
    """
    if not value or not matcher:
        return None
    value, folded, words = _analyse(value)
    lengths = {w: matcher.highlight_length(w) for w in set(words)}
    if not any(lengths.values()):
        return None
    flags = [lengths[w] > 0 for w in words]
    first, last = 0, len(words) - 1
    if crop and len(words) > crop:
        cumulative = [0, *accumulate(flags)]
        counts = [cumulative[i + crop] - cumulative[i] for i in range(len(words) - crop + 1)]
        best_start = counts.index(max(counts))
        # Start a little before the first match in the window, for context.
        first_match = next(i for i in range(best_start, best_start + crop) if flags[i])
        best_start = max(0, min(best_start, first_match - 3))
        first, last = best_start, min(len(words) - 1, best_start + crop - 1)
    # Offsets only up to the window's last word (bodies can be long).
    spans = [m.span() for m in islice(text.WORD.finditer(folded), last + 1)]
    start_char = 0 if first == 0 else spans[first][0]
    end_char = len(value) if last == len(words) - 1 else spans[last][1]
    parts: list[str] = []
    pos = start_char
    for index in range(first, last + 1):
        if flags[index]:
            begin, end = spans[index]
            end_mark = begin + lengths[words[index]]
            parts.append(value[pos:begin])
            parts.append(MARK_START + value[begin:end_mark] + MARK_END)
            pos = end_mark
    parts.append(value[pos:end_char])
    out = "".join(parts).strip()
    if start_char > 0:
        out = CROP_MARKER + out
    if end_char < len(value):
        out = out + CROP_MARKER
    return out
