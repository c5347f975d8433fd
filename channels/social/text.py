"""Length counting the way each network counts, plus word-boundary truncation. Pure functions.

Every counter errs on the long side when a network's own rules are uncertain, so a text our counter accepts is
accepted by the network:
- ``x_length``: twitter-text v3 weights (code points in the Latin/punctuation ranges weigh 1, others 2), text
  NFC-normalised, every ``http(s)://`` URL counts 23; a bare domain counts max(23, its own weight).
- ``mastodon_length``: code points, every ``http(s)://`` URL counts 23.
- ``grapheme_length``: extended grapheme clusters (Unicode ``\\X``), as Bluesky counts.
- ``utf16_length``: UTF-16 code units (Facebook, LinkedIn, Instagram; never fewer than what they count).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import regex

URL_LENGTH = 23
ELLIPSIS = "…"

# URLs as posted by us or typed by an editor: scheme + URL-safe ASCII; trailing punctuation is not part of it.
URL_RE = regex.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_TRAILING = ".,;:!?'\")]"
# Something a network might auto-link without a scheme (example.be, www.x.org/pad).
BARE_DOMAIN_RE = regex.compile(r"(?<![\w@/.])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[^\s]*)?")
_GRAPHEME_RE = regex.compile(r"\X")

# twitter-text v3 config: ranges that weigh 100 (= 1 char); everything else weighs 200 (= 2 chars).
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def find_urls(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of ``http(s)://`` URLs, trailing punctuation excluded."""
    spans = []
    for m in URL_RE.finditer(text):
        start, end = m.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        spans.append((start, end))
    return spans


def _split_urls(text: str) -> tuple[list[str], int]:
    """The text pieces between URLs, and the number of URLs."""
    pieces, last, n = [], 0, 0
    for start, end in find_urls(text):
        pieces.append(text[last:start])
        last, n = end, n + 1
    pieces.append(text[last:])
    return pieces, n


def _x_weight(text: str) -> int:
    return sum(1 if any(lo <= ord(ch) <= hi for lo, hi in _X_LIGHT_RANGES) else 2 for ch in text)


def x_length(text: str) -> int:
    """Weighted length as X counts it (limit 280)."""
    pieces, n_urls = _split_urls(unicodedata.normalize("NFC", text))
    total = n_urls * URL_LENGTH
    for piece in pieces:
        last = 0
        for m in BARE_DOMAIN_RE.finditer(piece):
            total += _x_weight(piece[last:m.start()]) + max(URL_LENGTH, _x_weight(m.group()))
            last = m.end()
        total += _x_weight(piece[last:])
    return total


def mastodon_length(text: str) -> int:
    """Characters as Mastodon counts them (limit 500): URLs 23, code points otherwise."""
    pieces, n_urls = _split_urls(text)
    return n_urls * URL_LENGTH + sum(len(p) for p in pieces)


def grapheme_length(text: str) -> int:
    """User-perceived characters (extended grapheme clusters)."""
    return len(_GRAPHEME_RE.findall(text))


def utf16_length(text: str) -> int:
    """UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def truncate_words(text: str, budget: int, count: Callable[[str], int]) -> str:
    """``text`` if it fits ``budget`` under ``count``; else the longest word-boundary prefix + "…" that fits.

    Falls back to cutting grapheme clusters when even the first word does not fit; returns "" when nothing fits.
    """
    text = text.strip()
    if count(text) <= budget:
        return text
    if budget <= 0:
        return ""
    words = text.split()
    # Largest k such that the first k words + ellipsis fit (monotone enough for a binary search + final check).
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(_join_cut(words[:mid])) <= budget:
            lo = mid
        else:
            hi = mid - 1
    for k in range(lo, 0, -1):
        candidate = _join_cut(words[:k])
        if count(candidate) <= budget:
            return candidate
    graphemes = _GRAPHEME_RE.findall(words[0]) if words else []
    for k in range(len(graphemes) - 1, 0, -1):
        candidate = "".join(graphemes[:k]) + ELLIPSIS
        if count(candidate) <= budget:
            return candidate
    return ""


def _join_cut(words: list[str]) -> str:
    """The kept words; a complete sentence stays as it is, anything else gets "…"."""
    kept = " ".join(words)
    if kept.endswith((".", "!", "?")):
        return kept
    return kept.rstrip(",;:-–—") + ELLIPSIS
