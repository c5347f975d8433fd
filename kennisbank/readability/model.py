"""Data types: the parsed text (segments, blocks, sentences, tokens) and the report (findings).

All types are frozen dataclasses (immutable, safe to share between threads). Offsets are character
offsets into the text the segment was computed on (``Segment.source``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NamedTuple

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")

# Unit kinds that count as sentences for the score and the ratios. Headings and table rows are units
# of their own but not sentences.
SENTENCE_KINDS = frozenset({"sentence", "list_item"})


class Token(NamedTuple):
    """A word, number or dotted abbreviation (``kind``: word, number, abbr). A NamedTuple: built
    once per word, so it must be cheap."""

    start: int
    end: int
    text: str
    lower: str
    kind: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A unit: ``kind`` is sentence, list_item, heading or table_row."""

    start: int
    end: int
    kind: str
    tokens: tuple[Token, ...]

    @property
    def word_count(self) -> int:
        return len(self.tokens)

    @property
    def counts_as_sentence(self) -> bool:
        return self.kind in SENTENCE_KINDS and bool(self.tokens)


@dataclass(frozen=True, slots=True)
class Block:
    """A Markdown block: ``kind`` is paragraph, heading, list_item or table_row."""

    kind: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]

    @property
    def word_count(self) -> int:
        return sum(s.word_count for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Segment:
    """One analysed string: a whole text, a section's Markdown text or a section heading."""

    source: str
    masked: str  # same length as source, markup blanked (see markdown_mask)
    section: int | None
    field: str  # "text" or "heading"
    blocks: tuple[Block, ...]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of advice. ``source_text[start:end] == text`` for the segment it was computed on.

    ``section`` is the index in the list given to ``analyse_sections`` (None for ``analyse_text``);
    ``field`` says whether offsets point into the section's ``text`` or its ``heading``.
    """

    code: str
    severity: Severity
    message: str
    suggestion: str
    start: int
    end: int
    text: str
    section: int | None = None
    field: str = "text"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReadabilityReport:
    """Scores, verdict and findings for a text or a page (see docs/readability.md)."""

    score: float
    verdict: str  # ok, warn, hard
    verdict_label: str
    word_count: int
    sentence_count: int
    syllable_count: int
    avg_sentence_length: float
    avg_syllables_per_word: float
    long_sentence_ratio: float
    passive_ratio: float
    ambtelijk_count: int
    findings: list[Finding] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of str/int/float/None/list values (``json.dumps`` works on it)."""
        data = asdict(self)
        for key in ("score", "avg_sentence_length", "avg_syllables_per_word", "long_sentence_ratio", "passive_ratio"):
            data[key] = round(data[key], 3)
        return data
