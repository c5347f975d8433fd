"""Pure text helpers and query planning used by the embedded engine."""

from __future__ import annotations

from search import text
from search.backends._plan import matcher_for, plan
from search.highlight import mark
from search.settings import default_settings


def test_fold_strips_accents_and_case_one_char_for_one():
    assert text.fold("CAFÉ") == "cafe"
    assert text.fold("België") == "belgie"
    sample = "Ïnschrijving één Straße"
    assert len(text.fold_text(sample)) == len(sample)


def test_tokenize_offsets_point_into_the_original():
    value = "Geboorte-aangifte in België"
    tokens = text.tokenize(value)
    assert [t.term for t in tokens] == ["geboorte", "aangifte", "in", "belgie"]
    assert value[tokens[3].start : tokens[3].end] == "België"
    assert text.compounds(value) == ["geboorteaangifte"]


def test_osa_distance_counts_a_transposition_as_one():
    assert text.osa_distance("riespas", "reispas", 1) == 1
    assert text.osa_distance("pospoirt", "paspoort", 1) == 2  # limit + 1: over budget
    assert text.prefix_distance("omgevingsv", "omgevingsvergunning", 2) == 0
    assert text.prefix_distance("omgewingsv", "omgevingsvergunning", 1) == 1


def test_plan_drops_stop_words_but_keeps_the_word_being_typed():
    settings = default_settings()
    assert [s.words[0].term for s in plan("hoe vraag ik een reispas aan", settings)] == ["reispas", "aan"]
    assert [s.words[0].term for s in plan("hoe vraag ik een reispas aan ", settings)] == ["reispas"]
    assert [s.words[0].term for s in plan("hoe moet ik", settings)] == ["hoe", "moet", "ik"]


def test_plan_prefix_only_on_last_word_and_typo_budgets():
    slots = plan("paspoort omgevingsvergunning rijb", default_settings())
    words = [s.words[0] for s in slots]
    assert [(w.budget, w.prefix) for w in words] == [(1, False), (2, False), (0, True)]


def test_plan_synonym_span_and_compound():
    settings = default_settings(synonyms=[["ID-kaart", "identiteitskaart"]])
    (slot,) = plan("ID-kaart ", settings)
    assert [w.term for w in slot.words] == ["id", "kaart"]
    assert slot.synonyms == [("identiteitskaart",)]
    (slot,) = plan("geboorte-aangifte ", settings)
    assert slot.joined is not None and slot.joined.term == "geboorteaangifte"


def test_mark_highlights_typed_prefix_and_crops_long_text():
    matcher = matcher_for(plan("omgevingsv", default_settings()))
    assert mark("Omgevingsvergunning nodig", matcher) == "\ue000Omgevingsv\ue001ergunning nodig"
    body = " ".join(["woord"] * 100 + ["omgevingsvergunning"] + ["woord"] * 100)
    cropped = mark(body, matcher, crop=30)
    assert cropped.startswith("…") and cropped.endswith("…")
    assert len(cropped.split()) == 30
    assert mark("Niets te zien", matcher) is None
