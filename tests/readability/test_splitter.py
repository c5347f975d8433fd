"""The Dutch sentence splitter on tricky inputs."""

from __future__ import annotations

import pytest

from kennisbank.readability import split_sentences
from kennisbank.readability.splitter import parse_segment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Breng bv. uw eID mee. Kom daarna terug.", ["Breng bv. uw eID mee.", "Kom daarna terug."]),
        ("Dit geldt o.a. voor ouders. En voor kinderen.", ["Dit geldt o.a. voor ouders.", "En voor kinderen."]),
        ("Kom om 12.30 uur. Of om 12u30.", ["Kom om 12.30 uur.", "Of om 12u30."]),
        ("Het kost 25,30 euro. Betaal cash.", ["Het kost 25,30 euro.", "Betaal cash."]),
        ("De regel geldt vanaf 1.1.2026 voor iedereen.", ["De regel geldt vanaf 1.1.2026 voor iedereen."]),
        ("Dat is d.w.z. alles. M.a.w. kom langs.", ["Dat is d.w.z. alles.", "M.a.w. kom langs."]),
        (
            "Lees art. 5 en nr. 3 goed. Dhr. Peeters en mevr. Janssens tekenen.",
            ["Lees art. 5 en nr. 3 goed.", "Dhr. Peeters en mevr. Janssens tekenen."],
        ),
        ("Breng papier, glas enz. Daarna gaat u naar huis.", ["Breng papier, glas enz.", "Daarna gaat u naar huis."]),
        ("Breng papier, glas enz. mee naar het park.", ["Breng papier, glas enz. mee naar het park."]),
        ("Hebt u vragen? Bel ons! We helpen graag.", ["Hebt u vragen?", "Bel ons!", "We helpen graag."]),
        ("Hij vroeg (waarom?) niets. Klaar!", ["Hij vroeg (waarom?) niets.", "Klaar!"]),
        ("Wacht... en dan. Ja… Klaar.", ["Wacht... en dan.", "Ja…", "Klaar."]),
        ("J. Peeters is schepen. Hij tekent.", ["J. Peeters is schepen.", "Hij tekent."]),
        (
            "Zie [onze website](https://www.gent.be/a.b?x=1). Of mail naar info@gent.be. Dank.",
            ["Zie [onze website](https://www.gent.be/a.b?x=1).", "Of mail naar info@gent.be.", "Dank."],
        ),
        ('Hij zei: "Kom morgen." Toen ging hij weg.', ['Hij zei: "Kom morgen."', "Toen ging hij weg."]),
    ],
)
def test_sentences(text, expected):
    assert split_sentences(text) == expected


def test_headings_and_list_items_are_their_own_units():
    text = (
        "## Wat breng ik mee\n"
        "Breng deze papieren mee:\n\n"
        "- uw identiteitskaart\n"
        "- een foto. Niet ouder dan een jaar\n"
        "1. eerst het formulier\n"
        "2) dan betalen\n\n"
        "Daarna krijgt u de kaart"
    )
    segment = parse_segment(text)
    units = [(s.kind, text[s.start : s.end]) for s in segment.sentences]
    assert units == [
        ("heading", "Wat breng ik mee"),
        ("sentence", "Breng deze papieren mee:"),
        ("list_item", "uw identiteitskaart"),
        ("list_item", "een foto."),
        ("list_item", "Niet ouder dan een jaar"),
        ("list_item", "eerst het formulier"),
        ("list_item", "dan betalen"),
        ("sentence", "Daarna krijgt u de kaart"),
    ]


def test_heading_without_blank_line_and_paragraph_lines_join():
    text = "# Titel\nEerste regel\nloopt door. Tweede zin."
    assert split_sentences(text) == ["Titel", "Eerste regel\nloopt door.", "Tweede zin."]


def test_code_and_images_are_not_prose():
    text = "Typ `a.b. c? d!` in het veld. ![logo. Foto](logo.png) Klaar.\n\n```\nniet. tellen.\n```\n"
    # the image is masked, so the second unit starts at "Klaar"
    assert split_sentences(text) == ["Typ `a.b. c? d!` in het veld.", "Klaar."]
    segment = parse_segment(text)
    assert [t.text for t in segment.sentences[1].tokens] == ["Klaar"]


def test_token_kinds():
    segment = parse_segment("Kom o.a. om 12u30 of 12.30 met 25,30 euro op 1.1.2026 naar auto's.")
    tokens = [(t.text, t.kind) for t in segment.sentences[0].tokens]
    assert ("o.a.", "abbr") in tokens
    assert ("12u30", "number") in tokens and ("12.30", "number") in tokens
    assert ("25,30", "number") in tokens and ("1.1.2026", "number") in tokens
    assert ("auto's", "word") in tokens
