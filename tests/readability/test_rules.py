"""Each rule fires on a sentence written to trigger it and stays silent on its plain rewrite."""

from __future__ import annotations

import pytest

from kennisbank.readability import analyse_sections, analyse_text
from kennisbank.readability.lexicon import ambtelijke_woorden


def codes(text: str) -> list[str]:
    return [f.code for f in analyse_text(text).findings]


def only(text: str, code: str):
    return [f for f in analyse_text(text).findings if f.code == code]


# --- long_sentence -------------------------------------------------------------------------------

LONG = (
    "Wie een parkeerkaart voor bewoners wil aanvragen moet eerst het formulier invullen en daarna "
    "samen met een kopie van de papieren van de auto naar het loket komen."
)


def test_long_sentence_fires_and_plain_rewrite_is_silent():
    found = only(LONG, "long_sentence")
    assert len(found) == 1
    assert found[0].severity == "warning" and "28 woorden" in found[0].message
    plain = (
        "Wilt u een parkeerkaart? Vul het formulier in. Kom ermee naar het loket. Breng de papieren van de auto mee."
    )
    assert only(plain, "long_sentence") == []


def test_very_long_sentence_is_an_error():
    text = " ".join(["woord"] * 31) + "."
    assert only(text, "long_sentence")[0].severity == "error"


def test_exactly_twenty_words_is_fine():
    assert only(" ".join(["woord"] * 20) + ".", "long_sentence") == []


# --- passive ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Uw aanvraag wordt door de dienst behandeld.", "wordt door de dienst behandeld"),
        ("Het afval wordt op dinsdag opgehaald.", "wordt op dinsdag opgehaald"),
        ("De kaart werd gisteren aangevraagd.", "werd gisteren aangevraagd"),
        ("De formulieren worden niet verstuurd.", "worden niet verstuurd"),
        ("Het contract moet eerst ondertekend worden.", "ondertekend worden"),
        ("De premie werd vorig jaar uitbetaald.", "werd vorig jaar uitbetaald"),
        ("Uw brief wordt binnen een week beantwoord.", "wordt binnen een week beantwoord"),
        ("De kosten worden door de gemeente terugbetaald.", "worden door de gemeente terugbetaald"),
        ("Het besluit werd gisteren genomen.", "werd gisteren genomen"),
        ("De straat wordt heraangelegd.", "wordt heraangelegd"),
        ("Uw kind wordt in het ziekenhuis geboren.", "wordt in het ziekenhuis geboren"),
    ],
)
def test_passive_fires(text, span):
    found = only(text, "passive")
    assert [f.text for f in found] == [span]
    assert "Schrijf actief" in found[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "De dienst behandelt uw aanvraag.",
        "Wij halen het afval op dinsdag op.",
        "Het gebied wordt groter.",
        "Dat geldt ook als het warm wordt.",
        "Zij wordt volgend jaar schepen.",
        "Uw kind wordt morgen twaalf jaar.",
    ],
)
def test_passive_silent_on_active_sentences(text):
    assert only(text, "passive") == []


def test_zijn_with_participle_is_only_a_hint():
    found = analyse_text("Uw aanvraag is goedgekeurd.").findings
    assert [(f.code, f.severity, f.text) for f in found] == [("passive_hint", "info", "is goedgekeurd")]
    assert analyse_text("Uw aanvraag is goedgekeurd.").passive_ratio == 0.0
    assert only("Hij is gisteren vertrokken.", "passive_hint") == []
    assert only("Wij hebben uw aanvraag goedgekeurd.", "passive_hint") == []


def test_passive_ratio():
    text = "Het afval wordt opgehaald. Wij halen ook papier op. Glas brengt u zelf weg. Dat is alles."
    assert analyse_text(text).passive_ratio == pytest.approx(0.25)


