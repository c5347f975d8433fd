"""Personal data scrubbing for free text that people type (search queries, feedback comments, content gaps).

Contract of :func:`scrub_personal_data`: e-mail addresses become ``[e-mail]`` and runs of six or more digits,
possibly split by spaces, dots, dashes or slashes (rijksregisternummer ``85.07.30-033.28``, phone ``0470 12 34 56``,
bank account) become ``[nummer]``; NUL, control characters and lone surrogates are removed
(:func:`kennisbank.textclean.clean_text`). Applied BEFORE storage, so the database never holds them.
"""

from __future__ import annotations

import re

from .textclean import clean_text

EMAIL = re.compile(r"\S+@\S+")
NUMBER = re.compile(r"\d(?:[\s./-]?\d){5,}")


def scrub_personal_data(text: str) -> str:
    """``text`` without e-mail addresses, long numbers and forbidden characters (see the module docstring)."""
    return NUMBER.sub("[nummer]", EMAIL.sub("[e-mail]", clean_text(text or "")))
