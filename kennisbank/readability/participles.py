"""Recognise Dutch past participles (voltooide deelwoorden) for the passive-voice rule.

Contract: ``is_participle(word)`` for a lower-case word. A word is a participle when
1. it is listed in ``data/deelwoorden.txt`` (be-/ver-/ont-/her-/er-/ge- verbs without extra ge-,
   strong ge-…-en participles), or
2. it is a separable prefix (aan, op, uit, …) + a listed participle (``aanbevolen``, ``terugbetaald``), or
3. after an optional separable prefix it matches ge + at least two letters + d/t
   (``gevraagd``, ``aangevraagd``, ``opgehaald``, ``ingediend``),
4. it is her- + a participle (``heraangelegd``, ``heringericht``),
and it is not listed in ``data/geen_deelwoorden.txt`` and does not end in a noun suffix (-heid, …).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import listed_participles, not_participles

SEPARABLE_PREFIXES = tuple(
    sorted(
        [
            "aan",
            "achter",
            "achteruit",
            "af",
            "bekend",
            "bij",
            "bijeen",
            "binnen",
            "boven",
            "buiten",
            "dicht",
            "door",
            "goed",
            "heen",
            "in",
            "kennis",
            "klaar",
            "kwijt",
            "langs",
            "los",
            "mee",
            "mede",
            "mis",
            "na",
            "neer",
            "om",
            "onder",
            "op",
            "open",
            "over",
            "plaats",
            "rond",
            "samen",
            "schoon",
            "stop",
            "tegen",
            "tentoon",
            "terecht",
            "terug",
            "tewerk",
            "thuis",
            "toe",
            "uit",
            "vast",
            "voor",
            "vooraf",
            "vooruit",
            "vrij",
            "weg",
        ],
        key=len,
        reverse=True,
    )
)
_WEAK_GE = re.compile(r"^ge[^\W\d_]{2,}[dt]$")
_NOUN_SUFFIXES = ("heid", "raad", "beleid", "bond", "schrift", "geld", "kind")


@lru_cache(maxsize=50_000)
def is_participle(word: str) -> bool:
    if word in not_participles() or word.endswith(_NOUN_SUFFIXES):
        return False
    listed = listed_participles()
    if word in listed:
        return True
    if _WEAK_GE.match(word):
        return True
    if word.startswith("her") and len(word) > 8 and is_participle(word[3:]):
        return True  # heraangelegd, heringericht
    for prefix in SEPARABLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            rest = word[len(prefix) :]
            if rest in not_participles():
                continue
            if rest in listed or _WEAK_GE.match(rest):
                return True
    return False
