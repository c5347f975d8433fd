"""Rule ``long_word`` (info): words with more than ``long_word_letters`` letters or more than
``long_word_syllables`` syllables. Numbers, dotted abbreviations and words in capitals are skipped;
each distinct long word is reported at its first occurrence per segment."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..config import Thresholds
from ..i18n import _
from ..model import Finding, Segment
from ..syllables import word_syllables
from . import make_finding

CODE = "long_word"


@lru_cache(maxsize=100_000)
def measure(word: str) -> tuple[int, int]:
    """(letters, syllables) of a lower-case word."""
    return sum(ch.isalpha() for ch in word), word_syllables(word)


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    findings = []
    for segment in segments:
        seen: set[str] = set()
        for sentence in segment.sentences:
            for token in sentence.tokens:
                if token.kind != "word" or token.text.isupper() or token.lower in seen:
                    continue
                letters, syllables = measure(token.lower)
                if letters <= thresholds.long_word_letters and syllables <= thresholds.long_word_syllables:
                    continue
                seen.add(token.lower)
                findings.append(
                    make_finding(
                        segment,
                        CODE,
                        "info",
                        _("Lang woord: '{word}' ({letters} letters)."),
                        _(
                            "Gebruik een korter woord, of splits de samenstelling in een paar woorden "
                            "(bijvoorbeeld 'formulier voor de aanvraag' in plaats van 'aanvraagformulier')."
                        ),
                        token.start,
                        token.end,
                        word=token.text,
                        letters=letters,
                    )
                )
    return findings
