"""Dutch syllable counting through textstat (pyphen nl_NL) with a per-word cache.

Contract: ``token_syllables(token)`` → syllables of a Token: numbers count 1, dotted abbreviations
count one per letter, words are split on hyphens/apostrophes and each part with a vowel is counted by
a textstat instance set to ``nl_NL`` (textstat counts pyphen hyphenation points + 1). The instance is
created once, never mutated afterwards, and we never call the global ``textstat.set_lang``.

pyphen undercounts words with colliding vowels (hiatus: *ideeën*, *bioscoop*, *identiteitskaart*). The short list
in ``data/lettergrepen.tsv`` overrides it: for the word itself, and for a compound that starts or ends with a listed
word (the rest counted as usual).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .model import Token

EXCEPTIONS_FILE = Path(__file__).parent / "data" / "lettergrepen.tsv"
#: A listed word counts inside a compound only when the rest has at least this many letters.
MIN_REST = 3

LANGUAGE = "nl_NL"
_PARTS = re.compile(r"[-'’]")
_VOWELS = re.compile(r"[aeiouyáéíóúàèìòùäëïöüâêîôû]")


@lru_cache(maxsize=1)
def _counter():
    """The textstat instance for Dutch (import deferred: textstat pulls in nltk, ~0.2 s)."""
    from textstat.textstat import textstatistics

    counter = textstatistics()
    counter.set_lang(LANGUAGE)  # instance attribute, not the module-global textstat.set_lang
    return counter


@lru_cache(maxsize=1)
def exceptions() -> dict[str, int]:
    """Word → syllables from ``data/lettergrepen.tsv``; a malformed line raises ``ValueError`` naming it."""
    table: dict[str, int] = {}
    for number, line in enumerate(EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _tab, count = line.partition("\t")
        if not count.strip().isdigit():
            raise ValueError(f"{EXCEPTIONS_FILE}:{number}: expected 'woord<TAB>aantal', got {line!r}")
        table[word.strip().lower()] = int(count)
    return table


def _pyphen(part: str) -> int:
    return _counter().syllable_count(part) if _VOWELS.search(part) else 0


def _part_syllables(part: str) -> int:
    table = exceptions()
    if part in table:
        return table[part]
    for size in range(len(part) - MIN_REST, 1, -1):  # longest listed word at the start, then at the end
        head, tail = part[:size], part[size:]
        if head in table:
            return table[head] + _pyphen(tail)
    for size in range(MIN_REST, len(part) - 1):
        head, tail = part[:size], part[size:]
        if tail in table:
            return _pyphen(head) + table[tail]
    return _pyphen(part)


@lru_cache(maxsize=200_000)
def word_syllables(word: str) -> int:
    """Syllables of one lower-case word (hyphenated parts are counted separately)."""
    total = 0
    for part in _PARTS.split(word):
        if part and _VOWELS.search(part):
            total += _part_syllables(part)
    return max(total, 1)


def token_syllables(token: Token) -> int:
    if token.kind == "number":
        return 1
    if token.kind == "abbr":
        return sum(ch.isalpha() for ch in token.text)
    return word_syllables(token.lower)
