"""Text normalisation shared by indexing, querying and highlighting.

Contract:
- :func:`fold` turns a word into its search form: Unicode NFKD, combining marks removed (é→e, ë→e),
  case-folded. It never changes the number of words.
- :func:`tokenize` splits text into words (runs of letters/digits, Unicode aware) and returns
  ``Token(start, end, term)`` with character offsets into the NFC form of the input, so
  highlighting can mark the original text.
- :func:`compounds` yields the joined form of hyphen/apostrophe compounds ("ID-kaart" → "idkaart"),
  which the embedded index stores next to the parts, like Meilisearch's word concatenation.
- :func:`osa_distance` is the optimal-string-alignment (restricted Damerau-Levenshtein) distance,
  bounded: it returns ``limit + 1`` as soon as the distance is known to exceed ``limit``. A
  transposition of two adjacent letters counts as one edit, as in Meilisearch and tantivy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+")
# A compound: words joined by a hyphen or apostrophe without spaces ("geboorte-aangifte", "baby's").
_COMPOUND = re.compile(r"[^\W_]+(?:[-'’‐‑][^\W_]+)+")


class Token(NamedTuple):
    """One word of a text: offsets into the NFC text and the folded search term."""

    start: int
    end: int
    term: str


def nfc(text: str) -> str:
    """Return the NFC form of ``text`` (the form offsets from :func:`tokenize` refer to)."""
    return unicodedata.normalize("NFC", text or "")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Return the search form of one word: accents stripped, case-folded."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` (NFC-normalised first) into tokens with offsets and folded terms."""
    text = nfc(text)
    return [Token(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]


def terms(text: str) -> list[str]:
    """Return the folded words of ``text`` in order."""
    return [fold(m.group()) for m in _WORD.finditer(nfc(text))]


def compounds(text: str) -> list[str]:
    """Return the joined, folded form of every hyphen/apostrophe compound in ``text``."""
    out = []
    for match in _COMPOUND.finditer(nfc(text)):
        out.append("".join(fold(part) for part in _WORD.findall(match.group())))
    return out


def compound_spans(text: str) -> list[tuple[int, int]]:
    """Return (first word index, word count) of each compound in ``text``, in word positions."""
    text = nfc(text)
    starts = [m.start() for m in _WORD.finditer(text)]
    index = {start: i for i, start in enumerate(starts)}
    spans = []
    for match in _COMPOUND.finditer(text):
        first = index[match.start()]
        count = len(_WORD.findall(match.group()))
        spans.append((first, count))
    return spans


def osa_distance(a: str, b: str, limit: int) -> int:
    """Bounded optimal-string-alignment distance between ``a`` and ``b`` (transposition = 1)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    if la == 0 or lb == 0:
        return max(la, lb)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        row_min = cur[0]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            cost = 0 if ca == cb else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            if value < row_min:
                row_min = value
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb] if prev[lb] <= limit else limit + 1


def prefix_distance(prefix: str, word: str, limit: int) -> int:
    """Smallest OSA distance between ``prefix`` and any prefix of ``word`` (bounded by ``limit``)."""
    if word.startswith(prefix):
        return 0
    best = limit + 1
    n = len(prefix)
    for cut in range(max(1, n - limit), min(len(word), n + limit) + 1):
        best = min(best, osa_distance(prefix, word[:cut], limit))
        if best == 0:
            break
    return best
