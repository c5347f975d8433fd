"""Just enough JSON-LD to read IPDC/LPDC instances, without fetching anything.

Contract:
- :func:`load_json` parses JSON text and remembers the file line where every object and array starts
  (:class:`LDict` / :class:`LList` with ``.line``); a syntax error raises :class:`JsonError` with line and column,
  and so do nesting deeper than ``max_depth``, a whole number of more than :data:`MAX_INT_DIGITS` digits and the
  non-standard constants ``NaN`` and ``Infinity`` (Python's parser would accept them).
- :class:`Context` expands keys and compact IRIs: terms and prefixes of the document's inline ``@context``
  (objects or lists of objects; remote context URLs are NOT fetched) on top of :data:`DEFAULT_PREFIXES` and
  the built-in short names given by the caller. :meth:`Context.expand` returns the absolute IRI of a key or a
  compact IRI value, or the input unchanged.
- :func:`pick_language` picks the Dutch text of a value: a plain string, a language-tagged literal
  ``{"@value", "@language"}``, a list of those, or a language map ``{"nl": ..., "en": ...}``. Preference: ``nl``,
  then ``nl-BE`` and its variants (``nl-BE-x-informal``, ``nl-BE-x-formal``, ...), then an untagged string.
  It raises :class:`ValueTypeError` for anything else (numbers, nested objects without ``@value``).
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field
from typing import Any

DEFAULT_PREFIXES: dict[str, str] = {
    "dct": "http://purl.org/dc/terms/",
    "dcterms": "http://purl.org/dc/terms/",
    "m8g": "http://data.europa.eu/m8g/",
    "cv": "http://data.europa.eu/m8g/",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "lpdc": "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#",
    "lpdcExt": "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#",
    "ipdc": "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "ps": "http://vocab.belgif.be/ns/publicservice#",
    "schema": "http://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "mu": "http://mu.semte.ch/vocabularies/core/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "adms": "http://www.w3.org/ns/adms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dvc": "https://productencatalogus.data.vlaanderen.be/id/concept/",
}


class JsonError(ValueError):
    """A JSON syntax error with its 1-based line and column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class ValueTypeError(ValueError):
    """A value that is not a text (string, language-tagged literal or language map)."""


class LDict(dict):
    """A JSON object that knows the file line of its opening brace."""

    line: int = 0


class LList(list):
    """A JSON array that knows the file line of its opening bracket."""

    line: int = 0


def _line_of(text: str, index: int, cache: list[int]) -> int:
    """1-based line of ``index`` (``cache`` holds the offsets of the newlines, filled once)."""
    if not cache:
        cache.append(-1)
        cache.extend(i for i, ch in enumerate(text) if ch == "\n")
    lo, hi = 0, len(cache)
    while lo < hi:  # bisect: number of newlines before index
        mid = (lo + hi) // 2
        if cache[mid] < index:
            lo = mid + 1
        else:
            hi = mid
    return lo


MAX_INT_DIGITS = 30
_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(text: str, max_depth: int) -> int | None:
    """Offset of the first bracket that opens level ``max_depth + 1`` (strings skipped), or None."""
    depth = 0
    for match in _TOKEN_RE.finditer(text):
        lexeme = match.group()
        if lexeme in ("[", "{"):
            depth += 1
            if depth > max_depth:
                return match.start()
        elif lexeme in ("]", "}"):
            depth -= 1
    return None


class _NumberError(ValueError):
    def __init__(self, message: str, literal: str) -> None:
        super().__init__(message)
        self.message, self.literal = message, literal


def _parse_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberError(f"een getal van {len(literal)} cijfers (max. {MAX_INT_DIGITS})", literal)
    return int(literal)


def _parse_constant(literal: str) -> float:
    raise _NumberError(f"{literal} is geen geldige JSON-waarde", literal)


