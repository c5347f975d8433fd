"""Entry points: ``analyse_text`` and ``analyse_sections``.

Contract: pure functions (no I/O besides reading the packaged word lists once, no shared mutable
state); the same input and thresholds always give an equal report. Thresholds default to
``get_thresholds()`` (Django setting ``KENNISBANK_READABILITY`` or the module defaults).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .config import Thresholds, get_thresholds
from .model import Finding, ReadabilityReport, Segment
from .rules import all_rules
from .rules.ambtelijk import CODE as AMBTELIJK
from .scoring import statistics, verdict
from .splitter import parse_segment

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _sort_key(finding: Finding) -> tuple:
    section = -1 if finding.section is None else finding.section
    return (section, finding.field != "heading", finding.start, finding.end, finding.code)


def _report(segments: Sequence[Segment], thresholds: Thresholds) -> ReadabilityReport:
    findings: list[Finding] = []
    for rule in all_rules():
        findings.extend(rule(segments, thresholds))
    findings.sort(key=_sort_key)
    ambtelijk_count = sum(1 for f in findings if f.code == AMBTELIJK)
    stats = statistics(segments, thresholds, ambtelijk_count)
    code, label, reasons = verdict(stats, thresholds)
    return ReadabilityReport(
        score=stats.score,
        verdict=code,
        verdict_label=label,
        word_count=stats.word_count,
        sentence_count=stats.sentence_count,
        syllable_count=stats.syllable_count,
        avg_sentence_length=stats.avg_sentence_length,
        avg_syllables_per_word=stats.avg_syllables_per_word,
        long_sentence_ratio=stats.long_sentence_ratio,
        passive_ratio=stats.passive_ratio,
        ambtelijk_count=ambtelijk_count,
        findings=findings,
        reasons=reasons,
    )


def analyse_text(text: str, thresholds: Thresholds | None = None) -> ReadabilityReport:
    """Report for one Markdown/plain Dutch text; finding offsets index into ``text``; section is None."""
    if not isinstance(text, str):
        raise TypeError(f"analyse_text expects str, got {type(text).__name__}")
    return _report([parse_segment(text)], thresholds or get_thresholds())


def analyse_sections(sections: Sequence[Mapping[str, Any]], thresholds: Thresholds | None = None) -> ReadabilityReport:
    """Combined report for a page body: ``[{"heading": str, "text": markdown}, …]``.

    Findings carry ``section`` (index into ``sections``) and ``field`` ("heading" or "text"); their
    offsets index into that section's heading or text. Missing keys count as empty strings; a value
    that is not a string raises ``ValueError`` naming the section index and key.
    """
    segments: list[Segment] = []
    for index, section in enumerate(sections):
        if not isinstance(section, Mapping):
            raise ValueError(f"sections[{index}]: expected a dict with 'heading' and 'text'")
        for key in ("heading", "text"):
            value = section.get(key) or ""
            if not isinstance(value, str):
                raise ValueError(f"sections[{index}][{key!r}]: expected str, got {type(value).__name__}")
            if value.strip():
                segments.append(parse_segment(value, section=index, field=key))
    return _report(segments, thresholds or get_thresholds())
