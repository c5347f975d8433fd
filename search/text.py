"""Text normalisation shared by indexing, querying and highlighting.

Contract:
- :func:`fold` turns a word into its search form: accents removed (é→e, ë→e), lower-cased, one
  character for one character (:func:`fold_text`), so offsets survive folding.
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

WORD = re.compile(r"[^\W_]+")
_WORD = WORD
# A compound: words joined by a hyphen or apostrophe without spaces ("geboorte-aangifte", "baby's").
_COMPOUND = re.compile(r"[^\W_]+(?:[-'’‐‑][^\W_]+)+")


class Token(NamedTuple):
    """One word of a text: offsets into the NFC text and the folded search term."""

    start: int
    end: int
    term: str


class _FoldTable(dict):
    """str.translate table mapping every character to exactly ONE character (computed lazily).

    Accents are stripped (NFKD base letter) and letters lower-cased; characters whose folded form
    would be longer (ß, ligatures) are kept as they are. One-to-one mapping keeps offsets in the
    folded text equal to offsets in the original, so highlighting can run on folded text.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = [c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)]
        folded = base[0] if len(base) == 1 else char
        lower = folded.lower()
        result = lower if len(lower) == 1 else folded
        self[code] = result
        return result


_FOLD = _FoldTable()


def nfc(text: str) -> str:
    """Return the NFC form of ``text`` (the form offsets from :func:`tokenize` refer to)."""
    return unicodedata.normalize("NFC", text or "")


def fold_text(text: str) -> str:
    """Fold an NFC text character by character (same length as the input)."""
    return text.translate(_FOLD)


def fold(word: str) -> str:
    """Return the search form of one word: accents stripped, lower-cased."""
    return nfc(word).translate(_FOLD)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` (NFC-normalised first) into tokens with offsets and folded terms."""
    folded = fold_text(nfc(text))
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]


def terms(text: str) -> list[str]:
    """Return the folded words of ``text`` in order."""
    return _WORD.findall(fold_text(nfc(text)))


def compounds(text: str) -> list[str]:
    """Return the joined, folded form of every hyphen/apostrophe compound in ``text``."""
    return ["".join(_WORD.findall(m.group())) for m in _COMPOUND.finditer(fold_text(nfc(text)))]


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


def _strip_common(a: str, b: str, suffix: bool = True) -> tuple[str, str]:
    """Drop the common prefix (and suffix) of two words: it never changes their distance."""
    i, n = 0, min(len(a), len(b))
    while i < n and a[i] == b[i]:
        i += 1
    a, b = a[i:], b[i:]
    if suffix:
        j, n = 0, min(len(a), len(b))
        while j < n and a[-1 - j] == b[-1 - j]:
            j += 1
        if j:
            a, b = a[:-j], b[:-j]
    return a, b


def _osa_rows(a: str, b: str, limit: int, prefix: bool) -> int:
    """OSA dynamic programme of ``a`` against ``b``; with ``prefix`` against any prefix of ``b``."""
    la, lb = len(a), len(b)
    if la == 0:
        return 0 if prefix else lb
    if lb == 0:
        return la
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        row_min = i
        for j in range(1, lb + 1):
            cb = b[j - 1]
            value = prev[j - 1] if ca == cb else prev[j - 1] + 1
            if prev[j] + 1 < value:
                value = prev[j] + 1
            if cur[j - 1] + 1 < value:
                value = cur[j - 1] + 1
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and prev2[j - 2] + 1 < value:
                value = prev2[j - 2] + 1
            cur[j] = value
            if value < row_min:
                row_min = value
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev) if prefix else prev[lb]


@lru_cache(maxsize=65536)
def osa_distance(a: str, b: str, limit: int) -> int:
    """Bounded optimal-string-alignment distance between ``a`` and ``b`` (transposition = 1).

    Pure, so results are memoised per process: highlighting asks the same (query word, document word) pairs on
    every search.
    """
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    a, b = _strip_common(a, b)
    return min(_osa_rows(a, b, limit, prefix=False), limit + 1)


@lru_cache(maxsize=65536)
def prefix_distance(prefix: str, word: str, limit: int) -> int:
    """Smallest OSA distance between ``prefix`` and any prefix of ``word`` (bounded by ``limit``). Memoised."""
    if word.startswith(prefix):
        return 0
    if len(word) < len(prefix) - limit:
        return limit + 1
    # A prefix of ``word`` longer than len(prefix) + limit is more than ``limit`` edits away: ignore the rest.
    word = word[: len(prefix) + limit]
    a, b = _strip_common(prefix, word, suffix=False)
    return min(_osa_rows(a, b, limit, prefix=True), limit + 1)