def load_json(text: str, *, max_depth: int = 32) -> Any:
    """Parse ``text``; objects and arrays come back as :class:`LDict`/:class:`LList` with their line."""
    newlines: list[int] = []
    deep = _too_deep(text, max_depth)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        raise JsonError(f"te diep genest (meer dan {max_depth} niveaus)", line, deep - text.rfind("\n", 0, deep))
    decoder = json.JSONDecoder(parse_int=_parse_int, parse_constant=_parse_constant)

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, object_hook: Any,
                     object_pairs_hook: Any, memo: dict | None = None) -> tuple[LDict, int]:
        s, end = s_and_end
        pairs, new_end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, list, memo if memo is not None  # type: ignore[attr-defined]
                                                 else {})
        obj = LDict(pairs)
        obj.line = _line_of(s, end - 1, newlines)
        return obj, new_end

    def parse_array(s_and_end: tuple[str, int], scan_once: Any) -> tuple[LList, int]:
        s, end = s_and_end
        values, new_end = json.decoder.JSONArray(s_and_end, scan_once)  # type: ignore[attr-defined]
        arr = LList(values)
        arr.line = _line_of(s, end - 1, newlines)
        return arr, new_end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.parse_array = parse_array  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]  # the C scanner ignores the hooks above
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonError(exc.msg, exc.lineno, exc.colno) from exc
    except _NumberError as exc:
        at = text.find(exc.literal)
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        raise JsonError(exc.message, line, at - text.rfind("\n", 0, at) if at >= 0 else 1) from exc


@dataclass
class Context:
    """Term and prefix definitions used to expand keys and compact IRIs."""

    terms: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PREFIXES))

    def extended(self, context: Any) -> Context:
        """A new context with the inline ``@context`` value ``context`` applied (strings are ignored)."""
        new = Context(dict(self.terms), dict(self.prefixes))
        for part in context if isinstance(context, list) else [context]:
            if not isinstance(part, dict):
                continue  # a remote context URL: never fetched
            for term, definition in part.items():
                if term.startswith("@"):
                    continue
                iri = definition.get("@id") if isinstance(definition, dict) else definition
                if not isinstance(iri, str):
                    continue
                if iri.endswith(("/", "#")):
                    new.prefixes[term] = iri
                new.terms[term] = iri
        # Terms may themselves be compact IRIs ("title": "dct:title").
        for term, iri in list(new.terms.items()):
            new.terms[term] = new.expand_iri(iri)
        return new

    def expand_iri(self, value: str) -> str:
        """Expand a compact IRI ``prefix:local``; absolute IRIs and unknown prefixes stay as they are."""
        if "://" in value:
            return value
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.prefixes:
            return self.prefixes[prefix] + local
        return value

    def expand(self, key: str) -> str:
        """The absolute IRI of a key (a term, a compact IRI or an IRI)."""
        if key in self.terms:
            return self.terms[key]
        return self.expand_iri(key)


def _lang_rank(tag: str | None) -> int | None:
    """Lower is better; None when the language is not Dutch."""
    if tag is None:
        return 3
    tag = tag.lower()
    if tag == "nl":
        return 0
    if tag == "nl-be":
        return 1
    if tag.startswith("nl-"):
        return 2
    return None


def language_values(value: Any) -> list[tuple[str | None, str]]:
    """All (language, text) pairs of a text value; raises :class:`ValueTypeError` for non-text values."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        out: list[tuple[str | None, str]] = []
        for item in value:
            out += language_values(item)
        return out
    if isinstance(value, dict):
        if "@value" in value:
            text, lang = value["@value"], value.get("@language")
            if not isinstance(text, str) or not (lang is None or isinstance(lang, str)):
                raise ValueTypeError(value)
            return [(lang, text)]
        if value and all(isinstance(k, str) and not k.startswith("@") for k in value):  # a language map
            pairs: list[tuple[str | None, str]] = []
            for lang, texts in value.items():
                for item in texts if isinstance(texts, list) else [texts]:
                    if not isinstance(item, str):
                        raise ValueTypeError(value)
                    pairs.append((lang, item))
            return pairs
    raise ValueTypeError(value)


def pick_language(value: Any) -> str | None:
    """The preferred Dutch text of ``value`` (None when there is none)."""
    best: tuple[int, str] | None = None
    for lang, text in language_values(value):
        rank = _lang_rank(lang)
        if rank is not None and text.strip() and (best is None or rank < best[0]):
            best = (rank, text)
    return best[1] if best else None


def dutch_values(value: Any) -> list[str]:
    """Every Dutch (or untagged) text of a multi-valued property such as keywords, in order."""
    return [text for lang, text in language_values(value) if _lang_rank(lang) is not None and text.strip()]
