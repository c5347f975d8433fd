"""Calls to action that say what they do: typed product actions on the site, in the API, in the exchange format,
and the consistency check that catches an appointment tool behind an "Online aanvragen" button."""

from __future__ import annotations

import pytest

from importers.markdown_export import export_folder
from importers.markdown_import import import_folder
from kennisbank.editorial.consistency import check
from kennisbank.models import ContentPage, ProductAction
from tests.factories import make_item

pytestmark = pytest.mark.django_db

PRODUCT = """\
---
id: reispas
type: product
title: "Reispas aanvragen"
short_answer: "U vraagt een reispas aan op afspraak in het gemeentehuis."
appointment_required: true
actions:
  - {kind: book_appointment, url: "https://zonnebeek.example.org/afspraak"}
  - {kind: call, url: "tel:051123456", label: "Bel de dienst Burgerzaken"}
  - {kind: visit}
---
Een korte inleiding.
"""


@pytest.fixture
def reispas(site_structure, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "reispas.md").write_text(PRODUCT, encoding="utf-8")
    report = import_folder(folder)
    assert report.ok, report.errors
    return ContentPage.objects.get(external_id="reispas").specific


def test_each_button_says_what_it_does(client, reispas):
    body = client.get(reispas.url).content.decode()
    assert ('<a class="button button--book_appointment" href="https://zonnebeek.example.org/afspraak">'
            "Afspraak maken</a>") in body
    assert '<a class="button button--call" href="tel:051123456">Bel de dienst Burgerzaken</a>' in body
    assert '<a class="button button--visit" href="#waar-en-wanneer">Langskomen</a>' in body
    assert "Online aanvragen" not in body


def test_the_api_lists_the_actions(client, reispas):
    product = client.get("/api/v1/items/reispas/").json()["product"]
    assert product["actions"] == [
        {"kind": "book_appointment", "label": "Afspraak maken", "url": "https://zonnebeek.example.org/afspraak"},
        {"kind": "call", "label": "Bel de dienst Burgerzaken", "url": "tel:051123456"},
        {"kind": "visit", "label": "Langskomen", "url": ""}]
    assert product["online_url"] == "https://zonnebeek.example.org/afspraak"


def test_actions_survive_export_and_import(reispas, tmp_path):
    export_folder(tmp_path / "uit")
    text = (tmp_path / "uit" / "reispas.md").read_text(encoding="utf-8")
    assert '  - {kind: call, url: "tel:051123456", label: "Bel de dienst Burgerzaken"}\n' in text
    again = import_folder(tmp_path / "uit")
    assert again.ok and again.unchanged == ["reispas"]


def test_online_url_is_a_shorthand_that_guesses_the_kind(site_structure, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "eid.md").write_text(PRODUCT.replace("id: reispas", "id: eid").split("actions:")[0]
                                   + 'online_url: "https://zonnebeek.example.org/afspraak"\n---\nTekst.\n',
                                   encoding="utf-8")
    assert import_folder(folder).ok
    page = ContentPage.objects.get(external_id="eid").specific
    assert [(a.kind, a.url) for a in page.actions.all()] == [("book_appointment",
                                                              "https://zonnebeek.example.org/afspraak")]


def test_a_bad_action_is_named(site_structure, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "reispas.md").write_text(PRODUCT.replace("{kind: visit}", "{kind: fly, url: \"ftp://x\"}"),
                                       encoding="utf-8")
    report = import_folder(folder)
    assert {(e.line, e.key) for e in report.errors} == {(10, "actions[3].kind"), (10, "actions[3].url")}


def test_an_appointment_tool_behind_online_aanvragen_is_flagged(site_structure):
    page = make_item("product", title="Identiteitskaart", short_answer="U vraagt uw eID aan.",
                     appointment_required=True)
    page.actions = [ProductAction(kind="apply_online", url="https://zonnebeek.example.org/afspraak")]
    assert [f.code for f in check(page)] == ["booking_link"]
    page.actions = [ProductAction(kind="book_appointment", url="https://zonnebeek.example.org/afspraak")]
    assert check(page) == []
    page.appointment_required = False
    assert [f.code for f in check(page)] == ["booking_link"]
