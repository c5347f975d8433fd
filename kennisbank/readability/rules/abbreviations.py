"""Rule ``abbreviation``.

1. Abbreviations in capitals (2–6 characters, e.g. OCMW, BTW, KBO) must be explained at their first
   use on the page: either followed by an explanation in brackets (``OCMW (Openbaar Centrum …)``) or
   placed in brackets right after it (``Openbaar Centrum … (OCMW)``). An unexplained first use is a
   warning (one finding per abbreviation). Words next to other words in capitals (``LET OP``) are
   shouting, not abbreviations, and so is a heading written in capitals; Roman numerals (II, XIV)
   are skipped. Well-known abbreviations in ``data/bekende_afkortingen.txt`` are allowed.
2. Dotted abbreviations: every occurrence of one listed in ``data/afkortingen.tsv`` (bv., o.a., d.w.z.,
   …) is an info with the written-out form; other dotted abbreviations (x.y.z.) are a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..config import Thresholds
from ..i18n import _
from ..lexicon import dotted_abbreviations, known_abbreviations
from ..model import Finding, Segment, Sentence
from . import make_finding

CODE = "abbreviation"
_CAPS = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
_PLURAL = re.compile(r"['’]s$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_GENERIC_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}(?![\w])")


@lru_cache(maxsize=1)
def _known_dotted() -> re.Pattern[str]:
    terms = sorted(dotted_abbreviations(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w])", re.IGNORECASE)


def _is_shouting(sentence: Sentence, index: int) -> bool:
    """Capitals used for emphasis: next to other words in capitals, or a heading written in capitals."""
    tokens = sentence.tokens
    if sentence.kind == "heading" and all(t.text.isupper() for t in tokens if t.kind == "word"):
        return True
    for j in (index - 1, index + 1):
        if 0 <= j < len(tokens) and len(tokens[j].text) > 1 and tokens[j].text.isupper():
            return True
    return False


def _explained(masked: str, start: int, end: int) -> bool:
    after = masked[end : end + 3].lstrip()
    if after.startswith("("):
        return True
    before = masked[max(0, start - 2) : start].rstrip()
    return before.endswith("(") and masked[end : end + 1] == ")"


def _caps_findings(segments: Sequence[Segment]) -> list[Finding]:
    known = known_abbreviations()
    first_use: dict[str, Finding | None] = {}
    for segment in segments:
        for sentence in segment.sentences:
            for index, token in enumerate(sentence.tokens):
                if token.kind != "word":
                    continue
                base = _PLURAL.sub("", token.text)
                if not _CAPS.match(base) or base in known or base in first_use or _ROMAN.match(base):
                    continue
                if _is_shouting(sentence, index):
                    continue
                end = token.start + len(base)
                if _explained(segment.masked, token.start, token.end):
                    first_use[base] = None
                    continue
                first_use[base] = make_finding(
                    segment,
                    CODE,
                    "warning",
                    _("Afkorting '{abbreviation}' wordt niet uitgelegd."),
                    _(
                        "Schrijf de afkorting voluit bij het eerste gebruik, met de afkorting tussen haakjes: "
                        "'… ({abbreviation})'."
                    ),
                    token.start,
                    end,
                    abbreviation=base,
                )
    return [f for f in first_use.values() if f is not None]


def _dotted_findings(segments: Sequence[Segment]) -> list[Finding]:
    written_out = dotted_abbreviations()
    known = _known_dotted()
    findings = []
    for segment in segments:
        spans = []
        for match in known.finditer(segment.masked):
            spans.append((match.start(), match.end()))
            full = written_out[match.group(0).lower()]
            findings.append(
                make_finding(
                    segment,
                    CODE,
                    "info",
                    _("Afkorting '{abbreviation}'."),
                    _("Schrijf '{full}' in plaats van '{abbreviation}'."),
                    match.start(),
                    match.end(),
                    abbreviation=match.group(0),
                    full=full,
                )
            )
        for match in _GENERIC_DOTTED.finditer(segment.masked):
            if any(s <= match.start() < e for s, e in spans):
                continue
            findings.append(
                make_finding(
                    segment,
                    CODE,
                    "warning",
                    _("Afkorting '{abbreviation}' wordt niet uitgelegd."),
                    _("Schrijf '{abbreviation}' voluit."),
                    match.start(),
                    match.end(),
                    abbreviation=match.group(0),
                )
            )
    return findings


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    return _caps_findings(segments) + _dotted_findings(segments)
