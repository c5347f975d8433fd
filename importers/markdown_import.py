"""Import a folder of Markdown exchange-format files (see ../shared/exchange-format.md and
docs/exchange-format-extensions.md): the Markdown format of :mod:`importers.pipeline`.

Contract of :func:`import_folder`: parse ALL ``*.md`` files of the folder (not recursive) into
:class:`~importers.pipeline.ParsedItem` objects, then hand them to :func:`importers.pipeline.import_records`
(validate all, write all in one transaction; nothing at all is written when any file has a problem; every problem
is reported with file, line, key and a Dutch message). ``dry_run=True`` writes nothing.

A file whose name and bytes are the same as at the last import of its item, while that item has had no new revision
since, is not parsed again: it is reported unchanged (:mod:`importers.fingerprints`; ``full=True`` turns that off).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .body import parse_body
from .fingerprints import digest, lookup
from .frontmatter import FrontMatterError, load_entries, split_front_matter
from .limits import check_file
from .pipeline import (
    ImportIssue,
    ImportReport,
    ParsedItem,
    Progress,
    _no_progress,
    current_record,
    import_records,
)
from .schema import build_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

#: The fingerprint source name of this format (:mod:`importers.fingerprints`).
SOURCE = "markdown"

__all__ = ["ImportIssue", "ImportReport", "ParsedItem", "Progress", "current_record", "import_folder",
           "import_records", "parse_file"]


def _decode(name: str, raw: bytes) -> tuple[str | None, list[ImportIssue]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ImportIssue(name, line, "file", _("Het bestand is geen geldige UTF-8-tekst."))]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_file(path: Path, raw: bytes | None = None) -> ParsedItem:
    """Read (unless ``raw`` holds the bytes), split, parse and validate one file (no database access except the
    model's fixed lists)."""
    name = path.name
    raw = path.read_bytes() if raw is None else raw
    text, issues = _decode(name, raw)
    if text is None:
        return ParsedItem(name, None, None, issues)
    issues, go_on = check_file(name, text, size=len(raw), kind="markdown")
    if not go_on:
        return ParsedItem(name, None, None, issues)
    try:
        doc = split_front_matter(text)
        entries, entry_problems = load_entries(doc)
    except FrontMatterError as exc:
        return ParsedItem(name, None, None, [*issues, ImportIssue(name, exc.line, exc.key, exc.message)])
    issues += [ImportIssue(name, p.line, p.key, p.message) for p in entry_problems]
    raw_id = next((e.value for e in entries if e.key == "id" and isinstance(e.value, str)), None)
    result = build_record(entries, file_stem=path.stem, first_line=doc.front_matter_line)
    result.key_lines.setdefault("body", doc.body_line)
    issues += [ImportIssue(name, p.line, p.key, p.message) for p in result.problems]
    sections, body_problems = parse_body(doc.body, doc.body_line)
    issues += [ImportIssue(name, p.line, "body", p.message) for p in body_problems]
    record = None
    if not issues and result.record is not None:
        record = dataclasses.replace(result.record, sections=tuple(sections))
    return ParsedItem(name, record, result, issues, raw_id)


def _iter_files(directory: Path) -> Iterator[Path]:
    yield from sorted((p for p in directory.glob("*.md") if p.is_file()), key=lambda p: p.name)


def import_folder(directory: Path | str, *, dry_run: bool = False, user: AbstractBaseUser | None = None,
                  progress: Progress | None = None, full: bool = False) -> ImportReport:
    """Import every ``*.md`` file of ``directory``; see the module docstring for the contract. ``full`` parses and
    compares every file, also those the fingerprints of the last import say are unchanged."""
    directory = Path(directory)
    progress = progress or _no_progress
    report = ImportReport(dry_run=dry_run)
    if not directory.is_dir():
        report.errors.append(ImportIssue(str(directory), 0, "map", _("Deze map bestaat niet.")))
        return report
    files = list(_iter_files(directory))
    if not files:
        report.errors.append(ImportIssue(str(directory), 0, "map", _("Geen .md-bestanden gevonden in deze map.")))
        return report

    raws = {path: path.read_bytes() for path in progress(files, _("Inlezen"), len(files))}
    digests = {path: digest(path.name, raw) for path, raw in raws.items()}
    known = {} if full else lookup(SOURCE, digests.values())
    parsed = []
    for path, raw in raws.items():
        found = known.get(digests[path])
        item = ParsedItem(path.name, None, None, [], raw_id=found.external_id, known=found) if found else \
            parse_file(path, raw)
        item.digest = digests[path]
        parsed.append(item)
    by_name = {path.name: path for path in files}

    def reparse(item: ParsedItem) -> ParsedItem:
        fresh = parse_file(by_name[item.name])
        fresh.digest = item.digest
        return fresh

    return import_records(parsed, dry_run=dry_run, user=user, progress=progress, source=SOURCE, reparse=reparse)
