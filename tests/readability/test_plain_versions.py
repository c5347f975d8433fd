"""Plain rewrites of bureaucratic texts score better: higher Douma, fewer findings, verdict not worse."""

from __future__ import annotations

import pytest

from kennisbank.readability import analyse_text

LEVEL = {"ok": 0, "warn": 1, "hard": 2}

PAIRS = [
    (
        "Indien u in aanmerking wenst te komen voor een bewonerskaart, dient u middels het daartoe bestemde "
        "aanvraagformulier een aanvraag in te dienen bij de dienst Mobiliteit. De aanvraag wordt binnen een "
        "termijn van dertig kalenderdagen door de bevoegde dienst behandeld, waarna de beslissing u "
        "onverwijld schriftelijk wordt meegedeeld. Gelieve tevens een kopie van het inschrijvingsbewijs van "
        "het voertuig toe te voegen.",
        "Wilt u een bewonerskaart? Vul dan het formulier in. Stuur het naar de dienst Mobiliteit. "
        "Wij bekijken uw vraag binnen 30 dagen. Daarna krijgt u meteen een brief met ons besluit. "
        "Stuur ook een kopie van de papieren van uw auto mee.",
    ),
    (
        "Met betrekking tot de ophaling van grofvuil wordt de burger verzocht om voorafgaandelijk een "
        "afspraak te maken. Teneinde de ophaling vlot te laten verlopen, dienen de voorwerpen uiterlijk om "
        "7 uur aan de straatkant te worden geplaatst. Voorwerpen die niet conform het reglement worden "
        "aangeboden, worden derhalve niet meegenomen.",
        "Wilt u grofvuil laten ophalen? Maak dan eerst een afspraak. Zet uw spullen voor 7 uur aan de "
        "straat. Zo kunnen wij ze vlot ophalen. Houdt u zich niet aan de regels? Dan nemen wij uw spullen "
        "niet mee.",
    ),
    (
        "Het OCMW verstrekt in het kader van het sociaal beleid financiële steun aan personen die "
        "woonachtig zijn op het grondgebied van de gemeente. De aanvraag dient persoonlijk te worden "
        "ingediend, alsook vergezeld te zijn van de nodige bewijsstukken. Indien de aanvraag onvolledig "
        "is, wordt zij geenszins in behandeling genomen.",
        "Woont u in onze gemeente en hebt u te weinig geld? Dan kan het Openbaar Centrum voor "
        "Maatschappelijk Welzijn (OCMW) u helpen. Kom zelf langs om hulp te vragen. Breng de papieren mee "
        "die tonen hoeveel u verdient. Wij helpen u pas als alle papieren er zijn.",
    ),
]


@pytest.mark.parametrize(("bureaucratic", "plain"), PAIRS, ids=["bewonerskaart", "grofvuil", "ocmw"])
def test_plain_version_scores_better(bureaucratic, plain):
    before, after = analyse_text(bureaucratic), analyse_text(plain)
    assert after.score > before.score
    assert len(after.findings) < len(before.findings)
    assert LEVEL[after.verdict] <= LEVEL[before.verdict]
    assert before.verdict == "hard"
    assert after.verdict == "ok"
    assert after.ambtelijk_count == 0 < before.ambtelijk_count
    assert after.passive_ratio < before.passive_ratio
