"""Any input gives a report without errors, and every finding's offsets match its text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kennisbank.readability import analyse_sections, analyse_text

PIECES = st.sampled_from(
    [
        "De",
        "aanvraag",
        "wordt",
        "behandeld",
        "indien",
        "OCMW",
        "(OCMW)",
        "bv.",
        "o.a.",
        "12.30",
        "12u30",
        "25,30",
        "1.1.2026",
        "u",
        "je",
        ".",
        "!",
        "?",
        "...",
        "…",
        ",",
        "\n",
        "\n\n",
        "# ",
        "- ",
        "1. ",
        "> ",
        "[link](https://x.be/a.b)",
        "`code.`",
        "**",
        "_",
        "|",
        "```",
        "met betrekking tot",
        "aangevraagd",
        "é",
        "'s",
        "ij",
        " ",
        "  ",
        "\t",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=40).map(" ".join) | st.text(max_size=200))
def test_offsets_always_match(text):
    report = analyse_text(text)
    json.dumps(report.to_dict())
    for finding in report.findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.start < finding.end
    assert report.verdict in ("ok", "warn", "hard")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.fixed_dictionaries({"heading": st.text(max_size=30), "text": st.text(max_size=80)}), max_size=4))
def test_sections_never_fail(sections):
    report = analyse_sections(sections)
    for finding in report.findings:
        assert sections[finding.section][finding.field][finding.start : finding.end] == finding.text
