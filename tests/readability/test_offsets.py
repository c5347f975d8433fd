"""Offsets of every finding point at the matched text, for plain texts and for page sections."""

from __future__ import annotations

from kennisbank.readability import analyse_sections, analyse_text

MARKDOWN = """# Aanvraag van een **parkeerkaart** voor het OCMW

Indien u een parkeerkaart wenst te bekomen, dient u het *aanvraagformulier* in te vullen.
De aanvraag wordt door de [bevoegde dienst](https://www.gemeente.be/indien) behandeld en je krijgt
bv. binnen 10 dagen een antwoord, d.w.z. om 12.30 uur op 1.1.2026 of daarna, alsook een brief met
alle informatie die u nodig hebt om de kaart aan het loket op te halen.

- Het formulier is goedgekeurd.
- Met betrekking tot de kosten: 25,30 euro.

> Gelieve onverwijld te betalen.
"""


def test_text_offsets_point_to_the_matched_substring():
    report = analyse_text(MARKDOWN)
    assert len({f.code for f in report.findings}) >= 7
    for finding in report.findings:
        assert MARKDOWN[finding.start : finding.end] == finding.text, finding
        assert finding.section is None and finding.field == "text"


def test_section_offsets_point_into_the_sections_own_heading_or_text():
    sections = [
        {"heading": "Wat is het OCMW?", "text": "Het OCMW helpt u. Indien u hulp nodig hebt, bel ons."},
        {"heading": "Kosten", "text": "De kaart wordt gratis bezorgd. Je betaalt niets."},
        {"heading": "", "text": ""},
        {"heading": "Met betrekking tot betalen", "text": MARKDOWN},
    ]
    report = analyse_sections(sections)
    assert {f.section for f in report.findings} == {0, 1, 3}
    assert any(f.field == "heading" for f in report.findings)
    for finding in report.findings:
        source = sections[finding.section][finding.field]
        assert source[finding.start : finding.end] == finding.text, finding
    # the heading explains nothing, so the first use of OCMW (in the heading) is reported
    ocmw = [f for f in report.findings if f.text == "OCMW"]
    assert [(f.section, f.field) for f in ocmw] == [(0, "heading")]
