"""IPDC/LPDC JSON-LD import: mapping, errors with JSON path and line, atomicity, idempotency, dry run."""

from __future__ import annotations

import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from importers.html_text import html_to_markdown
from importers.ipdc import import_ipdc, short_answer
from importers.jsonld import load_json, pick_language
from kennisbank import services
from kennisbank.models import ContentPage, ProductPage, Team, Theme

FIXTURES = Path(__file__).parent / "fixtures" / "ipdc"
PREMIE = "ipdc-5c1a8f2e-3b7d-4c1e-9a0f-2d4e6b8a1c3e"
PARKEER = "ipdc-8e0b7d44-91c2-4f6a-b3d5-7a9c0e1f2b4d"
EVENEMENT = "ipdc-3f6d2a10-0b4e-4b8c-8d2f-5e7a9c1b3d50"


@pytest.fixture
def good_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ipdc"
    folder.mkdir()
    for name in ("gemeente-instanties.jsonld", "instanties-kort.json"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def _snapshot() -> tuple[int, int, int]:
    return Page.objects.count(), Revision.objects.count(), Theme.objects.count()


# --- pure helpers ---------------------------------------------------------------------------------------------
def test_pick_language_prefers_dutch_and_accepts_every_shape():
    assert pick_language("tekst") == "tekst"
    assert pick_language({"@value": "x", "@language": "nl"}) == "x"
    assert pick_language([{"@value": "en", "@language": "en"}, {"@value": "nl", "@language": "nl-BE-x-formal"}]) == "nl"
    assert pick_language({"fr": "fr", "nl": "nl"}) == "nl"
    assert pick_language({"@value": "en", "@language": "en"}) is None


def test_load_json_remembers_lines():
    doc = load_json('[\n  {"a": 1},\n\n  {"b": {"c": 2}}\n]')
    assert (doc.line, doc[0].line, doc[1].line) == (1, 2, 4)


def test_html_becomes_markdown():
    html = ('<p>U krijgt <strong>een premie</strong>.</p><ul><li><p>een factuur</p></li><li>een foto</li></ul>'
            '<p><a href="https://example.org/x">Meer</a> <a href="javascript:alert(1)">niet</a></p><script>x</script>')
    assert html_to_markdown(html) == ("U krijgt **een premie**.\n\n- een factuur\n- een foto\n\n"
                                      "[Meer](https://example.org/x) niet")
    assert html_to_markdown("# geen kop") == "\\# geen kop"


def test_short_answer_is_at_most_300_characters():
    long = "Dit is een zin van redelijke lengte over een premie. " * 10
    answer = short_answer(long)
    assert len(answer) <= 300 and answer.endswith(".")
    one_long_sentence = "woord " * 80
    assert len(short_answer(one_long_sentence)) <= 300 and short_answer(one_long_sentence).endswith("…")


# --- import ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_import_maps_instances_onto_products(good_dir, site_structure):
    report = import_ipdc(good_dir)

    assert report.errors == []
    assert sorted(report.created) == sorted([EVENEMENT, PARKEER, PREMIE])
    premie = ProductPage.objects.get(external_id=PREMIE)
    assert premie.live and premie.visibility == "public"
    assert premie.title == "Eenmalige premie voor een dakisolatie"  # nl-BE-x-informal wins over en
    assert premie.short_answer.startswith("Je krijgt een premie van de gemeente")
    assert sorted(t.name for t in premie.themes.all()) == ["Afval en milieu", "Wonen en bouwen"]
    assert [a.code for a in premie.audiences.all()] == ["citizen", "business"]
    assert premie.keyword_list == ["isolatie", "energiepremie"]
    sections = {s["heading"]: s for s in premie.sections()}
    assert list(sections) == ["Wat is het?", "Voor wie?", "Hoe aanvragen?", "Wat meebrengen?", "Kostprijs",
                              "Uitzonderingen", "Regelgeving"]
    assert [s["kind"] for s in premie.sections()] == ["what", "who", "how_to_apply", "what_to_bring",
                                                      "cost", "exceptions", "other"]
    assert "[Mijn VerbouwPremie](https://www.mijnverbouwpremie.be)" in sections["Wat is het?"]["text"]
    # Requirements are ordered by sh:order (r-1 before r-2) although the instance lists r-2 first.
    voor_wie = sections["Voor wie?"]["text"]
    assert voor_wie.index("**Eigenaar**") < voor_wie.index("**Erkende aannemer**")
    assert "1. Vul het aanvraagformulier in." in sections["Hoe aanvragen?"]["text"]
    hoe = sections["Hoe aanvragen?"]["text"]
    assert "[Aanvraagformulier](https://zonnebeek.example.org/e-loket/dakisolatie)" in hoe
    assert "**Eigendomsbewijs**" in sections["Wat meebrengen?"]["text"]
    cost_text = sections["Kostprijs"]["text"]
    assert "**Dossierkosten**" in cost_text and "€" not in cost_text  # the price lives in the cost line
    assert [(c.label, c.amount) for c in premie.cost_lines.all()] == [("Dossierkosten", Decimal("0.00"))]

    parkeer = ProductPage.objects.get(external_id=PARKEER)  # upper-case uuid → lower-case id
    assert sorted(t.name for t in parkeer.themes.all()) == ["Mobiliteit", "Onderwijs en Wetenschap"]
    assert [(c.label, c.amount) for c in parkeer.cost_lines.all()] == [
        ("Eerste kaart", Decimal("0.00")), ("Tweede kaart", Decimal("25.00"))]

    evenement = ProductPage.objects.get(external_id=EVENEMENT)  # short names, language map, plain strings
    assert evenement.title == "Evenement aanvragen"
    assert sorted(t.name for t in evenement.themes.all()) == ["Feest en folklore", "Vrije tijd"]  # unknown: created
    assert [a.code for a in evenement.audiences.all()] == ["association"]  # LokaalBestuur has no counterpart
    assert "**Veiligheidsplan**" in {s["heading"]: s["text"] for s in evenement.sections()}["Wat meebrengen?"]


@pytest.mark.django_db
def test_reimport_changes_nothing(good_dir, site_structure):
    assert import_ipdc(good_dir).errors == []
    before = _snapshot()

    report = import_ipdc(good_dir)

    assert report.errors == [] and report.created == [] and report.updated == []
    assert sorted(report.unchanged) == sorted([EVENEMENT, PARKEER, PREMIE])
    assert _snapshot() == before


@pytest.mark.django_db
def test_changed_instance_gives_a_new_revision_and_keeps_local_fields(good_dir, site_structure):
    import_ipdc(good_dir)
    page = ProductPage.objects.get(external_id=EVENEMENT)
    page.owner_team = Team.objects.create(name="Dienst Evenementen")
    page.phone_notes = "Doorverbinden naar toestel 2200."
    services.publish(page, None)

    path = good_dir / "instanties-kort.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data[0]["title"]["nl"] = "Evenement organiseren"
    path.write_text(json.dumps(data), encoding="utf-8")
    revisions = Revision.objects.count()

    report = import_ipdc(good_dir)

    assert report.updated == [EVENEMENT] and sorted(report.unchanged) == sorted([PARKEER, PREMIE])
    page = ProductPage.objects.get(external_id=EVENEMENT)
    assert page.title == "Evenement organiseren"
    assert page.owner_team.name == "Dienst Evenementen" and page.phone_notes == "Doorverbinden naar toestel 2200."
    assert Revision.objects.count() == revisions + 1


@pytest.mark.django_db
def test_dry_run_writes_nothing(good_dir, site_structure):
    before = _snapshot()
    report = import_ipdc(good_dir, dry_run=True)
    assert report.errors == [] and len(report.created) == 3
    assert _snapshot() == before


@pytest.mark.django_db
def test_bad_file_names_file_line_and_json_path_and_writes_nothing(good_dir, site_structure):
    shutil.copy(FIXTURES / "bad" / "instances.json", good_dir / "instances.json")
    before = _snapshot()

    report = import_ipdc(good_dir)

    messages = [str(e) for e in report.errors]
    assert "instances.json:14: $[2].title: Ontbreekt." in messages
    assert any(m.startswith("instances.json:11: $[1].hasCost[0].value: Ongeldig bedrag") for m in messages)
    assert any(m.startswith("instances.json:7: $[1].targetAudience: Onbekende doelgroep") for m in messages)
    assert len(messages) == 3
    assert report.created == [] and _snapshot() == before  # the good instances are not written either
    assert not ContentPage.objects.filter(external_id__startswith="ipdc-").exists()


@pytest.mark.django_db
def test_syntax_error_and_duplicates_are_reported(tmp_path, site_structure):
    (tmp_path / "kapot.json").write_text('[\n  {"title": "x",\n   "description": }\n]', encoding="utf-8")
    report = import_ipdc(tmp_path / "kapot.json")
    assert [str(e) for e in report.errors] == ["kapot.json:3: $: Ongeldige JSON (kolom 19): Expecting value"]

    instance = {"@id": "https://example.org/i/abc", "title": "Titel", "description": "Beschrijving."}
    (tmp_path / "dubbel.json").write_text(json.dumps([instance, instance], indent=1), encoding="utf-8")
    report = import_ipdc(tmp_path / "dubbel.json")
    assert len(report.errors) == 1 and "Dubbele instantie 'ipdc-abc'" in report.errors[0].message


@pytest.mark.django_db
def test_existing_fiche_with_the_same_id_is_an_error(tmp_path, site_structure):
    from tests.factories import make_item

    make_item("fiche", title="Bestaand", external_id="ipdc-abc")
    (tmp_path / "i.json").write_text(json.dumps([{"@id": "urn:x:abc", "title": "T", "description": "D."}]))
    report = import_ipdc(tmp_path / "i.json")
    assert [e.key for e in report.errors] == ["type"]


@pytest.mark.django_db
def test_command(good_dir, site_structure):
    out = io.StringIO()
    call_command("import_ipdc", str(good_dir), "--dry-run", stdout=out)
    assert "Proefdraai, er is niets geschreven: 3 nieuw" in out.getvalue()
    call_command("import_ipdc", str(good_dir), stdout=out)
    assert "Import klaar: 3 nieuw" in out.getvalue()

    with pytest.raises(CommandError) as excinfo:
        call_command("import_ipdc", str(FIXTURES / "bad" / "instances.json"), stdout=io.StringIO())
    assert "instances.json:14: $[2].title: Ontbreekt." in str(excinfo.value)


def _issues(tmp_path: Path, doc: object) -> list[str]:
    from importers.ipdc import parse_ipdc_file

    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return [str(issue) for item in parse_ipdc_file(path) for issue in item.issues]


def test_single_object_graph_and_language_problems(tmp_path):
    assert _issues(tmp_path, {"@id": "urn:uuid:abc", "title": "T", "description": "D."}) == []
    assert _issues(tmp_path, {"@id": "urn:uuid:abc", "title": {"@value": "Title", "@language": "en"},
                              "description": "D."}) == ["x.json:3: $.title: Geen Nederlandse tekst (taal nl)."]
    assert _issues(tmp_path, {"@id": "urn:uuid:abc", "title": 12, "description": "D."})[0].startswith(
        "x.json:1: $.title: Verkeerd type")
    assert _issues(tmp_path, {"@graph": [{"@id": "urn:x:r", "@type": "m8g:Requirement"}]}) == [
        "x.json:1: $: Geen instanties (publieke dienstverlening) gevonden."]
    graph = {"@context": {"t": "http://purl.org/dc/terms/title"},
             "@graph": [{"@type": "cpsv:PublicService", "@id": "urn:x:1", "t": "Titel", "description": "Tekst.",
                         "follows": "urn:x:ontbreekt"}]}
    assert _issues(tmp_path, graph) == [
        "x.json:6: $.@graph[0].follows: Verkeerd type: verwacht een object (met titel en beschrijving)."]


def test_a_cost_given_only_as_text_becomes_a_cost_line(tmp_path, site_structure):
    instance = {"@id": "https://ipdc.example.org/instanties/7b1e2c4d-1111-4a2b-9c3d-5e6f7a8b9c0d",
                "@type": "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#InstancePublicService",
                "title": {"nl": "Parkeerkaart voor bewoners"}, "description": "U vraagt een bewonerskaart aan.",
                "hasCost": [{"title": "Eerste kaart", "description": "De eerste kaart kost 25 euro per jaar."}]}
    path = tmp_path / "kort.json"
    path.write_text(json.dumps([instance]), encoding="utf-8")
    report = import_ipdc(path)
    assert report.ok, report.errors
    page = ContentPage.objects.get().specific
    assert [(c.label, c.amount) for c in page.cost_lines.all()] == [("Eerste kaart", Decimal("25.00"))]
