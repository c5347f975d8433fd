"""CSV import (``manage.py import_csv FILE``): same guarantees as the Markdown importer."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from importers.csv_import import import_csv
from importers.markdown_import import current_record
from kennisbank.models import ContentPage

HEADER = ("id;type;title;short_answer;themes;life_events;audience;visibility;keywords;related;owner;"
          "review_interval_months;last_reviewed;cost;appointment_required;online_url;service_points;"
          "phone_questions;phone_steps;phone_transfer;phone_notes;body\n")
PRODUCT = ('eid-aanvragen;product;Identiteitskaart (eID) aanvragen;U vraagt uw eID aan op afspraak.;'
           'Burgerzaken;Verhuizen|Op reis gaan;burger;public;identiteitskaart|ID-kaart;eid-verloren;'
           'Dienst Burgerzaken;12;2026-03-17;Normale procedure = 25,30 | Dringende procedure = 130 = Klaar na 2 '
           'werkdagen.;ja;https://zonnebeek.example.org/afspraak;Op afspraak|Deelgemeentehuis Molenhoek;'
           'Hoe oud bent u?;Plan een afspraak.|Zeg dat de kaart na drie weken klaar is.;'
           'Dienst Burgerzaken, toestel 2101;Dringende procedure altijd doorverbinden.;'
           '"Een korte inleiding.\n\n## Wat meebrengen?\n\nUw oude kaart."\n')
FICHE = ('eid-verloren;fiche;Wat als mijn eID verloren is?;Laat uw kaart blokkeren via DOC STOP.;Burgerzaken;;'
         'burger|medewerker;internal;;eid-aanvragen;;;;;;;;;;;;Bel DOC STOP.\n')


def _write(tmp_path, text: str, name: str = "catalogus.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def csv_file(tmp_path):
    return _write(tmp_path, HEADER + PRODUCT + FICHE)


def test_import_creates_items_with_every_column(csv_file, site_structure):
    report = import_csv(csv_file)
    assert report.ok, report.errors
    assert sorted(report.created) == ["eid-aanvragen", "eid-verloren"]

    product = ContentPage.objects.get(external_id="eid-aanvragen").specific
    record = current_record(product)
    assert product.live and record.item_type == "product"
    assert record.themes == ("Burgerzaken",) and record.life_events == ("Op reis gaan", "Verhuizen")
    assert record.keywords == ("identiteitskaart", "ID-kaart") and record.related == ("eid-verloren",)
    assert record.owner == "Dienst Burgerzaken" and record.review_interval_months == 12
    assert record.last_reviewed == dt.date(2026, 3, 17)
    assert [(c.label, c.amount, c.note) for c in record.cost] == [
        ("Normale procedure", Decimal("25.30"), ""), ("Dringende procedure", Decimal("130.00"),
                                                       "Klaar na 2 werkdagen.")]
    assert record.appointment_required is True
    assert record.service_points == ("Deelgemeentehuis Molenhoek", "Op afspraak")
    assert record.phone_steps == ("Plan een afspraak.", "Zeg dat de kaart na drie weken klaar is.")
    assert record.phone_transfer == "Dienst Burgerzaken, toestel 2101"
    assert [(s.kind, s.heading, s.text) for s in record.sections] == [
        ("intro", "", "Een korte inleiding."), ("what_to_bring", "Wat meebrengen?", "Uw oude kaart.")]

    fiche = current_record(ContentPage.objects.get(external_id="eid-verloren"))
    assert fiche.visibility == "internal" and fiche.audiences == ("citizen", "employee")


def test_reimport_is_idempotent_and_a_changed_row_updates_only_that_item(csv_file, tmp_path, site_structure):
    assert import_csv(csv_file).ok
    again = import_csv(csv_file)
    assert again.ok and again.created == [] and again.updated == []
    assert sorted(again.unchanged) == ["eid-aanvragen", "eid-verloren"]

    changed = _write(tmp_path, HEADER + PRODUCT + FICHE.replace("Bel DOC STOP.", "Bel meteen DOC STOP."))
    report = import_csv(changed)
    assert report.updated == ["eid-verloren"] and report.unchanged == ["eid-aanvragen"]
    assert "meteen" in current_record(ContentPage.objects.get(external_id="eid-verloren")).sections[0].text


def test_comma_delimiter_and_bom_work(tmp_path, site_structure):
    path = tmp_path / "komma.csv"
    path.write_bytes("\ufeffid,type,title,short_answer\nafval,fiche,Afval,\"Kalender, online.\"\n".encode())
    report = import_csv(path)
    assert report.ok, report.errors
    assert ContentPage.objects.get(external_id="afval").specific.short_answer == "Kalender, online."


def test_every_problem_is_reported_with_line_and_column_and_nothing_is_written(tmp_path, site_structure):
    text = (HEADER + PRODUCT
            + 'Slechte Id;fiche;Titel;Antwoord;;;;;;;;;;;;;;;;;;\n'          # line 7 (PRODUCT spans 2-6)
            + 'ok-fiche;fiche;Titel;Antwoord;;;kind;geheim;;onbekend;;twaalf;2026-13-01;;;;;;;;;\n'  # line 8
            + 'prijs;product;Titel;Antwoord;;;;;;;;;;Gratis = veel | Zonder bedrag;misschien;;;;;;;\n'  # line 9
            + 'eid-aanvragen;product;Dubbel;Antwoord;;;;;;;;;;;;;;;;;;\n'   # line 10: duplicate id
            + 'fiche-met-prijs;fiche;Titel;Antwoord;;;;;;;;;;A = 1;;;;;;;;"# Titel"\n')  # line 11
    report = import_csv(_write(tmp_path, text))
    assert not report.ok
    found = {(e.line, e.key) for e in report.errors}
    assert (7, "id") in found
    assert {(8, "audience[1]"), (8, "visibility"), (8, "review_interval_months"),
            (8, "last_reviewed")} <= found
    assert {(9, "cost[1].amount"), (9, "cost[2].amount"), (9, "appointment_required")} <= found
    assert (10, "id") in found
    assert {(11, "cost"), (11, "body")} <= found
    assert all(e.file == "catalogus.csv" for e in report.errors)
    assert not ContentPage.objects.filter(external_id__in=["eid-aanvragen", "ok-fiche", "prijs"]).exists()


def test_unknown_related_id_is_reported_against_the_database(tmp_path, site_structure):
    report = import_csv(_write(tmp_path, HEADER + PRODUCT))  # related eid-verloren is neither in file nor db
    assert [(e.line, e.key) for e in report.errors] == [(2, "related")]
    assert not ContentPage.objects.filter(external_id="eid-aanvragen").exists()


def test_header_and_shape_problems(tmp_path, site_structure):
    report = import_csv(_write(tmp_path, "id;type;titel\n"))
    assert {(e.line, e.key) for e in report.errors} == {(1, "titel"), (1, "title"), (1, "short_answer")}
    report = import_csv(_write(tmp_path, "id;type;title;short_answer\na;fiche;T\n"))
    assert [(e.line, e.key) for e in report.errors] == [(2, "rij")]
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("id;type;title;short_answer\né;fiche;T;A\n".encode("latin-1"))
    assert [(e.line, e.key) for e in import_csv(bad).errors] == [(2, "file")]


def test_line_numbers_follow_multiline_cells(tmp_path, site_structure):
    text = ("id;type;title;short_answer;body\n"
            'a-fiche;fiche;Titel;"Regel een\nregel twee";"Tekst\n# Kop 1"\n'
            "b-fiche;fiche;;Antwoord;\n")
    report = import_csv(_write(tmp_path, text))
    # a-fiche: line 2; its body cell starts on line 3, the heading is on line 4; b-fiche starts on line 5.
    assert {(e.line, e.key) for e in report.errors} == {(4, "body"), (5, "title")}


def test_command_dry_run_writes_nothing_and_errors_exit_nonzero(csv_file, tmp_path, site_structure):
    out = io.StringIO()
    call_command("import_csv", str(csv_file), "--dry-run", stdout=out)
    assert "2 nieuw" in out.getvalue()
    assert not ContentPage.objects.filter(external_id="eid-aanvragen").exists()

    call_command("import_csv", str(csv_file), stdout=io.StringIO())
    assert ContentPage.objects.filter(external_id="eid-aanvragen", live=True).exists()

    with pytest.raises(CommandError, match=r"fout\.csv:2: type: "):
        call_command("import_csv", str(_write(tmp_path, "id;type;title;short_answer\nx;dienst;T;A\n", "fout.csv")))


def test_the_documented_example_imports(tmp_path, site_structure):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "csv-import.md").read_text()
    example = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    report = import_csv(_write(tmp_path, example))
    assert report.ok, report.errors
    assert sorted(report.created) == ["eid-aanvragen", "eid-verloren"]
