"""Rules ``passive`` and ``passive_hint``.

``passive`` (warning): a form of *worden* (word, wordt, worden, werd, werden, geworden) with a past
participle among the 6 words before or 15 words after it in the same sentence; written as *te worden* +
participle ("dient te worden vastgelegd") it is ``passive_infinitive`` (warning). ``passive_hint`` (info):
a form of *zijn* with a participle nearby and no *worden* in the sentence (can be a passive, but is
often an active perfect tense, so only a hint). ``sentence_flags`` is reused for the passive ratio.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Thresholds
from ..i18n import _
from ..model import Finding, Segment, Sentence, Token
from ..participles import is_participle
from . import make_finding

CODE = "passive"
HINT_CODE = "passive_hint"
INFINITIVE_CODE = "passive_infinitive"
WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden", "geworden"})
ZIJN = frozenset({"ben", "bent", "is", "zijn", "was", "waren", "geweest"})
# Participles that with 'zijn' form an active perfect tense (is gekomen, is verhuisd …): no hint.
ZIJN_ACTIVE = frozenset(
    [
        "gekomen",
        "gegaan",
        "gebleven",
        "geworden",
        "geweest",
        "gestorven",
        "overleden",
        "verhuisd",
        "vertrokken",
        "begonnen",
        "gestopt",
        "veranderd",
        "verschenen",
        "gebeurd",
        "geslaagd",
        "gelukt",
        "gestegen",
        "gedaald",
        "toegenomen",
        "afgenomen",
        "aangekomen",
        "teruggekomen",
        "meegegaan",
        "ontstaan",
    ]
)
BEFORE, AFTER = 6, 15


def _participle_near(tokens: tuple[Token, ...], index: int) -> Token | None:
    """Nearest participle to tokens[index], preferring the words after it (Dutch verb-final order)."""
    for j in range(index + 1, min(len(tokens), index + 1 + AFTER)):
        if tokens[j].kind == "word" and tokens[j].lower not in WORDEN and is_participle(tokens[j].lower):
            return tokens[j]
    for j in range(index - 1, max(-1, index - 1 - BEFORE), -1):
        if tokens[j].kind == "word" and tokens[j].lower not in WORDEN and is_participle(tokens[j].lower):
            return tokens[j]
    return None


def passive_span(sentence: Sentence) -> tuple[int, int] | None:
    """(start, end) covering 'worden'-form and participle, or None when the sentence is active."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        if token.lower in WORDEN:
            participle = _participle_near(tokens, i)
            if participle is not None:
                return min(token.start, participle.start), max(token.end, participle.end)
    return None


def _zijn_span(sentence: Sentence) -> tuple[int, int] | None:
    tokens = sentence.tokens
    if any(t.lower in WORDEN for t in tokens):
        return None
    for i, token in enumerate(tokens):
        if token.lower in ZIJN:
            participle = _participle_near(tokens, i)
            if participle is not None and participle.lower not in ZIJN_ACTIVE:
                return min(token.start, participle.start), max(token.end, participle.end)
    return None


def _after_te(segment: Segment, start: int) -> bool:
    """Whether the passive span starts with *worden* right after *te* ("dient te worden vastgelegd")."""
    before = segment.source[:start].rstrip()
    return before.lower().endswith(" te") or before.lower() == "te"


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    findings = []
    for segment in segments:
        for sentence in segment.sentences:
            span = passive_span(sentence)
            if span is not None and _after_te(segment, span[0]) \
                    and segment.source[span[0]:span[1]].lower().startswith("worden"):
                findings.append(
                    make_finding(
                        segment,
                        INFINITIVE_CODE,
                        "warning",
                        _("Lijdende vorm met 'te worden': 'te {text}'."),
                        _("Zeg wie het moet doen: 'U moet de afspraken vastleggen' in plaats van 'De afspraken "
                          "dienen te worden vastgelegd'."),
                        span[0] - 3,
                        span[1],
                        text=segment.source[span[0] : span[1]],
                    )
                )
                continue
            if span is not None:
                findings.append(
                    make_finding(
                        segment,
                        CODE,
                        "warning",
                        _("Lijdende vorm: '{text}'."),
                        _(
                            "Schrijf actief: wie doet wat? Bijvoorbeeld 'Wij sturen u …' in plaats van "
                            "'U wordt … gestuurd'."
                        ),
                        span[0],
                        span[1],
                        text=segment.source[span[0] : span[1]],
                    )
                )
                continue
            hint = _zijn_span(sentence)
            if hint is not None:
                findings.append(
                    make_finding(
                        segment,
                        HINT_CODE,
                        "info",
                        _("Mogelijk lijdende vorm: '{text}'."),
                        _("Is dit een lijdende vorm? Zeg dan wie het doet, bijvoorbeeld 'Wij hebben … goedgekeurd'."),
                        hint[0],
                        hint[1],
                        text=segment.source[hint[0] : hint[1]],
                    )
                )
    return findings
