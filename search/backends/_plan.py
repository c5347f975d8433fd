"""Query planning for the embedded engine: text as typed → ordered slots and excluded words (pure Python).

A *slot* is one query word as Meilisearch counts words for the ``last`` matching strategy:

- a plain word (with its typo budget; the final word of the query is a prefix unless the query
  ends with a space or punctuation);
- a hyphen/apostrophe compound ("geboorte-aangifte"): all parts, or the joined word;
- an *n-gram*: two or three adjacent typed words that the index holds joined ("orgaan donatie" →
  "orgaandonatie", "huis vuil zakken" → "huisvuilzakken"): the words, or the joined word. As in Meilisearch
  (which concatenates up to three words), the joined form gets at most one typo;
- a plain word the index does not hold, with a *split* alternative: the two indexed words it is made of
  ("huisvuilophaling" → "huisvuil" + "ophaling"); Meilisearch searches the two as a phrase, we ask for both
  words and let the proximity rule prefer them side by side (Dutch writes "rijbewijsaanvraag" for "rijbewijs
  aanvragen");
- a ``"quoted phrase"``: its words exactly and in order, no typos and no prefix;
- a synonym span ("id kaart"): the words as typed, or any other term of the synonym group
  (exact, multi-word terms as phrases).

``-word`` and ``-"a phrase"`` exclude documents that contain the word (exactly) or the phrase, as Meilisearch's
negative operator does. Stop words are dropped unless they are the word being typed (last word, prefix), are in a
phrase, or the query has nothing else. The embedded backend ANDs the slots and fills the result list from the
end: documents matching every slot first, then those matching all but the last slot, and so on (``last``).

N-grams and splits depend on what the index holds: :func:`plan` takes a ``vocabulary`` (term → how many
documents hold it, 0 = none) and a ``known_prefix`` check; without them neither is planned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from search import text
from search.highlight import TermMatcher
from search.settings import SearchSettings

#: The longest word we try to split, and the shortest part of a split.
MAX_SPLIT_LENGTH = 40
MIN_SPLIT_PART = 3
#: Words joined into one n-gram at most (Meilisearch: 3).
MAX_NGRAM = 3

# A quoted phrase (straight or curly quotes), optionally negated, or a negated word.
_PHRASE = re.compile(r'(-?)["“”„]([^"“”„]*)["“”„]?')
_NEGATED_WORD = re.compile(r"(?:(?<=\s)|^)-([^\W_][^\s]*)")

Vocabulary = Callable[[str], int]
PrefixCheck = Callable[[str], bool]


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
    phrase: bool = False
    split: tuple[str, str] | None = None
    split_prefix: bool = False

    @property
    def is_plain(self) -> bool:
        return (len(self.words) == 1 and self.joined is None and not self.synonyms and not self.phrase
                and self.split is None)


@dataclass
class Plan:
    """Slots in query order plus the excluded words and phrases (folded terms)."""

    slots: list[Slot]
    excluded: list[tuple[str, ...]] = field(default_factory=list)


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


def _extract_operators(raw: str) -> tuple[str, list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Split ``"phrases"`` and ``-words`` off the typed text: (rest, phrases, excluded), all folded."""
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []

    def take_phrase(match: re.Match[str]) -> str:
        words = tuple(text.terms(match.group(2)))
        if words:
            (excluded if match.group(1) else phrases).append(words)
        return " "

    rest = _PHRASE.sub(take_phrase, raw)

    def take_negated(match: re.Match[str]) -> str:
        words = tuple(text.terms(match.group(1)))
        if words:
            excluded.append(words)
        return " "

    rest = _NEGATED_WORD.sub(take_negated, rest)
    return rest, phrases, excluded


def plan(
    q: str,
    settings: SearchSettings,
    *,
    vocabulary: Vocabulary | None = None,
    known_prefix: PrefixCheck | None = None,
) -> list[Slot]:
    """Turn the typed text ``q`` into slots (empty list = placeholder search); see :func:`plan_query`."""
    return plan_query(q, settings, vocabulary=vocabulary, known_prefix=known_prefix).slots


