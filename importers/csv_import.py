"""Import products and kennisfiches from one CSV file (columns documented in docs/csv-import.md).

Contract of :func:`import_csv`:
- The file is UTF-8 (a BOM is allowed), with a header row; the delimiter is ``,`` or ``;`` (whichever the header
  uses most). One row is one item; a cell may span lines when quoted. Lists inside a cell are separated by ``|``.
- Every row is turned into the same :class:`~importers.locations.Field` objects a Markdown file's front matter
  gives (each with a :class:`~importers.locations.FixedLocator` on the row's line) and validated by
  :func:`importers.schema.build_record`; the body cell is split by :func:`importers.body.parse_body`. Then
  :func:`importers.pipeline.import_records` checks across rows and against the database and writes. So the
  guarantees are those of the Markdown importer: every problem is reported (file, line, column, Dutch message),
  nothing is written when there is any, one transaction, idempotent upsert on ``id``, ``dry_run`` writes nothing.
- A row is the whole item: an empty cell, or a column the file does not have, means "not set" (an update clears
  that field), exactly as a missing key in a Markdown file.
- Line numbers are physical file lines (a quoted cell with line breaks moves the following cells down).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .body import parse_body
from .limits import check_file
from .locations import Field, FixedLocator
from .pipeline import ImportIssue, ImportReport, ParsedItem, Progress, import_records
from .schema import build_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

#: Columns holding a list (cell values separated by ``|``).
LIST_COLUMNS = ("themes", "life_events", "audience", "keywords", "related", "service_points", "phone_questions",
                "phone_steps")
#: Plain text columns passed on as they are (trimmed).
TEXT_COLUMNS = ("id", "type", "title", "short_answer", "visibility", "owner", "last_reviewed", "online_url",
                "phone_transfer", "product_type")
COLUMNS = ("id", "type", "title", "short_answer", "themes", "life_events", "audience", "visibility", "keywords",
           "related", "owner", "review_interval_months", "last_reviewed", "cost", "appointment_required",
           "product_type", "online_url", "service_points", "phone_questions", "phone_steps", "phone_transfer",
           "phone_notes",
           "body")
REQUIRED_COLUMNS = ("id", "type", "title", "short_answer")
LIST_SEPARATOR = "|"
PHONE_COLUMNS = {"phone_questions": "questions", "phone_steps": "steps", "phone_transfer": "transfer",
                 "phone_notes": "notes"}
TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
FALSE_WORDS = frozenset({"nee", "n", "no", "false", "onwaar", "0"})
_INT_RE = re.compile(r"^[0-9]+$")
_AMOUNT_RE = re.compile(r"^(?:€\s*)?([0-9]+)(?:[.,]([0-9]+))?(?:\s*(?:€|EUR|euro))?$", re.IGNORECASE)


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _amount(text: str) -> int | float | str:
    match = _AMOUNT_RE.match(text.strip())
    if not match:
        return text.strip()  # the shared validation reports it as "not an amount"
    whole, cents = match.groups()
    return float(f"{whole}.{cents}") if cents is not None else int(whole)


def _cost(cell: str) -> list[dict[str, Any]]:
    """``label = amount [= note]`` entries separated by ``|``."""
    items = []
    for part in _split_list(cell):
        label, *rest = (piece.strip() for piece in part.split("="))
        item: dict[str, Any] = {"label": label}
        if rest:
            item["amount"] = _amount(rest[0])
        if len(rest) > 1:
            item["note"] = "=".join(rest[1:]).strip()
        items.append(item)
    return items


def _bool(cell: str) -> bool | str:
    word = cell.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return cell.strip()


def _value(column: str, cell: str) -> Any:
    if column in LIST_COLUMNS:
        return _split_list(cell)
    if column == "review_interval_months":
        return int(cell.strip()) if _INT_RE.match(cell.strip()) else cell.strip()
    if column == "appointment_required":
        return _bool(cell)
    if column == "cost":
        return _cost(cell)
    if column == "phone_notes":
        return cell.strip("\n")
    return cell.strip()


def _column_key(key: str) -> str:
    """Name a problem after the CSV column (``phone_script.steps[2]`` → ``phone_steps[2]``)."""
    for column, sub in PHONE_COLUMNS.items():
        if key == f"phone_script.{sub}" or key.startswith(f"phone_script.{sub}["):
            return column + key.removeprefix(f"phone_script.{sub}")
    return "phone_script" if key.startswith("phone_script") else key


def _row_to_parsed(name: str, header: list[str], cells: list[str], line: int) -> ParsedItem:
    """Validate one row (``line``: the file line where the row starts) into a :class:`ParsedItem`."""
    entries: list[Field] = []
    phone: dict[str, Any] = {}
    phone_line = line
    body: tuple[str, int] | None = None
    cell_line = line
    for column, cell in zip(header, cells, strict=True):
        here, cell_line = cell_line, cell_line + cell.count("\n")
        if not cell.strip():
            continue
        if column == "body":
            body = (cell, here)
            continue
        value = _value(column, cell)
        if column in PHONE_COLUMNS:
            phone.setdefault("_line", here)
            phone[PHONE_COLUMNS[column]] = value
            continue
        entries.append(Field(key=column, value=value, line=here, where=FixedLocator(here)))
    if phone:
        phone_line = phone.pop("_line")
        entries.append(Field(key="phone_script", value=phone, line=phone_line, where=FixedLocator(phone_line)))
    by_key = {e.key: e.value for e in entries}
    raw_id = by_key.get("id") if isinstance(by_key.get("id"), str) else None
    # ``file_stem`` ties a Markdown file's name to its id; a CSV row has no file of its own.
    result = build_record(entries, file_stem=raw_id or "", first_line=line)
    issues = [ImportIssue(name, p.line, _column_key(p.key), p.message) for p in result.problems]
    sections = []  # type: ignore[var-annotated]
    if body is not None:
        text = body[0].replace("\r\n", "\n").replace("\r", "\n")
        sections, body_problems = parse_body(text, body[1])
        issues += [ImportIssue(name, p.line, "body", p.message) for p in body_problems]
    record = None
    if not issues and result.record is not None:
        record = dataclasses.replace(result.record, sections=tuple(sections))
    return ParsedItem(name, record, result, issues, raw_id)


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _check_header(name: str, header: list[str]) -> list[ImportIssue]:
    issues = []
    seen: set[str] = set()
    for column in header:
        if column not in COLUMNS:
            issues.append(ImportIssue(name, 1, column or "?", _("Onbekende kolom. Toegelaten: %(columns)s.")
                                      % {"columns": ", ".join(COLUMNS)}))
        elif column in seen:
            issues.append(ImportIssue(name, 1, column, _("Deze kolom staat twee keer in de kopregel.")))
        seen.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            issues.append(ImportIssue(name, 1, column, _("Verplichte kolom ontbreekt in de kopregel.")))
    return issues


def parse_csv(path: Path) -> tuple[list[ParsedItem], list[ImportIssue]]:
    """Read and validate every row of ``path``; returns the rows and file-level problems (header, shape)."""
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [ImportIssue(name, line, "file", _("Het bestand is geen geldige UTF-8-tekst."))]
    if not text.strip():
        return [], [ImportIssue(name, 1, "file", _("Het bestand is leeg: verwacht een kopregel met kolomnamen."))]
    file_issues, go_on = check_file(name, text, size=len(raw), kind="csv")
    if not go_on:
        return [], file_issues
    # Only \n, \r and \r\n end a line (str.splitlines would also split on U+2028 and friends inside a cell).
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(lines, delimiter=_delimiter(lines[0]), strict=True)
    issues = list(file_issues)
    try:
        header = [column.strip().lower() for column in next(reader)]
        header_issues = _check_header(name, header)
        if header_issues:
            return [], issues + header_issues
        rows: list[ParsedItem] = []
        first_line: dict[str, int] = {}
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                issues.append(ImportIssue(name, line, "rij", _("Verwacht %(n)s kolommen, maar deze rij heeft er "
                                                               "%(m)s.") % {"n": len(header), "m": len(cells)}))
                continue
            parsed = _row_to_parsed(name, header, cells, line)
            if parsed.raw_id is not None:
                if parsed.raw_id in first_line:
                    parsed.issues.append(ImportIssue(name, line, "id", _("Dubbele id '%(id)s': staat ook op regel "
                                                                         "%(line)s.") % {"id": parsed.raw_id,
                                                                                          "line": first_line[
                                                                                              parsed.raw_id]}))
                    parsed.raw_id = None  # reported here, with the line; not again by import_records
                    parsed.record = None
                else:
                    first_line[parsed.raw_id] = line
            rows.append(parsed)
    except csv.Error as exc:
        issues.append(ImportIssue(name, reader.line_num, "file", _("Ongeldige CSV: %(error)s.") % {"error": exc}))
        return [], issues
    if not rows and not issues:
        issues.append(ImportIssue(name, 2, "file", _("Geen rijen gevonden onder de kopregel.")))
    return rows, issues


def import_csv(path: Path | str, *, dry_run: bool = False, user: AbstractBaseUser | None = None,
               progress: Progress | None = None) -> ImportReport:
    """Import every row of a CSV file; see the module docstring for the contract."""
    path = Path(path)
    if not path.is_file():
        report = ImportReport(dry_run=dry_run)
        report.errors.append(ImportIssue(str(path), 0, "file", _("Dit bestand bestaat niet.")))
        return report
    rows, issues = parse_csv(path)
    if issues:
        report = ImportReport(dry_run=dry_run)
        report.errors = sorted(issues + [i for row in rows for i in row.issues], key=lambda e: (e.line, e.key))
        return report
    return import_records(rows, dry_run=dry_run, user=user, progress=progress)
