"""Split a Markdown file into YAML front matter and body, keeping file line numbers.

Contract:
- The file's first line is ``---``; the front matter ends at the next line that is ``---`` (or ``...``).
- :func:`split_front_matter` returns the front matter text, the body text and the *file* line numbers where each
  starts (the front matter starts at line 2), or raises :class:`FrontMatterError` with a file line.
- :func:`load_entries` parses the front matter with PyYAML's safe loader into top-level :class:`Entry` objects
  (key, constructed value, file line of the key, YAML node). Nested nodes give their own lines via
  :func:`node_line`. Bad YAML, a non-mapping document, non-text keys and duplicate keys raise/collect errors with
  the file line; nothing is silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.utils.translation import gettext as _

from .limits import MAX_DEPTH
from .locations import Field, YamlLocator

_KEY_LINE_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:")


class FrontMatterError(Exception):
    """A problem with the front matter as a whole (file line, key, Dutch message)."""

    def __init__(self, line: int, message: str, key: str = "front matter") -> None:
        super().__init__(message)
        self.line = line
        self.key = key
        self.message = message


@dataclass(frozen=True)
class SplitDocument:
    front_matter: str
    front_matter_line: int
    body: str
    body_line: int


#: A top-level front matter key (:class:`importers.locations.Field` with a :class:`YamlLocator`).
Entry = Field


@dataclass(frozen=True)
class EntryProblem:
    line: int
    key: str
    message: str


def split_front_matter(text: str) -> SplitDocument:
    """Split ``text`` (newlines already normalised to ``\\n``) into front matter and body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError(1, _("Het bestand moet beginnen met front matter: '---' op de eerste regel."))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return SplitDocument(front_matter=front + "\n", front_matter_line=2, body=body, body_line=index + 2)
    raise FrontMatterError(1, _("De front matter wordt niet afgesloten met een regel '---'."))


def node_line(node: yaml.Node, first_line: int) -> int:
    """File line of a YAML node (marks are 0-based within the front matter text)."""
    return first_line + node.start_mark.line


def _key_at(front_matter: str, index: int) -> str:
    """The top-level key whose value spans 0-based front matter line ``index`` (best effort)."""
    lines = front_matter.split("\n")
    for i in range(min(index, len(lines) - 1), -1, -1):
        match = _KEY_LINE_RE.match(lines[i])
        if match:
            return match.group(1)
    return "yaml"


def _too_deep(node: yaml.Node | None, max_depth: int) -> yaml.Node | None:
    """The first node nested deeper than ``max_depth`` (aliases are the same node objects, visited once)."""
    stack: list[tuple[yaml.Node, int]] = [(node, 0)] if node is not None else []
    seen: set[int] = set()
    while stack:
        current, depth = stack.pop()
        if depth > max_depth:
            return current
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in current.value for child in pair)
    return None


def load_entries(doc: SplitDocument) -> tuple[list[Entry], list[EntryProblem]]:
    """Parse the front matter into top-level entries; raise :class:`FrontMatterError` on bad YAML."""
    first = doc.front_matter_line
    root = _compose_fast(doc.front_matter)
    if root is _FAILED:  # compose again with the pure-Python parser: its messages and lines are the ones we report
        root = _compose(doc, first)
    return _entries(root, first, doc)


_FAILED = object()
#: libyaml's composer when PyYAML was built with it: the same nodes, lines and limits, about ten times faster.
_FastLoader = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str) -> Any:
    """The node tree, composed by libyaml; :data:`_FAILED` when it is missing or finds any problem."""
    if _FastLoader is None:
        return _FAILED
    loader = _FastLoader(text)
    try:
        return loader.get_single_node()
    except Exception:  # noqa: BLE001 - any problem: the Python parser below reports it exactly
        return _FAILED
    finally:
        loader.dispose()


def _compose(doc: SplitDocument, first: int) -> Any:
    loader = yaml.SafeLoader(doc.front_matter)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first + (mark.line if mark else 0)
        where = exc.context_mark or exc.problem_mark
        detail = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.context_mark.line != (mark.line if mark else -1):
            detail = _("%(problem)s (%(context)s, begonnen op regel %(line)s)") % {
                "problem": detail, "context": exc.context, "line": first + exc.context_mark.line}
        raise FrontMatterError(
            line, _("Ongeldige YAML: %(detail)s") % {"detail": detail},
            key=_key_at(doc.front_matter, where.line if where else 0),
        ) from exc
    except yaml.YAMLError as exc:
        raise FrontMatterError(first, _("Ongeldige YAML: %(detail)s") % {"detail": exc}, key="yaml") from exc
    except RecursionError as exc:  # PyYAML composes nested lists and mappings recursively
        raise FrontMatterError(first, _("Ongeldige YAML: te diep genest (meer dan %(max)s niveaus).")
                               % {"max": MAX_DEPTH}, key="yaml") from exc
    finally:
        loader.dispose()


def _entries(root: Any, first: int, doc: SplitDocument) -> tuple[list[Entry], list[EntryProblem]]:
    deep = _too_deep(root, MAX_DEPTH)
    if deep is not None:
        raise FrontMatterError(node_line(deep, first), _("Ongeldige YAML: te diep genest (meer dan %(max)s "
                                                         "niveaus).") % {"max": MAX_DEPTH},
                               key=_key_at(doc.front_matter, deep.start_mark.line))
    if root is None:
        raise FrontMatterError(first, _("De front matter is leeg."))
    if not isinstance(root, yaml.MappingNode):
        raise FrontMatterError(node_line(root, first),
                               _("De front matter moet een lijst van 'sleutel: waarde'-regels zijn."))
    constructor = yaml.SafeLoader("")
    entries: list[Entry] = []
    problems: list[EntryProblem] = []
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        line = node_line(key_node, first)
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            problems.append(EntryProblem(line, str(getattr(key_node, "value", "?")),
                                         _("Een sleutel moet tekst zijn.")))
            continue
        key = key_node.value
        if key in seen:
            problems.append(EntryProblem(line, key, _("Dubbele sleutel (ook op regel %(line)s).")
                                         % {"line": seen[key]}))
            continue
        seen[key] = line
        try:
            value = constructor.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            problems.append(EntryProblem(node_line(value_node, first), key,
                                         _("Ongeldige waarde: %(detail)s") % {"detail": exc}))
            continue
        entries.append(Entry(key=key, value=value, line=line, where=YamlLocator(value_node, first)))
    return entries, problems
