"""Plain-language (B1) readability checks for Dutch: pure functions, text → report.

Public API (others depend on these names):
- ``analyse_text(text) -> ReadabilityReport``
- ``analyse_sections([{"heading": str, "text": markdown}, …]) -> ReadabilityReport``
- ``ReadabilityReport`` and ``Finding`` (see ``model``), ``Thresholds`` / ``get_thresholds`` (``config``).

No Django models are imported; Django settings are read lazily for thresholds and gettext is used only
when Django is ready. See docs/readability.md for the rules and thresholds.
"""

from .analysis import analyse_sections, analyse_text
from .config import DEFAULT_THRESHOLDS, Thresholds, get_thresholds
from .model import Finding, ReadabilityReport
from .splitter import split_sentences

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Finding",
    "ReadabilityReport",
    "Thresholds",
    "analyse_sections",
    "analyse_text",
    "get_thresholds",
    "split_sentences",
]
