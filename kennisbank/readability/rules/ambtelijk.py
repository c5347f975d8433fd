"""Rule ``ambtelijk``: ambtelijke woorden from ``data/ambtelijke_woorden.tsv`` with a plain replacement.

Matching is case-insensitive on whole words, on the masked text (never inside links or code). The
term regex is only tried at words that can start a term (fast on long texts).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Thresholds
from ..i18n import _
from ..lexicon import ambtelijke_woorden
from ..model import Finding, Segment
from . import make_finding

CODE = "ambtelijk"


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    lexicon = ambtelijke_woorden()
    findings = []
    for segment in segments:
        last_end = -1
        for sentence in segment.sentences:
            for token in sentence.tokens:
                if token.start < last_end or token.kind != "word" or not lexicon.may_start(token.lower):
                    continue
                match = lexicon.pattern.match(segment.masked, token.start)
                if match is None:
                    continue
                last_end = match.end()
                matched = segment.source[match.start() : match.end()]
                findings.append(
                    make_finding(
                        segment,
                        CODE,
                        "warning",
                        _("Ambtelijk woord: '{term}'."),
                        _("Schrijf '{replacement}' in plaats van '{term}'."),
                        match.start(),
                        match.end(),
                        term=matched,
                        replacement=lexicon.replacement(matched),
                    )
                )
    return findings
