"""Prices live in cost lines only; this module finds amounts written in free text and renders cost lines as text.

Contract:
- :func:`amounts_in` finds euro amounts in Dutch text: ``€ 25,30``, ``€25``, ``25,30 euro``, ``25 EUR``,
  ``0,20 euro per kilo``; thousands with a dot (``1.250 euro``). Numbers without a currency are not prices.
- :func:`unlisted_amounts` lists the amounts a page's text (short answer and sections) names that none of its cost
  lines has: the publish check warns about them (``kennisbank.editorial.consistency``).
- :func:`cost_lines_text` renders the cost lines for the phone and for plain-text channels (``Volwassene: € 75,00``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import ContentPage

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


def unlisted_amounts(page: ContentPage) -> list[Decimal]:
    """Amounts in the page's short answer and sections that no cost line of the page has."""
    listed = {line.amount.quantize(Decimal("0.01")) for line in page.cost_lines.all()} \
        if hasattr(page, "cost_lines") else set()
    texts = [page.short_answer, *(s["text"] for s in page.sections())]
    seen: list[Decimal] = []
    for text in texts:
        for amount in amounts_in(text):
            if amount not in listed and amount not in seen:
                seen.append(amount)
    return seen


def cost_lines_text(page: ContentPage) -> str:
    """The cost lines as lines of text; empty when the page has none."""
    lines = []
    for line in page.cost_lines.all() if hasattr(page, "cost_lines") else []:
        price = euro(line.amount) if line.amount else _("gratis")
        lines.append(f"{line.label}: {price}" + (f" ({line.note})" if line.note else ""))
    return "\n".join(lines)
