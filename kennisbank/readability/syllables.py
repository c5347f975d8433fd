"""Dutch syllable counting through textstat (pyphen nl_NL) with a per-word cache.

Contract: ``token_syllables(token)`` → syllables of a Token: numbers count 1, dotted abbreviations
count one per letter, words are split on hyphens/apostrophes and each part with a vowel is counted by
a textstat instance set to ``nl_NL`` (textstat counts pyphen hyphenation points + 1). The instance is
created once, never mutated afterwards, and we never call the global ``textstat.set_lang``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Token

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


@lru_cache(maxsize=200_000)
def word_syllables(word: str) -> int:
    """Syllables of one lower-case word (hyphenated parts are counted separately)."""
    total = 0
    for part in _PARTS.split(word):
        if part and _VOWELS.search(part):
            total += _counter().syllable_count(part)
    return max(total, 1)


def token_syllables(token: Token) -> int:
    if token.kind == "number":
        return 1
    if token.kind == "abbr":
        return sum(ch.isalpha() for ch in token.text)
    return word_syllables(token.lower)
