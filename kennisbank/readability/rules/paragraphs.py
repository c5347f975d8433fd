"""Rule ``long_paragraph`` (warning): paragraphs with more than ``max_paragraph_words`` words.
Only paragraph blocks count (a list or heading is not a paragraph). The span is the whole paragraph."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Thresholds
from ..i18n import _
from ..model import Finding, Segment
from . import make_finding

CODE = "long_paragraph"


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    findings = []
    for segment in segments:
        for block in segment.blocks:
            words = block.word_count
            if block.kind != "paragraph" or words <= thresholds.max_paragraph_words:
                continue
            findings.append(
                make_finding(
                    segment,
                    CODE,
                    "warning",
                    _("Lange alinea: {words} woorden (richtlijn: hoogstens {limit})."),
                    _("Verdeel de alinea in kortere alinea's met een tussenkop, of maak een opsomming."),
                    block.start,
                    block.end,
                    words=words,
                    limit=thresholds.max_paragraph_words,
                )
            )
    return findings
