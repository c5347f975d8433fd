"""Flesch-Douma scores computed by hand: 206.835 − 0.93·ASL − 77·ASW.

Syllables are textstat/pyphen (nl_NL) counts; each comment lists them word by word.
"""

from __future__ import annotations

import pytest
import textstat

from kennisbank.readability import analyse_text
from kennisbank.readability.scoring import douma
from kennisbank.readability.syllables import word_syllables


def test_one_short_sentence():
    # De(1) kat(1) zit(1) op(1) de(1) mat(1): 6 words, 1 sentence, 6 syllables
    # ASL = 6, ASW = 1 → 206.835 − 5.58 − 77 = 124.255
    report = analyse_text("De kat zit op de mat.")
    assert (report.word_count, report.sentence_count, report.syllable_count) == (6, 1, 6)
    assert report.score == pytest.approx(124.255)


def test_two_sentences():
    # Wij(1) ma-ken(2) de(1) straat(1) schoon(1) | Dat(1) duurt(1) twee(1) da-gen(2)
    # 9 words, 2 sentences, 11 syllables; ASL = 4.5, ASW = 11/9
    # 206.835 − 0.93·4.5 − 77·11/9 = 206.835 − 4.185 − 94.1111 = 108.5389
    report = analyse_text("Wij maken de straat schoon. Dat duurt twee dagen.")
    assert (report.word_count, report.sentence_count, report.syllable_count) == (9, 2, 11)
    assert report.score == pytest.approx(108.5389, abs=1e-3)
    assert report.avg_sentence_length == pytest.approx(4.5)


def test_long_words_lower_the_score():
    # De(1) aan-vraag(2) wordt(1) be-han-deld(3): 4 words, 1 sentence, 7 syllables
    # 206.835 − 0.93·4 − 77·7/4 = 206.835 − 3.72 − 134.75 = 68.365
    report = analyse_text("De aanvraag wordt behandeld.")
    assert report.syllable_count == 7
    assert report.score == pytest.approx(68.365)


def test_time_and_abbreviation_do_not_split_and_count_as_one_word():
    # Kom om 12.30 uur, bv. met de bus: 8 words of 1 syllable (a number counts 1), 1 sentence
    # 206.835 − 0.93·8 − 77·1 = 122.395
    report = analyse_text("Kom om 12.30 uur, bv. met de bus.")
    assert (report.word_count, report.sentence_count, report.syllable_count) == (8, 1, 8)
    assert report.score == pytest.approx(122.395)


def test_headings_are_units_but_not_sentences_in_the_score():
    # heading "Afval" is left out; list items: Glas(1) | Pa-pier(2) en(1) kar-ton(2)
    # 4 words, 2 sentences, 6 syllables → 206.835 − 0.93·2 − 77·1.5 = 89.475
    report = analyse_text("# Afval\n\n- Glas\n- Papier en karton")
    assert (report.word_count, report.sentence_count, report.syllable_count) == (4, 2, 6)
    assert report.score == pytest.approx(89.475)


def test_formula_and_empty_text():
    assert douma(10, 2, 15) == pytest.approx(206.835 - 0.93 * 5 - 77 * 1.5)
    report = analyse_text("")
    assert report.word_count == 0 and report.score == 0.0 and report.verdict == "ok"


@pytest.mark.parametrize("word", ["gemeente", "aanvraagformulier", "rijbewijs", "ophalen", "bureau"])
def test_syllables_equal_textstat_dutch_instance(word):
    """Outside the hiatus exceptions (data/lettergrepen.tsv, e.g. identiteitskaart) the count is textstat's."""
    counter = textstat.textstat.__class__()
    counter.set_lang("nl_NL")
    assert word_syllables(word) == counter.syllable_count(word)


def test_global_textstat_language_is_untouched():
    analyse_text("De gemeente haalt het afval op.")
    assert textstat.textstat._textstatistics__lang == "en_US"
