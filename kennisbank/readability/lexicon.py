"""Loaders for the maintained word lists in ``data/`` (read once, cached, immutable).

Contract: every loader returns immutable data (frozenset / tuple / compiled regex) built from the
UTF-8 files next to this module; ``#`` starts a comment line. A malformed line raises ``ValueError``
naming file and line number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).parent / "data"


def _lines(name: str) -> list[tuple[int, str]]:
    path = DATA_DIR / name
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((number, line.rstrip()))
    return out


def _pairs(name: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for number, line in _lines(name):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(f"{DATA_DIR / name}:{number}: expected 'term<TAB>replacement', got {line!r}")
        pairs.append((parts[0].strip(), parts[1].strip()))
    return tuple(pairs)


@dataclass(frozen=True)
class Ambtelijk:
    """Compiled ambtelijke woorden.

    ``pattern`` matches any term at a position (use ``pattern.match(text, pos)``); ``first_words`` and
    ``stems`` tell at which words a term can start, so callers only try the regex there.
    """

    pattern: re.Pattern[str]
    entries: tuple[tuple[str, str], ...]
    exact: Mapping[str, str]
    stems: tuple[tuple[str, str], ...]
    first_words: frozenset[str]

    def may_start(self, word: str) -> bool:
        """Whether a term can start at this lower-case word."""
        return word in self.first_words or any(word.startswith(stem) for stem, _r in self.stems)

    def replacement(self, matched: str) -> str:
        normal = " ".join(matched.lower().split())
        if normal in self.exact:
            return self.exact[normal]
        for stem, replacement in self.stems:
            if normal.startswith(stem):
                return replacement
        raise KeyError(matched)  # pragma: no cover - pattern and entries come from the same file


@lru_cache(maxsize=1)
def ambtelijke_woorden() -> Ambtelijk:
    entries = tuple((term.lower(), repl) for term, repl in _pairs("ambtelijke_woorden.tsv"))
    # Longest first so multi-word terms win over their parts; stem* matches any word ending.
    ordered = sorted(entries, key=lambda e: len(e[0]), reverse=True)
    alternatives = []
    for term, _repl in ordered:
        stem = term.rstrip("*")
        body = r"\s+".join(re.escape(word) for word in stem.split())
        alternatives.append(body + (r"[^\W\d_]*" if term.endswith("*") else ""))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
    exact = MappingProxyType({term: repl for term, repl in ordered if not term.endswith("*")})
    stems = tuple((term[:-1], repl) for term, repl in ordered if term.endswith("*"))
    first_words = frozenset(term.split()[0] for term in exact)
    return Ambtelijk(pattern, tuple(ordered), exact, stems, first_words)


@lru_cache(maxsize=1)
def dotted_abbreviations() -> Mapping[str, str]:
    """Lower-case dotted abbreviation (with final dot) → written-out form (read-only mapping)."""
    return MappingProxyType({term.lower(): full for term, full in _pairs("afkortingen.tsv")})


@lru_cache(maxsize=1)
def known_abbreviations() -> frozenset[str]:
    return frozenset(line.strip() for _n, line in _lines("bekende_afkortingen.txt"))


@lru_cache(maxsize=1)
def listed_participles() -> frozenset[str]:
    return frozenset(line.strip().lower() for _n, line in _lines("deelwoorden.txt"))


@lru_cache(maxsize=1)
def not_participles() -> frozenset[str]:
    return frozenset(line.strip().lower() for _n, line in _lines("geen_deelwoorden.txt"))