# --- ambtelijk ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "replacement", "plain"),
    [
        ("Indien u vragen hebt, bel ons.", "Indien", "als", "Als u vragen hebt, bel ons."),
        ("U dient te betalen.", "dient te", "moet", "U moet betalen."),
        ("Met betrekking tot uw vraag bellen wij u.", "Met betrekking tot", "over", "Over uw vraag bellen wij u."),
        (
            "In het kader van de actie krijgt u een korting.",
            "In het kader van",
            "voor",
            "Voor de actie krijgt u een korting.",
        ),
        ("Kom langs teneinde uw kaart op te halen.", "teneinde", "om", "Kom langs om uw kaart op te halen."),
        ("U kunt een premie bekomen.", "bekomen", "krijgen", "U kunt een premie krijgen."),
        ("Betaal middels een overschrijving.", "middels", "met", "Betaal met een overschrijving."),
        ("Gelieve het formulier te tekenen.", "Gelieve", "wilt u", "Wilt u het formulier tekenen?"),
        ("Breng uw kaart alsook een foto mee.", "alsook", "en ook", "Breng uw kaart en een foto mee."),
        ("Het loket is derhalve gesloten.", "derhalve", "daarom", "Het loket is daarom gesloten."),
        ("Meld dit onverwijld aan de politie.", "onverwijld", "meteen", "Meld dit meteen aan de politie."),
        (
            "Dit ressorteert onder de dienst Burgerzaken.",
            "ressorteert",
            "valt",
            "Dit valt onder de dienst Burgerzaken.",
        ),
        ("Stuur voornoemde documenten op.", "voornoemde", "deze", "Stuur deze documenten op."),
    ],
)
def test_ambtelijk_fires_with_replacement_and_plain_is_silent(text, term, replacement, plain):
    found = only(text, "ambtelijk")
    assert [f.text for f in found] == [term]
    assert found[0].suggestion == f"Schrijf '{replacement}' in plaats van '{term}'."
    assert only(plain, "ambtelijk") == []


def test_ambtelijk_data_file_is_large_and_every_entry_is_found():
    lexicon = ambtelijke_woorden()
    assert len(lexicon.entries) >= 60
    assert any(" " in term for term, _ in lexicon.entries)
    for term, replacement in lexicon.entries:
        word = term.rstrip("*") + ("e" if term.endswith("*") else "")
        found = only(f"Dit is {word} hier.", "ambtelijk")
        assert [f.text for f in found] == [word], term
        assert replacement in found[0].suggestion


def test_ambtelijk_matches_across_a_line_break_but_not_inside_words_or_links():
    assert [f.text for f in only("Met betrekking\ntot uw vraag.", "ambtelijk")] == ["Met betrekking\ntot"]
    assert only("U kunt uw aanvraag indienen.", "ambtelijk") == []  # 'indien' inside 'indienen'
    assert only("Zie [de site](https://example.org/indien-mogelijk).", "ambtelijk") == []


# --- long_word ----------------------------------------------------------------------------------


def test_long_word_fires_and_plain_is_silent():
    found = only("U hebt een aansprakelijkheidsverzekering nodig.", "long_word")
    assert [f.text for f in found] == ["aansprakelijkheidsverzekering"]
    assert found[0].severity == "info" and "samenstelling" in found[0].suggestion
    assert only("U hebt een verzekering nodig.", "long_word") == []


def test_long_word_reported_once_per_text():
    text = "Het aanvraagformulier is klaar. Vul het aanvraagformulier in."
    assert len(only(text, "long_word")) == 1


# --- abbreviation -------------------------------------------------------------------------------


def test_unexplained_abbreviation_fires_once_at_first_use():
    found = only("Ga naar het OCMW. Het OCMW helpt u.", "abbreviation")
    assert [(f.text, f.start) for f in found] == [("OCMW", 12)]


@pytest.mark.parametrize(
    "text",
    [
        "Ga naar het Openbaar Centrum voor Maatschappelijk Welzijn (OCMW). Het OCMW helpt u.",
        "Ga naar het OCMW (Openbaar Centrum voor Maatschappelijk Welzijn). Het OCMW helpt u.",
        "LET OP: kom op tijd.",
        "Download de PDF en lees ze.",
        "Breng uw eID mee.",
    ],
)
def test_explained_or_allowed_abbreviations_are_silent(text):
    assert only(text, "abbreviation") == []


def test_dotted_abbreviation_suggests_written_out_form():
    found = only("Breng bv. uw kaart mee, d.w.z. uw eID.", "abbreviation")
    assert [(f.text, f.suggestion) for f in found] == [
        ("bv.", "Schrijf 'bijvoorbeeld' in plaats van 'bv.'."),
        ("d.w.z.", "Schrijf 'dat wil zeggen' in plaats van 'd.w.z.'."),
    ]
    assert only("Breng bijvoorbeeld uw kaart mee.", "abbreviation") == []


def test_unknown_dotted_abbreviation_is_a_warning():
    found = only("Dit is een x.y.z. regel.", "abbreviation")
    assert [(f.text, f.severity) for f in found] == [("x.y.z.", "warning")]


# --- mixed_address ------------------------------------------------------------------------------