def plan_query(
    q: str,
    settings: SearchSettings,
    *,
    vocabulary: Vocabulary | None = None,
    known_prefix: PrefixCheck | None = None,
) -> Plan:
    """Turn the typed text ``q`` into a :class:`Plan` (no slots and no exclusions = placeholder search)."""
    raw = text.nfc(q or "")
    rest, phrases, excluded = _extract_operators(raw) if ('"' in raw or "-" in raw or "“" in raw) else (raw, [], [])
    tokens = text.tokenize(rest)
    phrase_slots = [Slot(words=[Word(t, 0, False) for t in words], phrase=True) for words in phrases]
    if not tokens:
        return Plan(phrase_slots, excluded)
    prefix_mode = rest.rstrip() == rest and rest[-1:].isalnum() and not phrases
    terms = [t.term for t in tokens]
    last = len(terms) - 1
    compounds = dict(text.compound_spans(rest))
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

    if not all(is_stop(s) for s in slots):
        slots = [s for s in slots if not is_stop(s) or s.words[0].prefix]
    if vocabulary is not None:
        slots = _ngrams(slots, vocabulary, known_prefix, settings)
        slots = [_with_split(s, vocabulary, known_prefix) for s in slots]
    return Plan(phrase_slots + slots, excluded)


def _ngrams(slots: list[Slot], vocabulary: Vocabulary, known_prefix: PrefixCheck | None,
            settings: SearchSettings) -> list[Slot]:
    """Merge runs of 2–3 plain slots whose joined form the index holds into one slot (words OR joined)."""
    out: list[Slot] = []
    i = 0
    while i < len(slots):
        merged = None
        for size in range(MAX_NGRAM, 1, -1):
            run = slots[i : i + size]
            if len(run) < size or not all(s.is_plain for s in run):
                continue
            parts = [s.words[0] for s in run]
            joined_term = "".join(p.term for p in parts)
            is_prefix = parts[-1].prefix
            known = vocabulary(joined_term) > 0 or (is_prefix and known_prefix is not None
                                                    and known_prefix(joined_term))
            if known:
                budget = min(1, settings.typo_budget(joined_term))
                merged = Slot(words=parts, joined=Word(joined_term, budget, is_prefix))
                i += size
                break
        if merged is None:
            merged = slots[i]
            i += 1
        out.append(merged)
    return out


def _with_split(slot: Slot, vocabulary: Vocabulary, known_prefix: PrefixCheck | None) -> Slot:
    """A plain word the index does not hold gets its best two-word split as an alternative.

    For the word being typed (a prefix) only when no indexed word starts with it; its second part may then be a
    prefix too ("rijbewijsaanvr" → "rijbewijs" + "aanvr…").
    """
    if not slot.is_plain:
        return slot
    word = slot.words[0]
    if len(word.term) < 2 * MIN_SPLIT_PART or len(word.term) > MAX_SPLIT_LENGTH or not word.term.isalpha():
        return slot
    if vocabulary(word.term) > 0:
        return slot
    if word.prefix and (known_prefix is None or known_prefix(word.term)):
        return slot
    best: tuple[int, tuple[str, str]] | None = None
    for cut in range(MIN_SPLIT_PART, len(word.term) - MIN_SPLIT_PART + 1):
        left, right = word.term[:cut], word.term[cut:]
        left_count = vocabulary(left)
        if not left_count:
            continue
        right_count = vocabulary(right)
        if not right_count and word.prefix and known_prefix is not None and known_prefix(right):
            right_count = 1
        if not right_count:
            continue
        score = min(left_count, right_count)
        if best is None or score > best[0]:
            best = (score, (left, right))
    if best is None:
        return slot
    return Slot(words=slot.words, split=best[1], split_prefix=word.prefix)


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
        if slot.split:
            matcher.exact.update(slot.split)
            if slot.split_prefix:
                matcher.prefixes.add(slot.split[1])
        for form in slot.synonyms:
            matcher.exact.update(form)
    return matcher
