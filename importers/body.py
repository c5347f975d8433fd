"""Markdown body ↔ sections of a product or fiche.

Contract:
- ``##`` headings (outside fenced code blocks) split the body into sections. Known Dutch headings map to a
  section kind (``Wat is het?`` → ``what``, ...; :class:`kennisbank.vocabulary.SectionKind`; case and a trailing
  ``?``/``:`` do not matter); any other heading gives kind ``other``. The heading text is kept verbatim.
- Text before the first ``##`` becomes an ``intro`` section with an empty heading (only when not blank).
- Section text is kept as Markdown exactly; only leading and trailing blank lines are stripped.
- A level-1 heading (``# ...`` or a ``===`` underline) is an error: the title comes from the front matter.
- :func:`render_body` is the inverse used by the exporter; ``parse_body(render_body(s)) == s`` for every list of
  sections that :func:`parse_body` produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kennisbank.vocabulary import SectionKind

#: Maximum length of a section heading (SectionBlock.heading max_length).
HEADING_MAX_LENGTH = 120

#: The standard heading written for each kind when a section has no heading of its own.
STANDARD_HEADINGS: dict[str, str] = {
    SectionKind.WHAT: "Wat is het?",
    SectionKind.WHO: "Voor wie?",
    SectionKind.HOW_TO_APPLY: "Hoe aanvragen?",
    SectionKind.WHAT_TO_BRING: "Wat meebrengen?",
    SectionKind.COST: "Kostprijs",
    SectionKind.LEAD_TIME: "Termijn",
    SectionKind.EXCEPTIONS: "Uitzonderingen",
    SectionKind.FINANCIAL_ADVANTAGE: "Financieel voordeel",
    SectionKind.LEGAL: "Regelgeving",
}
#: Heading of an intro section that is not the first one (exported with kind ``other``).
INTRO_HEADING = "Inleiding"

_H2_RE = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?[ \t]*$")
_H1_RE = re.compile(r"^ {0,3}#(?:[ \t]|$)")
_SETEXT_H1_RE = re.compile(r"^ {0,3}=+[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CLOSING_HASHES_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


@dataclass(frozen=True)
class Section:
    kind: str
    heading: str
    text: str


@dataclass(frozen=True)
class BodyProblem:
    line: int
    message: str


def _normalise_heading(heading: str) -> str:
    return " ".join(heading.strip().rstrip("?:").split()).casefold()


_KIND_BY_HEADING = {_normalise_heading(h): kind for kind, h in STANDARD_HEADINGS.items()}


def kind_for_heading(heading: str) -> str:
    """The section kind of a ``##`` heading: a known Dutch heading's kind, else ``other``."""
    return str(_KIND_BY_HEADING.get(_normalise_heading(heading), SectionKind.OTHER.value))


def _strip_blank_lines(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def parse_body(text: str, first_line: int) -> tuple[list[Section], list[BodyProblem]]:
    """Split a Markdown body into sections. ``first_line`` is the file line of the body's first line."""
    sections: list[Section] = []
    problems: list[BodyProblem] = []
    heading: str | None = None  # None: the intro before the first ``##``
    chunk: list[str] = []
    fence: str | None = None

    def flush() -> None:
        body = _strip_blank_lines(chunk)
        if heading is None:
            if body:
                sections.append(Section(SectionKind.INTRO.value, "", body))
        else:
            sections.append(Section(kind_for_heading(heading), heading, body))

    lines = text.split("\n")
    for index, line in enumerate(lines):
        lineno = first_line + index
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            chunk.append(line)
            continue
        fence_match = _FENCE_RE.match(line)
        if fence_match:
            fence = fence_match.group(1)
            chunk.append(line)
            continue
        h2 = _H2_RE.match(line)
        if h2:
            title = _CLOSING_HASHES_RE.sub("", h2.group(1) or "").strip()
            if not title:
                problems.append(BodyProblem(lineno, _("Een '##'-kop zonder tekst.")))
            elif len(title) > HEADING_MAX_LENGTH:
                problems.append(BodyProblem(lineno, _("Kop is te lang: %(n)s tekens (max. %(max)s).")
                                            % {"n": len(title), "max": HEADING_MAX_LENGTH}))
            flush()
            heading, chunk = title, []
            continue
        if _H1_RE.match(line) or (_SETEXT_H1_RE.match(line) and index > 0 and lines[index - 1].strip()
                                   and chunk and chunk[-1].strip()):
            problems.append(BodyProblem(lineno, _("Een kop van niveau 1 ('#') mag niet in de tekst: de titel "
                                                  "komt uit de front matter. Gebruik '##' voor rubrieken.")))
        chunk.append(line)
    flush()
    return sections, problems


def render_body(sections: list[Section] | tuple[Section, ...]) -> str:
    """Markdown body for the sections (empty string when there are none), ending with one newline."""
    parts: list[str] = []
    for section in sections:
        if section.kind == SectionKind.INTRO and not section.heading and not parts:
            if section.text:
                parts.append(section.text)
            continue
        heading = section.heading or STANDARD_HEADINGS.get(section.kind, INTRO_HEADING)
        parts.append(f"## {heading}\n\n{section.text}" if section.text else f"## {heading}")
    return "\n\n".join(parts) + "\n" if parts else ""
