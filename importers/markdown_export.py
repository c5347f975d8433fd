"""Export live items to the Markdown exchange format (the inverse of :mod:`importers.markdown_import`).

Contract:
- :func:`render_record` gives the text of one ``<id>.md`` file: front matter with the keys in the contract's
  order (core keys, then the documented extensions), lists in flow style, text values double-quoted, ids and
  enums plain (quoted by YAML only when needed), extension keys only when set; then the body (``##`` sections).
  The output is deterministic, so ``export → import → export`` gives byte-identical files.
- :func:`export_folder` writes one file per live item read through :mod:`kennisbank.selectors`: the operator
  scope by default (editor export: internal items included, the format carries ``visibility``), the public scope
  with ``public_only=True`` (no internal items, no phone script, no related ids of items the public cannot see).
  Other ``*.md`` files already in the folder are an error (they would mix with the export) unless ``clean=True``,
  which removes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from kennisbank.selectors import items
from kennisbank.vocabulary import AUDIENCE_EXCHANGE_CODES, Scope

from .body import render_body
from .record import ItemRecord, record_from_page

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_WIDTH = 1_000_000_000

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


class ExportError(Exception):
    """The export cannot be written (message in Dutch)."""


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("Export klaar: %(n)s bestand(en) geschreven, %(removed)s verwijderd.") % {
            "n": len(self.written), "removed": len(self.removed)}


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents block sequences under a key (``cost:\\n  - {...}``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _plain(value: str) -> yaml.ScalarNode:
    """A string that YAML writes plain when it reads back as the same string, else quoted."""
    return yaml.ScalarNode(_STR, value)


def _quoted(value: str) -> yaml.ScalarNode:
    return yaml.ScalarNode(_STR, value, style='"')


def _int(value: int) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:int", str(value))


def _amount(value: Decimal) -> yaml.ScalarNode:
    """Euro amounts always with two decimals (``25.30``, ``0.00``); YAML reads them back as numbers."""
    return yaml.ScalarNode("tag:yaml.org,2002:float", f"{value:.2f}")


def _flow_list(values: Iterable[str]) -> yaml.SequenceNode:
    return yaml.SequenceNode(_SEQ, [_quoted(v) for v in values], flow_style=True)


def _block_list(values: Iterable[str]) -> yaml.SequenceNode:
    return yaml.SequenceNode(_SEQ, [_quoted(v) for v in values], flow_style=False)


def _mapping(pairs: list[tuple[str, yaml.Node]], *, flow: bool = False) -> yaml.MappingNode:
    return yaml.MappingNode(_MAP, [(_plain(k), v) for k, v in pairs], flow_style=flow)


def front_matter_nodes(record: ItemRecord, *, include_phone_script: bool = True) -> yaml.MappingNode:
    """The front matter of a record as a YAML node tree with explicit styles."""
    pairs: list[tuple[str, yaml.Node]] = [
        ("id", _plain(record.external_id)),
        ("type", _plain(record.item_type)),
        ("title", _quoted(record.title)),
        ("short_answer", _quoted(record.short_answer)),
    ]
    for key, values in (("themes", record.themes), ("life_events", record.life_events),
                        ("audience", tuple(AUDIENCE_EXCHANGE_CODES[c] for c in record.audiences))):
        if values:
            pairs.append((key, _flow_list(values)))
    pairs.append(("visibility", _plain(record.visibility)))
    for key, values in (("keywords", record.keywords), ("related", record.related)):
        if values:
            pairs.append((key, _flow_list(values)))
    if record.owner:
        pairs.append(("owner", _quoted(record.owner)))
    if record.review_interval_months:
        pairs.append(("review_interval_months", _int(record.review_interval_months)))
    if record.last_reviewed:
        pairs.append(("last_reviewed", yaml.ScalarNode("tag:yaml.org,2002:timestamp",
                                                       record.last_reviewed.isoformat())))
    if record.is_product:
        if record.cost:
            lines = []
            for cost in record.cost:
                line = [("label", _quoted(cost.label)), ("amount", _amount(cost.amount))]
                if cost.note:
                    line.append(("note", _quoted(cost.note)))
                lines.append(_mapping(line, flow=True))  # type: ignore[arg-type]
            pairs.append(("cost", yaml.SequenceNode(_SEQ, lines, flow_style=False)))
        pairs.append(("appointment_required", yaml.ScalarNode("tag:yaml.org,2002:bool",
                                                              "true" if record.appointment_required else "false")))
        if record.product_type:
            pairs.append(("product_type", _plain(record.product_type)))
        if record.actions:
            actions = []
            for action in record.actions:
                fields = [("kind", _plain(action.kind))]
                if action.url:
                    fields.append(("url", _quoted(action.url)))
                if action.label:
                    fields.append(("label", _quoted(action.label)))
                actions.append(_mapping(fields, flow=True))  # type: ignore[arg-type]
            pairs.append(("actions", yaml.SequenceNode(_SEQ, actions, flow_style=False)))
        if record.service_points:
            pairs.append(("service_points", _flow_list(record.service_points)))
    if include_phone_script:
        script: list[tuple[str, yaml.Node]] = []
        if record.phone_questions:
            script.append(("questions", _block_list(record.phone_questions)))
        if record.phone_steps:
            script.append(("steps", _block_list(record.phone_steps)))
        if record.phone_transfer:
            script.append(("transfer", _quoted(record.phone_transfer)))
        if record.phone_notes:
            script.append(("notes", _quoted(record.phone_notes)))
        if script:
            pairs.append(("phone_script", _mapping(script)))
    return _mapping(pairs)


def render_record(record: ItemRecord, *, include_phone_script: bool = True) -> str:
    """The full text of ``<id>.md`` for a record."""
    front = yaml.serialize(front_matter_nodes(record, include_phone_script=include_phone_script), Dumper=_Dumper,
                           allow_unicode=True, width=_WIDTH, explicit_start=False, explicit_end=False)
    return f"---\n{front}---\n{render_body(record.sections)}"


def export_folder(directory: Path | str, *, public_only: bool = False, clean: bool = False,
                  progress: Progress | None = None) -> ExportReport:
    """Write one ``<id>.md`` per live item of the scope into ``directory`` (created when missing)."""
    directory = Path(directory)
    scope = Scope.PUBLIC if public_only else Scope.OPERATOR
    pages = list(items(scope).specific().order_by("external_id"))
    names = {f"{page.external_id}.md" for page in pages}
    if directory.exists() and not directory.is_dir():
        raise ExportError(_("%(path)s is geen map.") % {"path": directory})
    directory.mkdir(parents=True, exist_ok=True)
    stale = sorted(p.name for p in directory.glob("*.md") if p.is_file() and p.name not in names)
    if stale and not clean:
        raise ExportError(_("De map bevat al andere .md-bestanden die niet bij deze export horen (%(files)s). "
                            "Kies een lege map of gebruik --clean om ze te verwijderen.")
                          % {"files": ", ".join(stale[:10]) + (" ..." if len(stale) > 10 else "")})
    report = ExportReport()
    for name in stale:
        (directory / name).unlink()
        report.removed.append(name)
    wrap = progress or (lambda iterable, _desc, _total: iterable)
    for page in wrap(pages, _("Exporteren"), len(pages)):
        record = record_from_page(page, related_scope=scope)
        text = render_record(record, include_phone_script=not public_only)
        path = directory / f"{page.external_id}.md"
        path.write_text(text, encoding="utf-8", newline="\n")
        report.written.append(path.name)
    return report
