"""Prices live in cost lines only; this module finds euro amounts written in free text and writes amounts.

Contract:
- :func:`amounts_in` finds euro amounts in Dutch text: ``€ 25,30``, ``€25``, ``25,30 euro``, ``25 EUR``,
  ``0,20 euro per kilo``; thousands with a dot (``1.250 euro``). Numbers without a currency are not prices.
- :func:`euro` writes an amount the one way the site, console and warnings write prices (``€ 25,30``). The publish
  check that warns about amounts in text lives in :mod:`kennisbank.editorial.consistency`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_NUMBER = r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?"
AMOUNT_RE = re.compile(rf"(?:€\s?{_NUMBER})|(?:\b{_NUMBER}\s?(?:euro|eur)\b)", re.IGNORECASE)


def _decimal(whole: str, cents: str | None) -> Decimal | None:
    try:
        return Decimal(whole.replace(".", "") + "." + (cents or "0").ljust(2, "0")).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        return None


def amounts_in(text: str) -> list[Decimal]:
    """Every euro amount in ``text``, in order (see the module docstring)."""
    found = []
    for match in AMOUNT_RE.finditer(text or ""):
        groups = match.groups()
        whole, cents = (groups[0], groups[1]) if groups[0] is not None else (groups[2], groups[3])
        value = _decimal(whole, cents)
        if value is not None:
            found.append(value)
    return found


def euro(amount: Decimal) -> str:
    """``€ 25,30`` (Belgian notation, a no-break space after the sign so a price never wraps)."""
    return "€\u00a0" + f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
