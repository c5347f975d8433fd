"""Limits and clean-text rules every importer applies (documented in ``docs/security.md`` → Limits).

Contract:
- :func:`check_file` runs on a whole input file before it is parsed: at most :data:`MAX_FILE_BYTES` for its format,
  no forbidden character (NUL, other control characters except tab and line ends, lone surrogates; see
  :mod:`kennisbank.textclean`) — reported per line, at most :data:`MAX_REPORTED_LINES` lines —, and the last line
  must end with a line break: a file that stops in the middle of a line was probably cut off in transfer (every
  exporter, spreadsheet program and ``git`` writes the final line break).
- :func:`check_record` runs on every validated record, whatever its format, so a value that reached a record through
  an escape (``"\\u0000"`` in JSON, ``"\\0"`` in YAML) is caught too: forbidden characters in any text, and the
  per-field limits of :data:`LIST_MAX`, :data:`BODY_MAX`, :data:`SECTIONS_MAX`, :data:`TEXT_MAX`.
- Every problem is an :class:`~importers.pipeline.ImportIssue` naming the file, the line (or JSON path) and the key.
  Nesting deeper than :data:`MAX_DEPTH` (YAML or JSON) is refused by the parsers with the same kind of message;
  :func:`check_json_arrays` refuses JSON arrays longer than :data:`MAX_JSON_ARRAY` (:data:`MAX_PAGE_MEMBERS` for a
  page's member list).
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from kennisbank.textclean import forbidden_characters

if TYPE_CHECKING:
    from .pipeline import ImportIssue, ParsedItem

#: Largest input file per format, in bytes.
MAX_FILE_BYTES = {"markdown": 1_000_000, "csv": 50_000_000, "json": 50_000_000}
#: Deepest nesting of lists and mappings the parsers accept (the formats need 4).
MAX_DEPTH = 32
#: Most entries per list field.
LIST_MAX = {"themes": 20, "life_events": 20, "audiences": 4, "keywords": 100, "related": 50,
            "service_points": 20, "cost": 30, "phone_questions": 30, "phone_steps": 30}
#: Longest body (all sections together), in characters; the longest demo text has 3 000.
BODY_MAX = 100_000
#: Most ``##`` sections in one body.
SECTIONS_MAX = 60
#: Longest free text fields without a format-specific limit, in characters.
TEXT_MAX = {"phone_notes": 5_000}
MAX_REPORTED_LINES = 5
#: Most values in one JSON(-LD) array, and most members in one LDES page (``member`` / ``@graph`` at the top). A
#: JSON-LD processor merges values pairwise, so one property with 20 000 values costs minutes; real pages hold tens.
MAX_JSON_ARRAY = 1_000
MAX_PAGE_MEMBERS = 10_000

_EXCHANGE_KEY = {"external_id": "id", "item_type": "type", "audiences": "audience", "sections": "body"}


def _issue(file: str, line: int, key: str, message: str, path: str = "") -> ImportIssue:
    from .pipeline import ImportIssue

    return ImportIssue(file, line, key, message, path)


def characters_message(codes: list[str]) -> str:
    """The Dutch message for forbidden characters (``U+0000`` …)."""
    return _("Bevat een ongeldig teken (%(codes)s): een NUL-teken, stuurteken of losse surrogaat hoort niet in "
             "tekst. Verwijder het.") % {"codes": ", ".join(codes)}


def check_file(name: str, text: str, *, size: int, kind: str) -> tuple[list[ImportIssue], bool]:
    """Size, forbidden characters and (not for JSON, which is cut-proof) a final line break of one decoded file.

    Returns the issues and whether parsing can go on (False after a size or character problem).
    """
    limit = MAX_FILE_BYTES[kind]
    if size > limit:
        return [_issue(name, 1, "file", _("Het bestand is te groot: %(size)s bytes (max. %(max)s).")
                       % {"size": size, "max": limit})], False
    issues: list[ImportIssue] = []
    if forbidden_characters(text):
        for number, line in enumerate(text.split("\n"), start=1):
            codes = forbidden_characters(line)
            if codes:
                issues.append(_issue(name, number, "file", characters_message(codes)))
                if len(issues) == MAX_REPORTED_LINES:
                    break
        return issues, False
    if kind != "json" and text and not text.endswith(("\n", "\r")):
        issues.append(_issue(name, text.count("\n") + 1, "file", _(
            "Het bestand eindigt midden in een regel: het is misschien afgebroken (bij het kopiëren of "
            "downloaden). Controleer het einde; is het volledig, sluit dan af met een regeleinde.")))
    return issues, True


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [t for v in value for t in _texts(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [t for f in fields(value) for t in _texts(getattr(value, f.name))]  # type: ignore[arg-type]
    return []


def check_record(item: ParsedItem) -> list[ImportIssue]:
    """Forbidden characters and size limits of one validated record (empty when it is fine or has no record)."""
    record, result = item.record, item.result
    if record is None:
        return []
    key_lines = result.key_lines if result is not None else {}
    issues: list[ImportIssue] = []

    def add(attr: str, message: str) -> None:
        key = _EXCHANGE_KEY.get(attr, attr)
        line = key_lines.get(key) or (key_lines.get("phone_script") if attr.startswith("phone_") else None)
        issues.append(_issue(item.name, line or key_lines.get("body", 1), key, message))

    for f in fields(record):
        value = getattr(record, f.name)
        codes = forbidden_characters("".join(_texts(value)))
        if codes:
            add(f.name, characters_message(codes))
        if f.name in LIST_MAX and len(value) > LIST_MAX[f.name]:
            add(f.name, _("Te veel waarden: %(n)s (max. %(max)s).") % {"n": len(value), "max": LIST_MAX[f.name]})
        if f.name in TEXT_MAX and len(value) > TEXT_MAX[f.name]:
            add(f.name, _("Te lang: %(n)s tekens (max. %(max)s).") % {"n": len(value), "max": TEXT_MAX[f.name]})
    if len(record.sections) > SECTIONS_MAX:
        add("sections", _("Te veel rubrieken: %(n)s (max. %(max)s).") % {"n": len(record.sections),
                                                                          "max": SECTIONS_MAX})
    body_length = sum(len(s.heading) + len(s.text) for s in record.sections)
    if body_length > BODY_MAX:
        add("sections", _("De tekst is te lang: %(n)s tekens (max. %(max)s).") % {"n": body_length,
                                                                                   "max": BODY_MAX})
    return issues


def check_json_arrays(name: str, raw: object) -> list[ImportIssue]:
    """Arrays in a parsed JSON document (line-numbered, :mod:`importers.jsonld`) longer than the limits, with their
    JSON path and line; at most :data:`MAX_REPORTED_LINES` are reported."""
    issues: list[ImportIssue] = []
    stack: list[tuple[object, str, int]] = [(raw, "$", 0)]
    while stack and len(issues) < MAX_REPORTED_LINES:
        value, path, depth = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, f"{path}.{k}", depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            limit = MAX_PAGE_MEMBERS if depth == 1 and path in ("$.member", "$.@graph") else MAX_JSON_ARRAY
            if len(value) > limit:
                issues.append(_issue(name, getattr(value, "line", 0) or 1, path.rsplit(".", 1)[-1],
                                     _("Te veel waarden: %(n)s (max. %(max)s).") % {"n": len(value), "max": limit},
                                     path))
                continue
            stack.extend((v, f"{path}[{n}]", depth + 1) for n, v in enumerate(value))
    return issues
