"""Text that every layer may store or index: no NUL, no other control characters, no lone surrogates.

PostgreSQL refuses NUL in text (``DataError``), a lone surrogate cannot be encoded as UTF-8, and control characters
break search snippets and exports. Contract:

- :func:`clean_text` returns the text without NUL and other C0/C1 control characters (tab, line feed and carriage
  return are kept) and without lone surrogates (``\\ud800``–``\\udfff``); it never raises. Search boxes, the
  operator's "niet gevonden" form and the query log use it: what people type is searched and stored cleaned.
- :func:`forbidden_characters` names what :func:`clean_text` would remove (for inputs that must be refused with a
  clear message instead, such as import files).
- :func:`visible_text` replaces each of them by its code (``⟨U+0000⟩``): for messages that quote hostile input.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without NUL, control characters (but tab and line ends) and lone surrogates."""
    return _FORBIDDEN.sub("", text) if text else ""


def forbidden_characters(text: str) -> list[str]:
    """The forbidden characters in ``text`` as ``U+XXXX`` codes, in order of first appearance (empty: clean)."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(text or "")))


def visible_text(text: str) -> str:
    """``text`` with each forbidden character shown as ``⟨U+XXXX⟩`` (safe to print, log and render)."""
    return _FORBIDDEN.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text) if text else text
