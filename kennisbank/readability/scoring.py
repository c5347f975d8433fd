"""Text statistics, the Flesch-Douma score and the verdict.

Contract:
- ``douma(words, sentences, syllables)`` = 206.835 − 0.93·(words/sentences) − 77·(syllables/words);
  0.0 when there are no words.
- ``statistics(segments, thresholds)`` counts only sentence units (sentences and list items; not
  headings or table rows) and returns a ``Statistics``.
- ``verdict(stats, thresholds)`` → (code, label, reasons): the worst level over the score, the share
  of long sentences, the share of passive sentences and the number of ambtelijke woorden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .config import Thresholds
from .i18n import _, translate
from .model import Segment
from .rules.passive import passive_span
from .syllables import token_syllables

LEVELS = ("ok", "warn", "hard")
LABELS = {"ok": _("ok"), "warn": _("kan eenvoudiger"), "hard": _("te moeilijk")}


def douma(words: int, sentences: int, syllables: int) -> float:
    if not words or not sentences:
        return 0.0
    return 206.835 - 0.93 * (words / sentences) - 77.0 * (syllables / words)


@dataclass(frozen=True)
class Statistics:
    word_count: int
    sentence_count: int
    syllable_count: int
    long_sentences: int
    passive_sentences: int
    ambtelijk_count: int

    @property
    def score(self) -> float:
        return douma(self.word_count, self.sentence_count, self.syllable_count)

    @property
    def avg_sentence_length(self) -> float:
        return self.word_count / self.sentence_count if self.sentence_count else 0.0

    @property
    def avg_syllables_per_word(self) -> float:
        return self.syllable_count / self.word_count if self.word_count else 0.0

    @property
    def long_sentence_ratio(self) -> float:
        return self.long_sentences / self.sentence_count if self.sentence_count else 0.0

    @property
    def passive_ratio(self) -> float:
        return self.passive_sentences / self.sentence_count if self.sentence_count else 0.0


def statistics(segments: Sequence[Segment], thresholds: Thresholds, ambtelijk_count: int) -> Statistics:
    words = sentences = syllables = long_sentences = passives = 0
    for segment in segments:
        for sentence in segment.sentences:
            if not sentence.counts_as_sentence:
                continue
            sentences += 1
            words += sentence.word_count
            syllables += sum(token_syllables(t) for t in sentence.tokens)
            if sentence.word_count > thresholds.max_sentence_words:
                long_sentences += 1
            if passive_span(sentence) is not None:
                passives += 1
    return Statistics(words, sentences, syllables, long_sentences, passives, ambtelijk_count)


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def verdict(stats: Statistics, thresholds: Thresholds) -> tuple[str, str, list[str]]:
    level = 0
    reasons: list[str] = []

    def judge(value: float, warn_at: float, hard_at: float, message: str, strict: bool, **params) -> None:
        nonlocal level
        worse = (lambda v, t: v > t) if strict else (lambda v, t: v >= t)
        if worse(value, hard_at):
            found = 2
        elif worse(value, warn_at):
            found = 1
        else:
            return
        level = max(level, found)
        reasons.append(translate(message).format(**params))

    if stats.word_count >= thresholds.min_words_for_score and stats.word_count:
        # A lower score is worse: negate so the same comparison works.
        judge(
            -stats.score,
            -thresholds.score_ok,
            -thresholds.score_hard,
            _("Leesbaarheidsscore (Flesch-Douma) {score:.1f} is lager dan {limit:g}."),
            strict=True,
            score=stats.score,
            limit=thresholds.score_ok,
        )
    judge(
        stats.long_sentence_ratio,
        thresholds.long_sentence_ratio_warn,
        thresholds.long_sentence_ratio_hard,
        _("{share} van de zinnen is langer dan {words} woorden (richtlijn: hoogstens {limit})."),
        strict=True,
        share=_pct(stats.long_sentence_ratio),
        words=thresholds.max_sentence_words,
        limit=_pct(thresholds.long_sentence_ratio_warn),
    )
    judge(
        stats.passive_ratio,
        thresholds.passive_ratio_warn,
        thresholds.passive_ratio_hard,
        _("{share} van de zinnen staat in de lijdende vorm (richtlijn: hoogstens {limit})."),
        strict=True,
        share=_pct(stats.passive_ratio),
        limit=_pct(thresholds.passive_ratio_warn),
    )
    judge(
        stats.ambtelijk_count,
        thresholds.ambtelijk_warn,
        thresholds.ambtelijk_hard,
        _("Ambtelijke woorden gevonden: {count}."),
        strict=False,
        count=stats.ambtelijk_count,
    )
    code = LEVELS[level]
    return code, translate(LABELS[code]), reasons
