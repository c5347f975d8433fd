"""Thresholds for the readability verdict and rules.

Contract: ``get_thresholds()`` returns a frozen ``Thresholds``. The defaults below apply unless Django
settings are configured and define ``KENNISBANK_READABILITY`` (a dict overriding some of the fields).
Unknown keys or values of the wrong type raise ``ValueError`` naming the key. Settings are read lazily,
on every call, so ``override_settings`` works in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

SETTING_NAME = "KENNISBANK_READABILITY"


@dataclass(frozen=True)
class Thresholds:
    """All tunable numbers; see docs/readability.md for their meaning."""

    # Flesch-Douma: score >= score_ok is fine, score_hard <= score < score_ok "kan eenvoudiger",
    # below score_hard "te moeilijk".
    score_ok: float = 65.0
    score_hard: float = 50.0
    # Texts with fewer words than this get no score-based verdict (the score is too noisy).
    min_words_for_score: int = 1
    # Sentence length: a sentence is long above max_sentence_words, very long above very_long_sentence_words.
    max_sentence_words: int = 20
    very_long_sentence_words: int = 30
    long_sentence_ratio_warn: float = 0.25
    long_sentence_ratio_hard: float = 0.50
    # Share of sentences with a passive construction (worden + voltooid deelwoord).
    passive_ratio_warn: float = 0.10
    passive_ratio_hard: float = 0.30
    # Number of ambtelijke woorden found.
    ambtelijk_warn: int = 1
    ambtelijk_hard: int = 5
    # Word and paragraph length.
    long_word_letters: int = 14
    long_word_syllables: int = 5
    max_paragraph_words: int = 150

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, Any], source: str = SETTING_NAME) -> Thresholds:
        """Defaults updated with ``overrides``; raises ValueError naming a bad key or value."""
        if not isinstance(overrides, Mapping):
            raise ValueError(f"{source} must be a dict, got {type(overrides).__name__}")
        known = {f.name: f for f in fields(cls)}
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            if key not in known:
                raise ValueError(f"{source}[{key!r}]: unknown threshold; known: {', '.join(sorted(known))}")
            default = getattr(cls, key)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{source}[{key!r}]: expected a number, got {value!r}")
            if isinstance(default, int) and not isinstance(default, bool) and not float(value).is_integer():
                raise ValueError(f"{source}[{key!r}]: expected a whole number, got {value!r}")
            changes[key] = type(default)(value)
        return replace(cls(), **changes)


DEFAULT_THRESHOLDS = Thresholds()


def get_thresholds() -> Thresholds:
    """Thresholds from Django's ``KENNISBANK_READABILITY`` setting when configured, else the defaults."""
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is a project dependency
        return DEFAULT_THRESHOLDS
    if not settings.configured:
        return DEFAULT_THRESHOLDS
    from ..conf import kennisbank_settings

    overrides = kennisbank_settings.READABILITY
    if not overrides:
        return DEFAULT_THRESHOLDS
    return Thresholds.from_mapping(overrides)
