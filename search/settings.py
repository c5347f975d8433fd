"""One search configuration object pushed identically to every backend.

:class:`SearchSettings` is immutable and JSON-serialisable (:meth:`SearchSettings.to_dict` /
:meth:`SearchSettings.from_dict`); :meth:`SearchSettings.fingerprint` identifies a configuration
(health checks compare it). Synonyms come from editors (a Wagtail snippet later): pass them to
:func:`default_settings` as groups of equivalent terms, e.g. ``[["eID", "ID-kaart",
"identiteitskaart"]]``; every term in a group finds every other one, multi-word terms included.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from typing import Any

from search import text

#: Dutch words that carry no meaning in question-like queries ("hoe vraag ik een reispas aan").
#: Dropped from a query unless the query has nothing else (or it is the word being typed).
#: Question verbs ("vraag", "kost", "duurt", "krijg") are here on purpose: with matching strategy
#: ``last`` an early query word that no content contains empties the result ("wat kost een
#: parkeerkaart": content says "kosten"; "hoe vraag ik een reispas aan": content says "aanvragen").
# fmt: off
DUTCH_STOP_WORDS: tuple[str, ...] = (
    "aan", "al", "als", "ben", "bij", "dan", "dat", "de", "deze", "die", "dit", "doe", "doen",
    "duurt", "een", "en", "er", "heb", "hebben", "heeft", "het", "hoe", "hoeveel", "ik", "in", "is",
    "je", "jij", "kan", "kost", "krijg", "kun", "kunnen", "kunt", "mag", "me", "met", "mij", "mijn",
    "moet", "moeten", "naar", "of", "om", "op", "over", "te", "u", "uw", "van", "voor", "vraag",
    "waar", "waarom", "wanneer", "wat", "we", "welke", "wie", "wij", "wil", "word", "worden", "wordt", "ze",
    "zij", "zijn",
)
# fmt: on

#: Meilisearch's default ranking rules, mirrored by the embedded engine's scoring.
DEFAULT_RANKING_RULES: tuple[str, ...] = (
    "words",
    "typo",
    "proximity",
    "attribute",
    "sort",
    "exactness",
)

#: Searchable document fields with relative weights, most important first.
DEFAULT_SEARCHABLE: tuple[tuple[str, float], ...] = (
    ("title", 8.0),
    ("keywords", 4.0),
    ("short_answer", 2.0),
    ("body", 1.0),
)

#: Facet name (used in queries and results) → document field.
DEFAULT_FACETS: tuple[tuple[str, str], ...] = (
    ("type", "type"),
    ("theme", "theme_slugs"),
    ("life_event", "life_event_slugs"),
    ("audience", "audience"),
    ("visibility", "visibility"),
)


@dataclass(frozen=True)
class SearchSettings:
    """Search configuration shared by all backends.

    - ``synonyms``: groups of equivalent terms (each term may have several words).
    - ``stop_words``: words dropped from queries that contain other words.
    - ``typo_one_min`` / ``typo_two_min``: minimum word length for 1 and 2 typos (5 and 9).
    - ``ranking_rules``: Meilisearch ranking rules (the embedded engine approximates them).
    - ``searchable``: (field, weight) pairs, most important first; Meilisearch uses the order.
    - ``facets``: (facet name, document field) pairs; every facet is also a filter.
    - ``filterable``: extra filterable fields besides the facet fields (``id``).
    """

    synonyms: tuple[tuple[str, ...], ...] = ()
    stop_words: tuple[str, ...] = DUTCH_STOP_WORDS
    typo_one_min: int = 5
    typo_two_min: int = 9
    ranking_rules: tuple[str, ...] = DEFAULT_RANKING_RULES
    searchable: tuple[tuple[str, float], ...] = DEFAULT_SEARCHABLE
    facets: tuple[tuple[str, str], ...] = DEFAULT_FACETS
    filterable: tuple[str, ...] = ("id",)

    def __post_init__(self) -> None:
        if not 0 < self.typo_one_min <= self.typo_two_min:
            raise ValueError("typo_one_min must be > 0 and <= typo_two_min")
        if not self.searchable:
            raise ValueError("searchable must list at least one field")

    # -- derived views --------------------------------------------------------------------
    @cached_property
    def facet_fields(self) -> dict[str, str]:
        """Facet name → document field."""
        return dict(self.facets)

    @property
    def filterable_fields(self) -> list[str]:
        """All filterable document fields (facet fields first, then extras)."""
        fields = [f for _, f in self.facets]
        return fields + [f for f in self.filterable if f not in fields]

    @cached_property
    def stop_word_set(self) -> frozenset[str]:
        """Stop words in folded form."""
        return frozenset(text.fold(w) for w in self.stop_words)

    def typo_budget(self, word: str) -> int:
        """Number of typos allowed for a (folded) query word of this length."""
        if len(word) >= self.typo_two_min:
            return 2
        if len(word) >= self.typo_one_min:
            return 1
        return 0

    def synonym_groups(self) -> list[list[tuple[str, ...]]]:
        """Synonym groups as lists of folded word tuples (empty terms dropped, duplicates merged)."""
        groups = []
        for group in self.synonyms:
            seen: list[tuple[str, ...]] = []
            for term in group:
                words = tuple(text.terms(term))
                if words and words not in seen:
                    seen.append(words)
            if len(seen) > 1:
                groups.append(seen)
        return groups

    def meilisearch_synonyms(self) -> dict[str, list[str]]:
        """Synonym groups expanded into Meilisearch's mapping form (every term → all others).

        Keys and values are lower-cased, with hyphens replaced by spaces (Meilisearch splits
        on hyphens in queries, so "ID-kaart" arrives as "id kaart").
        """
        mapping: dict[str, list[str]] = {}
        for group in self.synonym_groups():
            forms = [" ".join(words) for words in group]
            for form in forms:
                others = [o for o in forms if o != form]
                bucket = mapping.setdefault(form, [])
                bucket.extend(o for o in others if o not in bucket)
        return mapping

    def meilisearch_settings(self) -> dict[str, Any]:
        """The full Meilisearch index settings body for these settings."""
        return {
            "searchableAttributes": [f for f, _ in self.searchable],
            "filterableAttributes": self.filterable_fields,
            "sortableAttributes": ["updated_at"],
            "rankingRules": list(self.ranking_rules),
            "stopWords": sorted(self.stop_word_set),
            "synonyms": self.meilisearch_synonyms(),
            "typoTolerance": {
                "enabled": True,
                "minWordSizeForTypos": {
                    "oneTypo": self.typo_one_min,
                    "twoTypos": self.typo_two_min,
                },
            },
            "faceting": {"maxValuesPerFacet": 200},
            "pagination": {"maxTotalHits": 10000},
        }

    # -- (de)serialisation ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (lists instead of tuples)."""
        data = asdict(self)
        return json.loads(json.dumps(data))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SearchSettings:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        return cls(
            synonyms=tuple(tuple(g) for g in data.get("synonyms", ())),
            stop_words=tuple(data.get("stop_words", DUTCH_STOP_WORDS)),
            typo_one_min=int(data.get("typo_one_min", 5)),
            typo_two_min=int(data.get("typo_two_min", 9)),
            ranking_rules=tuple(data.get("ranking_rules", DEFAULT_RANKING_RULES)),
            searchable=tuple((f, float(w)) for f, w in data.get("searchable", DEFAULT_SEARCHABLE)),
            facets=tuple((n, f) for n, f in data.get("facets", DEFAULT_FACETS)),
            filterable=tuple(data.get("filterable", ("id",))),
        )

    def fingerprint(self) -> str:
        """Short stable hash of the configuration."""
        return self._fingerprint

    @cached_property
    def _fingerprint(self) -> str:
        raw = json.dumps(self.to_dict(), sort_keys=True).encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    def with_synonyms(self, synonyms: Iterable[Iterable[str]]) -> SearchSettings:
        """Copy with the synonym groups replaced."""
        return replace(self, synonyms=_clean_groups(synonyms))


def _clean_groups(groups: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    cleaned = []
    for group in groups:
        terms = tuple(t.strip() for t in group if t and t.strip())
        if len(terms) > 1:
            cleaned.append(terms)
    return tuple(cleaned)


def default_settings(
    synonyms: Iterable[Iterable[str]] = (),
    stop_words: Iterable[str] | None = None,
) -> SearchSettings:
    """Kennisbank's settings with the editor-managed ``synonyms`` (and optionally other stop words)."""
    settings = SearchSettings(synonyms=_clean_groups(synonyms))
    if stop_words is not None:
        settings = replace(settings, stop_words=tuple(stop_words))
    return settings
