"""Every kind of bad input is reported with file, exact line and key; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from wagtail.models import Page

from importers.markdown_import import ImportIssue, import_folder
from kennisbank.models import Theme
from tests.factories import make_item

from .conftest import FICHE, PRODUCT, write_folder

pytestmark = pytest.mark.django_db

OK_HEAD = 'type: fiche\ntitle: "Een vraag"\nshort_answer: "Een antwoord."\n'


def problems(folder: Path) -> list[tuple[str, int, str]]:
    pages = Page.objects.count()
    report = import_folder(folder)
    assert Page.objects.count() == pages, "nothing may be written when a file is bad"
    assert report.created == [] and report.updated == []
    for issue in report.errors:
        assert issue.message, issue
    return [(e.file, e.line, e.key) for e in report.errors]


def one(tmp_path: Path, name: str, text: str) -> list[tuple[str, int, str]]:
    return problems(write_folder(tmp_path / "in", {name: text}))


def test_bad_yaml_names_the_yaml_error_line(tmp_path, site_structure):
    text = "---\nid: slecht\ntype: fiche\ntitle: Wat: nu\nshort_answer: \"x\"\n---\n"
    assert one(tmp_path, "slecht.md", text) == [("slecht.md", 4, "title")]
    report = import_folder(tmp_path / "in")
    assert "Ongeldige YAML" in report.errors[0].message


def test_unclosed_flow_list_mentions_where_it_started(tmp_path, site_structure):
    text = '---\nid: slecht\ntype: fiche\nthemes: ["Burgerzaken"\ntitle: "x"\nshort_answer: "y"\n---\n'
    report = import_folder(write_folder(tmp_path / "in", {"slecht.md": text}))
    assert [(e.line, e.key) for e in report.errors] == [(5, "themes")]
    assert "regel 4" in report.errors[0].message


def test_missing_front_matter_and_unclosed_front_matter(tmp_path, site_structure):
    folder = write_folder(tmp_path / "in", {
        "geen.md": "# Titel\n\nTekst\n",
        "open.md": "---\nid: open\ntype: fiche\n",
    })
    assert problems(folder) == [("geen.md", 1, "front matter"), ("open.md", 1, "front matter")]


def test_missing_required_keys_are_all_reported(tmp_path, site_structure):
    assert one(tmp_path, "leeg.md", "---\nid: leeg\n---\n") == [
        ("leeg.md", 2, "short_answer"), ("leeg.md", 2, "title"), ("leeg.md", 2, "type")]


def test_wrong_types(tmp_path, site_structure):
    text = ("---\nid: typen\n" + OK_HEAD
            + 'themes: "Burgerzaken"\n'          # line 6
            + "keywords: [1, \"ok\"]\n"          # line 7
            + "review_interval_months: twaalf\n"  # line 8
            + "owner: [\"Dienst\"]\n"            # line 9
            + "last_reviewed: 17/03/2026\n"       # line 10
            + "---\n")
    assert one(tmp_path, "typen.md", text) == [
        ("typen.md", 6, "themes"), ("typen.md", 7, "keywords[1]"), ("typen.md", 8, "review_interval_months"),
        ("typen.md", 9, "owner"), ("typen.md", 10, "last_reviewed")]


def test_title_must_be_text_not_a_number(tmp_path, site_structure):
    text = '---\nid: getal\ntype: fiche\ntitle: 2026\nshort_answer: "x"\n---\n'
    assert one(tmp_path, "getal.md", text) == [("getal.md", 4, "title")]


def test_values_too_long(tmp_path, site_structure):
    text = (f'---\nid: lang\ntype: fiche\ntitle: "{"t" * 256}"\nshort_answer: "{"a" * 301}"\n---\n')
    assert one(tmp_path, "lang.md", text) == [("lang.md", 4, "title"), ("lang.md", 5, "short_answer")]
    ok = (f'---\nid: lang\ntype: fiche\ntitle: "{"t" * 255}"\nshort_answer: "{"a" * 300}"\n---\n')
    write_folder(tmp_path / "in", {"lang.md": ok})
    assert import_folder(tmp_path / "in").errors == []


def test_invalid_id_pattern_and_id_not_matching_file_name(tmp_path, site_structure):
    folder = write_folder(tmp_path / "in", {
        "EID_Aanvragen.md": "---\nid: EID_Aanvragen\n" + OK_HEAD + "---\n",
        "anders.md": "---\n" + OK_HEAD + "id: iets-anders\n---\n",
    })
    assert problems(folder) == [("EID_Aanvragen.md", 2, "id"), ("anders.md", 5, "id")]
    messages = [str(e) for e in import_folder(folder).errors]
    assert "anders.md:5: id: " in messages[1] and "iets-anders.md" in messages[1]


def test_duplicate_ids(tmp_path, site_structure):
    folder = write_folder(tmp_path / "in", {
        "a.md": "---\nid: b\n" + OK_HEAD + "---\n",
        "b.md": "---\n" + OK_HEAD + "id: b\n---\n",
    })
    report = import_folder(folder)
    assert [(e.file, e.line, e.key) for e in report.errors] == [("a.md", 2, "id"), ("b.md", 5, "id")]
    assert "Dubbele id 'b'" in report.errors[1].message and "a.md" in report.errors[1].message


def test_duplicate_key_in_front_matter(tmp_path, site_structure):
    text = "---\nid: dubbel\n" + OK_HEAD + 'title: "Nog een titel"\n---\n'
    assert one(tmp_path, "dubbel.md", text) == [("dubbel.md", 6, "title")]


def test_unknown_key_is_an_error_not_dropped(tmp_path, site_structure):
    text = "---\nid: onbekend\n" + OK_HEAD + "categorie: \"Burgerzaken\"\n---\n"
    report = import_folder(write_folder(tmp_path / "in", {"onbekend.md": text}))
    assert [str(e).split(": ")[0:2] for e in report.errors] == [["onbekend.md:6", "categorie"]]
    assert "Onbekende sleutel" in report.errors[0].message
    assert not Page.objects.filter(title="Een vraag").exists()


def test_invalid_enum_values(tmp_path, site_structure):
    text = ('---\nid: enums\ntype: dienst\ntitle: "x"\nshort_answer: "y"\nvisibility: geheim\n'
            'audience:\n  - burger\n  - toerist\n---\n')
    assert one(tmp_path, "enums.md", text) == [
        ("enums.md", 3, "type"), ("enums.md", 6, "visibility"), ("enums.md", 9, "audience[2]")]


def test_unknown_related_id(tmp_path, site_structure):
    text = "---\nid: verwijst\n" + OK_HEAD + 'related:\n  - "bestaat-niet"\n  - "verwijst"\n---\n'
    report = import_folder(write_folder(tmp_path / "in", {"verwijst.md": text}))
    assert [(e.line, e.key) for e in report.errors] == [(8, "related")]  # self reference
    text = "---\nid: verwijst\n" + OK_HEAD + 'related:\n  - "bestaat-niet"\n---\n'
    assert one(tmp_path, "verwijst.md", text) == [("verwijst.md", 7, "related")]
    assert "bestaat-niet" in import_folder(tmp_path / "in").errors[0].message


def test_bad_cost_lines(tmp_path, site_structure):
    text = ('---\nid: prijs\ntype: product\ntitle: "x"\nshort_answer: "y"\n'
            "cost:\n"
            '  - {label: "Normaal", amount: "25,30"}\n'      # 7: amount is text
            "  - {amount: 5}\n"                               # 8: label missing
            '  - {label: "Spoed", amount: 1.234}\n'           # 9: three decimals
            '  - {label: "Gratis", amount: 0, prijs: 3}\n'    # 10: unknown key
            "  - label: \"Blok\"\n"                           # 11
            "    amount: -2\n"                                # 12: negative
            "  - 25\n"                                        # 13: not a mapping
            "---\n")
    assert one(tmp_path, "prijs.md", text) == [
        ("prijs.md", 7, "cost[1].amount"), ("prijs.md", 8, "cost[2].label"), ("prijs.md", 9, "cost[3].amount"),
        ("prijs.md", 10, "cost[4].prijs"), ("prijs.md", 12, "cost[5].amount"), ("prijs.md", 13, "cost[6]")]


def test_cost_must_be_a_list(tmp_path, site_structure):
    text = '---\nid: prijs\ntype: product\ntitle: "x"\nshort_answer: "y"\ncost: 25\n---\n'
    assert one(tmp_path, "prijs.md", text) == [("prijs.md", 6, "cost")]


def test_product_extension_types(tmp_path, site_structure):
    text = ('---\nid: product\ntype: product\ntitle: "x"\nshort_answer: "y"\n'
            'appointment_required: "ja"\n'        # 6
            'online_url: "zonnebeek punt be"\n'   # 7
            "service_points: Snelbalie\n"         # 8
            "last_reviewed: 2026-02-30\n"         # 9
            "---\n")
    assert one(tmp_path, "product.md", text) == [
        ("product.md", 6, "appointment_required"), ("product.md", 7, "online_url"),
        ("product.md", 8, "service_points"), ("product.md", 9, "last_reviewed")]


def test_product_keys_on_a_fiche(tmp_path, site_structure):
    text = "---\nid: fiche\n" + OK_HEAD + "appointment_required: true\ncost: []\n---\n"
    assert one(tmp_path, "fiche.md", text) == [("fiche.md", 6, "appointment_required"), ("fiche.md", 7, "cost")]


def test_bad_phone_script(tmp_path, site_structure):
    text = ("---\nid: script\n" + OK_HEAD
            + "phone_script:\n"
            + "  questions: \"Hoe oud bent u?\"\n"  # 7
            + "  steps:\n    - \"Eerst\"\n    - 3\n"  # 8-10
            + "  doorverbinden: \"toestel 2101\"\n"  # 11
            + "---\n")
    assert one(tmp_path, "script.md", text) == [
        ("script.md", 7, "phone_script.questions"), ("script.md", 10, "phone_script.steps[2]"),
        ("script.md", 11, "phone_script.doorverbinden")]


def test_level_one_heading_in_body(tmp_path, site_structure):
    text = "---\nid: kop\n" + OK_HEAD + "---\nInleiding\n\n# Titel\n\n## Wat is het?\n\n```\n# geen kop\n```\n"
    report = import_folder(write_folder(tmp_path / "in", {"kop.md": text}))
    assert [(e.file, e.line, e.key) for e in report.errors] == [("kop.md", 9, "body")]
    assert "niveau 1" in report.errors[0].message


def test_type_change_of_existing_item(tmp_path, site_structure):
    make_item("product", title="eID", external_id="eid-verloren")
    assert one(tmp_path, "eid-verloren.md", FICHE.replace('related: ["eid-aanvragen", "pin-procedure"]\n', "")) == [
        ("eid-verloren.md", 3, "type")]


def test_theme_name_that_clashes_with_an_existing_theme(tmp_path, site_structure):
    Theme.objects.create(name="Burgerzaken")
    text = "---\nid: thema\n" + OK_HEAD + 'themes: ["burgerzaken"]\n---\n'
    assert one(tmp_path, "thema.md", text) == [("thema.md", 6, "themes")]


def test_not_utf8(tmp_path, site_structure):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "latin.md").write_bytes(("---\nid: latin\n" + OK_HEAD + "---\nCafé\n").encode("latin-1"))
    assert problems(folder) == [("latin.md", 7, "file")]


def test_all_errors_of_all_files_are_collected(tmp_path, site_structure):
    folder = write_folder(tmp_path / "in", {
        "eid-aanvragen.md": PRODUCT.replace("amount: 25.30", "amount: gratis"),   # line 16
        "eid-verloren.md": FICHE.replace("type: fiche", "type: vraag"),           # line 3
        "pin-procedure.md": "---\nid: pin-procedure\n---\n",
    })
    assert problems(folder) == [
        ("eid-aanvragen.md", 16, "cost[1].amount"), ("eid-verloren.md", 3, "type"),
        ("pin-procedure.md", 2, "short_answer"), ("pin-procedure.md", 2, "title"), ("pin-procedure.md", 2, "type")]


def test_issue_format():
    issue = ImportIssue("eid.md", 4, "title", "Te lang.")
    assert str(issue) == "eid.md:4: title: Te lang."


def test_missing_or_empty_folder(tmp_path, db):
    assert import_folder(tmp_path / "bestaat-niet").errors[0].key == "map"
    (tmp_path / "leeg").mkdir()
    assert "Geen .md-bestanden" in import_folder(tmp_path / "leeg").errors[0].message
