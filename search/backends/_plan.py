"""Query planning for the embedded engine: text as typed → ordered slots (pure Python).

A *slot* is one query word as Meilisearch counts words for the ``last`` matching strategy:

- a plain word (with its typo budget; the final word of the query is a prefix unless the query
  ends with a space or punctuation);
- a hyphen/apostrophe compound ("geboorte-aangifte"): all parts, or the joined word;
- a synonym span ("id kaart"): the words as typed, or any other term of the synonym group
  (exact, multi-word terms as phrases).

Stop words are dropped unless they are the word being typed (last word, prefix) or the query has
nothing else. The embedded backend ANDs the slots and
drops slots from the end while nothing matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search import text
from search.highlight import TermMatcher
from search.settings import SearchSettings


@dataclass(frozen=True)
class Word:
    """One folded query word with its typo budget and prefix flag."""

    term: str
    budget: int
    prefix: bool


@dataclass
class Slot:
    """One query word/unit; see module docstring."""

    words: list[Word]
    joined: Word | None = None
    synonyms: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def is_plain(self) -> bool:
        return len(self.words) == 1 and self.joined is None and not self.synonyms


def _synonym_index(settings: SearchSettings) -> dict[str, list[tuple[tuple[str, ...], list[tuple[str, ...]]]]]:
    """first word → [(form, other forms)], longest forms first."""
    index: dict[str, list[tuple[tuple[str, ...], list[tuple[str, ...]]]]] = {}
    for group in settings.synonym_groups():
        for form in group:
            others = [o for o in group if o != form]
            index.setdefault(form[0], []).append((form, others))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


_SYNONYM_CACHE: dict[str, dict] = {}


def synonym_index(settings: SearchSettings) -> dict:
    """Cached :func:`_synonym_index` per settings fingerprint."""
    key = settings.fingerprint()
    index = _SYNONYM_CACHE.get(key)
    if index is None:
        if len(_SYNONYM_CACHE) > 16:
            _SYNONYM_CACHE.clear()
        index = _SYNONYM_CACHE[key] = _synonym_index(settings)
    return index


def plan(q: str, settings: SearchSettings) -> list[Slot]:
    """Turn the typed text ``q`` into slots (empty list = placeholder search)."""
    raw = text.nfc(q or "")
    tokens = text.tokenize(raw)
    if not tokens:
        return []
    prefix_mode = raw[-1].isalnum()
    terms = [t.term for t in tokens]
    last = len(terms) - 1
    compounds = dict(text.compound_spans(raw))
    synonyms = synonym_index(settings)

    def word(i: int) -> Word:
        is_prefix = prefix_mode and i == last
        return Word(terms[i], settings.typo_budget(terms[i]), is_prefix)

    slots: list[Slot] = []
    i = 0
    while i < len(terms):
        matched = None
        for form, others in synonyms.get(terms[i], ()):
            if tuple(terms[i : i + len(form)]) == form:
                matched = (form, others)
                break
        if matched:
            form, others = matched
            slots.append(Slot(words=[word(j) for j in range(i, i + len(form))], synonyms=list(others)))
            i += len(form)
            continue
        if i in compounds:
            count = compounds[i]
            parts = [word(j) for j in range(i, i + count)]
            joined_term = "".join(p.term for p in parts)
            joined = Word(joined_term, settings.typo_budget(joined_term), parts[-1].prefix)
            slots.append(Slot(words=parts, joined=joined))
            i += count
            continue
        slots.append(Slot(words=[word(i)]))
        i += 1

    # Stop words go, except the word being typed (a prefix), as in Meilisearch: "eid aan" still
    # finds "aanvragen". A query of nothing but stop words is kept whole.
    stop = settings.stop_word_set

    def is_stop(slot: Slot) -> bool:
        return slot.is_plain and slot.words[0].term in stop

    if all(is_stop(s) for s in slots):
        return slots
    return [s for s in slots if not is_stop(s) or s.words[0].prefix]


def matcher_for(slots: list[Slot]) -> TermMatcher:
    """Highlight matcher for the slots a search actually used."""
    matcher = TermMatcher()
    for slot in slots:
        words = list(slot.words) + ([slot.joined] if slot.joined else [])
        for w in words:
            matcher.exact.add(w.term)
            if w.prefix:
                matcher.prefixes.add(w.term)
            if w.budget:
                matcher.fuzzy.append((w.term, w.budget, w.prefix))
        for form in slot.synonyms:
            matcher.exact.update(form)
    return matcher
