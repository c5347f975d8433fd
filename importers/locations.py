"""Where a value sits in its source file: the format-neutral half of field validation.

:func:`importers.schema.build_record` validates :class:`Field` objects (a top-level key, its plain Python value,
and a :class:`Locator`). A locator answers "which line?" for the value, for an item of a list (``child(2)``) and for
a key of a mapping (``key_line("amount")``), so nested problems are reported on the right line:

- :class:`YamlLocator` wraps a PyYAML node of a Markdown file's front matter (every item and key has its own line);
- :class:`FixedLocator` is one line for everything below it (a CSV cell, a JSON member whose parser keeps no
  finer positions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import yaml


class Locator(Protocol):
    """Line numbers of a value and of its parts."""

    @property
    def line(self) -> int: ...

    def child(self, key: int | str) -> Locator: ...

    def key_line(self, key: str) -> int: ...


@dataclass(frozen=True)
class FixedLocator:
    """Every part of the value is on one line."""

    line: int

    def child(self, key: int | str) -> FixedLocator:
        return self

    def key_line(self, key: str) -> int:
        return self.line


@dataclass(frozen=True)
class YamlLocator:
    """A YAML node; ``first_line`` is the file line where the YAML text starts (marks are 0-based)."""

    node: yaml.Node
    first_line: int

    @property
    def line(self) -> int:
        return self.first_line + self.node.start_mark.line

    def child(self, key: int | str) -> Locator:
        value: Any = self.node.value
        if isinstance(self.node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(value):
            return YamlLocator(value[key], self.first_line)
        if isinstance(self.node, yaml.MappingNode):
            for key_node, value_node in value:
                if str(getattr(key_node, "value", "")) == str(key):
                    return YamlLocator(value_node, self.first_line)
        return FixedLocator(self.line)

    def key_line(self, key: str) -> int:
        if isinstance(self.node, yaml.MappingNode):
            for key_node, _value_node in self.node.value:
                if str(getattr(key_node, "value", "")) == key:
                    return self.first_line + key_node.start_mark.line
        return self.line


@dataclass(frozen=True)
class Field:
    """One top-level key with its constructed value, the line of the key and where its parts are."""

    key: str
    value: Any
    line: int
    where: Locator
