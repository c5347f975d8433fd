"""Prices written as text in a product's "Kostprijs" section become cost lines (prices live in cost lines only).

Contract of :func:`prices_to_cost_lines`: for a product record without cost lines, every bullet of its cost
sections that reads ``label: amount [note]`` with exactly one euro amount (``- eerste kaart: 25 euro per jaar``)
becomes a :class:`~importers.record.CostItem` (label, amount, note) and leaves the text; other lines stay. A record
that already has cost lines, a fiche, or a section without such bullets is returned unchanged. Every importer
applies it (``importers.pipeline.import_records``), so a re-import of the exported result changes nothing.
"""

from __future__ import annotations

import dataclasses
import re

from kennisbank.prices import AMOUNT_RE, amounts_in
from kennisbank.vocabulary import SectionKind

from .body import Section
from .record import CostItem, ItemRecord
from .schema import COST_AMOUNT_MAX, COST_LABEL_MAX, COST_NOTE_MAX

_BULLET_RE = re.compile(r"^\s*[-*+]\s+(?P<label>[^:\n]{1,200}?)\s*:\s*(?P<rest>.+?)\s*$")


def _cost_line(line: str) -> CostItem | None:
    match = _BULLET_RE.match(line)
    if not match:
        return None
    rest = match.group("rest")
    found = amounts_in(rest)
    amount_match = AMOUNT_RE.search(rest)
    if len(found) != 1 or amount_match is None or amount_match.start() != 0 or found[0] > COST_AMOUNT_MAX:
        return None
    note = rest[amount_match.end():].strip(" ,;()")
    label = match.group("label").strip()
    return CostItem(label=label[:1].upper() + label[1:COST_LABEL_MAX], amount=found[0], note=note[:COST_NOTE_MAX])


def prices_to_cost_lines(record: ItemRecord) -> ItemRecord:
    """``record`` with the priced bullets of its cost sections moved to cost lines (see the module docstring)."""
    if not record.is_product or record.cost:
        return record
    lines: list[CostItem] = []
    sections: list[Section] = []
    for section in record.sections:
        if section.kind != SectionKind.COST:
            sections.append(section)
            continue
        kept = []
        for text_line in section.text.split("\n"):
            cost = _cost_line(text_line)
            if cost is None:
                kept.append(text_line)
            else:
                lines.append(cost)
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
        sections.append(dataclasses.replace(section, text=text))
    if not lines:
        return record
    return dataclasses.replace(record, cost=tuple(lines), sections=tuple(sections))
