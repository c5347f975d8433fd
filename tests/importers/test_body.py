"""Markdown body ↔ sections (pure functions, no database)."""

from __future__ import annotations

from importers.body import Section, kind_for_heading, parse_body, render_body


def test_headings_map_to_kinds():
    assert kind_for_heading("Wat is het?") == "what"
    assert kind_for_heading("voor wie") == "who"
    assert kind_for_heading("Hoe aanvragen?") == "how_to_apply"
    assert kind_for_heading("Wat meebrengen?") == "what_to_bring"
    assert kind_for_heading("Kostprijs") == "cost"
    assert kind_for_heading("Termijn:") == "lead_time"
    assert kind_for_heading("Uitzonderingen") == "exceptions"
    assert kind_for_heading("Goed om te weten") == "other"


def test_intro_sections_and_verbatim_text():
    body = "\n\nInleiding met **vet**.\n\n## Wat is het?\n\n\n- een\n- twee  \n\n## Extra ##\n\n  ingesprongen\n\n"
    sections, problems = parse_body(body, 10)
    assert problems == []
    assert sections == [
        Section("intro", "", "Inleiding met **vet**."),
        Section("what", "Wat is het?", "- een\n- twee  "),
        Section("other", "Extra", "  ingesprongen"),
    ]


def test_headings_inside_code_fences_do_not_split():
    body = "## Voorbeeld\n\n```md\n## geen rubriek\n# geen titel\n```\n\n~~~\n## ook niet\n~~~\n"
    sections, problems = parse_body(body, 1)
    assert problems == [] and len(sections) == 1
    assert "## geen rubriek" in sections[0].text


def test_level_one_headings_and_empty_headings_are_errors_with_lines():
    body = "Tekst\n\n# Titel\n\nAlinea\n===\n\n##\n\n## " + "x" * 121 + "\n"
    _sections, problems = parse_body(body, 7)
    assert [p.line for p in problems] == [9, 12, 14, 16]


def test_render_is_the_inverse_of_parse():
    sections = [Section("intro", "", "Hallo."), Section("cost", "Kostprijs", "Gratis."),
                Section("other", "Leeg", "")]
    text = render_body(sections)
    assert text == "Hallo.\n\n## Kostprijs\n\nGratis.\n\n## Leeg\n"
    assert parse_body(text, 1) == (sections, [])
    assert render_body([]) == ""
