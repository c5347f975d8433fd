"""The plain-language rules. Each rule module exposes ``check(segments, thresholds) -> list[Finding]``.

Rules see all segments of a text or page at once (needed for "first use" of an abbreviation and for
u/je mixing across sections). Offsets in findings index into ``segment.source``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config import Thresholds
from ..i18n import translate
from ..model import Finding, Segment, Severity

Rule = Callable[[Sequence[Segment], Thresholds], list[Finding]]


def make_finding(
    segment: Segment,
    code: str,
    severity: Severity,
    message: str,
    suggestion: str,
    start: int,
    end: int,
    **params: object,
) -> Finding:
    """Build a Finding: translate the marked messages, then fill in ``params`` with str.format."""
    return Finding(
        code=code,
        severity=severity,
        message=translate(message).format(**params),
        suggestion=translate(suggestion).format(**params),
        start=start,
        end=end,
        text=segment.source[start:end],
        section=segment.section,
        field=segment.field,
    )


def all_rules() -> tuple[Rule, ...]:
    """The rules in report order."""
    from . import abbreviations, address, ambtelijk, constructions, paragraphs, passive, sentences, words

    return (
        sentences.check,
        passive.check,
        ambtelijk.check,
        words.check,
        abbreviations.check,
        address.check,
        constructions.check,
        paragraphs.check,
    )
