"""Report shape, JSON serialisation, verdicts and thresholds (module defaults and Django setting)."""

from __future__ import annotations

import json

import pytest

from kennisbank.readability import (
    DEFAULT_THRESHOLDS,
    Finding,
    ReadabilityReport,
    Thresholds,
    analyse_sections,
    analyse_text,
    get_thresholds,
)


def test_report_is_json_serialisable_and_has_the_public_fields():
    report = analyse_text("Indien u vragen hebt, wordt u geholpen door het OCMW.")
    assert isinstance(report, ReadabilityReport)
    data = json.loads(json.dumps(report.to_dict()))
    for key in (
        "score",
        "verdict",
        "verdict_label",
        "word_count",
        "sentence_count",
        "avg_sentence_length",
        "long_sentence_ratio",
        "passive_ratio",
        "findings",
    ):
        assert key in data
    finding = data["findings"][0]
    assert set(finding) >= {"code", "severity", "message", "suggestion", "start", "end", "text", "section"}
    assert all(isinstance(f, Finding) for f in report.findings)
    assert all(f.severity in ("info", "warning", "error") for f in report.findings)


def test_plain_text_is_ok():
    report = analyse_text("Wij halen uw afval op. Zet de zak voor zeven uur buiten.")
    assert (report.verdict, report.verdict_label, report.reasons) == ("ok", "ok", [])


def test_one_ambtelijk_word_makes_it_kan_eenvoudiger():
    report = analyse_text("Wij halen uw afval op. Zet de zak tevens voor zeven uur buiten.")
    assert (report.verdict, report.verdict_label) == ("warn", "kan eenvoudiger")
    assert report.reasons == ["Ambtelijke woorden gevonden: 1."]


def test_many_ambtelijke_woorden_make_it_te_moeilijk():
    report = analyse_text("Indien nodig. Teneinde dat. Middels dit. Derhalve zo. Tevens dat.")
    assert report.ambtelijk_count == 5
    assert (report.verdict, report.verdict_label) == ("hard", "te moeilijk")


def test_low_score_is_te_moeilijk():
    text = "Gemeentelijke administratieve dienstverlening ondersteunt maatschappelijke organisaties."
    report = analyse_text(text)
    assert report.score < DEFAULT_THRESHOLDS.score_hard
    assert report.verdict == "hard"
    assert report.reasons[0].startswith("Leesbaarheidsscore (Flesch-Douma)")


def test_custom_thresholds_change_the_verdict():
    text = "Wij halen uw afval op. Zet de zak tevens voor zeven uur buiten."
    relaxed = Thresholds.from_mapping({"ambtelijk_warn": 2})
    assert analyse_text(text, thresholds=relaxed).verdict == "ok"
    sections = [{"heading": "Afval", "text": text}]
    assert analyse_sections(sections, thresholds=relaxed).verdict == "ok"


def test_bad_threshold_settings_name_the_key():
    with pytest.raises(ValueError, match=r"KENNISBANK_READABILITY\['score_okay'\]: unknown threshold"):
        Thresholds.from_mapping({"score_okay": 60})
    with pytest.raises(ValueError, match=r"\['max_sentence_words'\]: expected a whole number"):
        Thresholds.from_mapping({"max_sentence_words": 20.5})
    with pytest.raises(ValueError, match=r"\['score_ok'\]: expected a number"):
        Thresholds.from_mapping({"score_ok": "65"})


def test_django_setting_overrides_defaults():
    from django.conf import settings
    from django.test import override_settings

    if not settings.configured:
        pytest.skip("Django settings are not configured in this run")
    with override_settings(KENNISBANK_READABILITY={"score_ok": 80, "max_sentence_words": 5}):
        thresholds = get_thresholds()
        assert thresholds.score_ok == 80.0 and thresholds.max_sentence_words == 5
        assert thresholds.score_hard == DEFAULT_THRESHOLDS.score_hard
        report = analyse_text("Wij halen uw afval elke week op.")
        assert [f.code for f in report.findings] == ["long_sentence"]
    assert get_thresholds() == DEFAULT_THRESHOLDS


def test_bad_sections_input_names_index_and_key():
    with pytest.raises(ValueError, match=r"sections\[1\]\['text'\]: expected str"):
        analyse_sections([{"heading": "A", "text": "Goed."}, {"heading": "B", "text": 3}])
    with pytest.raises(TypeError):
        analyse_text(None)  # type: ignore[arg-type]


def test_package_does_not_import_django_models():
    import subprocess
    import sys

    code = (
        "import sys, kennisbank.readability as r; r.analyse_text('De aanvraag wordt behandeld.');"
        "print(any(m.startswith('django.db.models') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