def test_mixed_address_flags_the_minority_form():
    found = only("U kunt uw kaart ophalen. Neem je identiteitskaart mee.", "mixed_address")
    assert [f.text for f in found] == ["je"]
    assert only("U kunt uw kaart ophalen. Neem uw identiteitskaart mee.", "mixed_address") == []
    assert only("Je kunt je kaart ophalen. Neem jouw identiteitskaart mee.", "mixed_address") == []


def test_mixed_address_across_sections():
    report = analyse_sections(
        [
            {"heading": "Aanvragen", "text": "Je vraagt de kaart aan. Jij betaalt aan het loket."},
            {"heading": "Ophalen", "text": "U haalt de kaart op."},
        ]
    )
    found = [f for f in report.findings if f.code == "mixed_address"]
    assert [(f.section, f.text) for f in found] == [(1, "U")]


# --- long_paragraph -----------------------------------------------------------------------------


def test_long_paragraph_fires_and_split_version_is_silent():
    sentence = "Wij halen het afval elke week op in uw straat. "  # 10 words
    long_paragraph = sentence * 16  # 160 words
    found = only(long_paragraph, "long_paragraph")
    assert len(found) == 1 and "160 woorden" in found[0].message
    assert only(sentence * 8 + "\n\n" + sentence * 8, "long_paragraph") == []


def test_a_list_is_not_a_paragraph():
    items = "\n".join("- " + "woord " * 9 for _ in range(20))
    assert only(items, "long_paragraph") == []


def test_capitals_for_emphasis_and_roman_numerals_are_not_abbreviations():
    assert only("# AFVAL\n\nDeel II van het reglement geldt.", "abbreviation") == []
    assert [f.text for f in only("# Afval en KGA\n\nBreng het naar het park.", "abbreviation")] == ["KGA"]


# --- issue 17: split verbs, 'alwaar', passive infinitives, third person, hiatus syllables -------------------------
@pytest.mark.parametrize(("hard", "plain", "code", "marked"), [
    ("U dient zich binnen de acht dagen tot de dienst Burgerzaken te wenden.",
     "Ga binnen acht dagen naar de dienst Burgerzaken.", "split_verb",
     "dient zich binnen de acht dagen tot de dienst Burgerzaken te wenden"),
    ("Kom naar het gemeentehuis, alwaar u uw kaart krijgt.",
     "Kom naar het gemeentehuis. Daar krijgt u uw kaart.", "ambtelijk", "alwaar"),
    ("De afspraken dienen schriftelijk te worden vastgelegd.",
     "Wij leggen de afspraken op papier vast.", "passive_infinitive", "te worden vastgelegd"),
    ("De aanvrager brengt zijn identiteitskaart mee.",
     "U brengt uw identiteitskaart mee.", "third_person", "aanvrager"),
    ("Betrokkene ontvangt een brief.", "U krijgt een brief.", "third_person", "Betrokkene"),
])
def test_new_rule_fires_with_dutch_advice_and_offsets_and_is_silent_on_the_rewrite(hard, plain, code, marked):
    found = only(hard, code)
    assert len(found) == 1, [(f.code, f.text) for f in analyse_text(hard).findings]
    finding = found[0]
    assert finding.text == marked and hard[finding.start:finding.end] == marked
    assert finding.severity == "warning"
    assert finding.suggestion.startswith(("Schrijf", "Zeg wie", "Spreek de lezer aan")), finding.suggestion
    assert only(plain, code) == []
    assert {f.code for f in analyse_text(plain).findings} <= {"long_word"}


def test_a_close_dient_u_te_is_left_to_the_word_list():
    assert only("Dient u te betalen? Dan krijgt u een brief.", "split_verb") == []


def test_passive_infinitive_is_not_also_reported_as_a_plain_passive():
    found = [f.code for f in analyse_text("Het formulier dient te worden ondertekend.").findings]
    assert "passive_infinitive" in found and "passive" not in found


@pytest.mark.parametrize(("word", "syllables"), [
    ("ideeën", 3), ("idee", 2), ("bioscoop", 3), ("filmbioscoop", 4), ("identiteitskaart", 5),
    ("identiteitsbewijs", 6), ("radio", 3), ("situatie", 5), ("poëzie", 3), ("gemeentehuis", 4), ("huis", 1),
])
def test_hiatus_words_count_their_syllables(word, syllables):
    from kennisbank.readability.syllables import word_syllables

    assert word_syllables(word) == syllables
