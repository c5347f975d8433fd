"""Rule ``long_sentence``: sentences over ``max_sentence_words`` words (error above
``very_long_sentence_words``). Headings and table rows are not sentences and are skipped."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Thresholds
from ..i18n import _
from ..model import Finding, Segment, Severity
from . import make_finding

CODE = "long_sentence"


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    findings = []
    for segment in segments:
        for sentence in segment.sentences:
            words = sentence.word_count
            if not sentence.counts_as_sentence or words <= thresholds.max_sentence_words:
                continue
            severity: Severity = "error" if words > thresholds.very_long_sentence_words else "warning"
            findings.append(
                make_finding(
                    segment,
                    CODE,
                    severity,
                    _("Lange zin: {words} woorden (richtlijn: hoogstens {limit})."),
                    _("Splits de zin in kortere zinnen met één boodschap per zin."),
                    sentence.start,
                    sentence.end,
                    words=words,
                    limit=thresholds.max_sentence_words,
                )
            )
    return findings
