"""IPDC/LPDC import from a real instance-snapshot LDES (fixtures in the exact shape of LPDC's reference stub pages,
lblod/app-lpdc-digitaal-loket tests/instancesnapshot-ldes-stub/ldes-pages): PyLD with bundled contexts, identity on
isVersionOf, latest snapshot wins, archiving and end dates, code lists, cursor, errors with page, member and path."""

from __future__ import annotations

import http.server
import io
import json
import shutil
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pyld import jsonld
from wagtail.models import Page, Revision

from importers.ipdc import import_ipdc, short_answer
from importers.jsonld_documents import offline_loader
from importers.models import IpdcCursor
from kennisbank.models import ProductPage, ServicePoint, Theme
from kennisbank.vocabulary import IpdcTheme

pytestmark = pytest.mark.django_db
LDES = Path(__file__).parent / "fixtures" / "ipdc" / "ldes"
TREE = "ipdc-7b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"
PARK = "ipdc-1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9"
GONE = "ipdc-0f1e2d3c-4b5a-4968-8776-655443322110"
OLD = "ipdc-99887766-5544-4332-8110-ffeeddccbbaa"


@pytest.fixture
def ldes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ldes"
    shutil.copytree(LDES, folder)
    return folder


@pytest.fixture
def ldes_server():
    """The fixture pages over real HTTP, like LPDC's stub (``hostname`` replaced by the server's address)."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            from urllib.parse import parse_qs, urlsplit

            number = parse_qs(urlsplit(self.path).query).get("pageNumber", ["0"])[0]
            file = LDES / f"page-{number}.json"
            if urlsplit(self.path).path != "/doc/instancesnapshot" or not file.exists():
                self.send_response(404)
                self.end_headers()
                return
            body = file.read_text().replace("http://hostname", f"http://127.0.0.1:{self.server.server_port}").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/doc/instancesnapshot?pageNumber=0"
    server.shutdown()


def _state() -> tuple[int, int]:
    return Page.objects.count(), Revision.objects.count()


def test_walks_the_stream_over_http_and_maps_the_latest_snapshot(site_structure, ldes_server):
    Theme.objects.create(name="Omgeving", ipdc_theme=IpdcTheme.BOUWEN_WONEN)
    report = import_ipdc(ldes_server)
    assert report.ok, [str(e) for e in report.errors]
    assert sorted(report.created) == sorted([TREE, PARK])  # archived and ended instances are never created
    page = ProductPage.objects.get(external_id=TREE)
    assert page.live and page.title == "Boom kappen"
    assert page.short_answer == "Wilt u een boom kappen? Dan heeft u soms een omgevingsvergunning nodig."  # page 1
    sections = {s["kind"]: s for s in page.sections()}
    assert sections["what"]["text"] == "Voor een boom dikker dan 1 meter is dat altijd zo."
    assert sections["lead_time"] == {"kind": "lead_time", "heading": "Termijn", "text": "Binnen 30 dagen."}
    assert sections["who"]["text"] == "Eigenaars van een perceel."
    assert sections["what_to_bring"]["text"] == "Een foto van de boom."
    assert sections["how_to_apply"]["text"] == "Vraag het aan via het omgevingsloket."
    assert sections["cost"]["text"] == "Voor een melding betaalt u niets."
    assert sections["exceptions"]["text"] == "Dode bomen mag u altijd kappen."
    assert sections["financial_advantage"] == {"kind": "financial_advantage", "heading": "Herplantpremie",
                                               "text": "U krijgt 50 euro per nieuwe boom."}
    assert sections["legal"]["text"] == ("Het gemeentelijk bomenreglement.\n"
                                         "- [Bomenreglement](https://zonnebeek.example.org/reglementen/bomen)")
    assert [(c.label, c.amount) for c in page.cost_lines.all()] == [("Dossierkost", Decimal("25.00"))]
    assert [(a.url, a.label) for a in page.actions.all()] == [("https://omgevingsloket.omgeving.vlaanderen.be",
                                                               "Omgevingsloket")]
    assert page.product_type == "Toelating"
    assert page.keyword_list == ["boom", "kapvergunning"]  # only Dutch keywords (LPDC reads @nl only)
    assert sorted(page.audiences.values_list("code", flat=True)) == ["business", "citizen"]
    assert sorted(page.themes.values_list("name", flat=True)) == ["Afval en milieu", "Omgeving"]  # code list → ours
    point = page.service_points.get()
    assert (point.address, point.postal_code, point.city, point.email) == (
        "Langemarkstraat 8", "8980", "Zonnebeek", "omgeving@zonnebeek.example.org")
    assert ProductPage.objects.get(external_id=PARK).themes.get().name == "Mobiliteit"
    assert IpdcCursor.objects.get().last_generated_at.isoformat() == "2026-04-01T08:00:00+00:00"


def test_second_run_changes_nothing_and_the_cursor_skips_old_snapshots(site_structure, ldes_dir):
    assert import_ipdc(ldes_dir).ok
    before = _state()
    again = import_ipdc(ldes_dir)
    assert again.ok and again.created == again.updated == [] and _state() == before
    full = import_ipdc(ldes_dir, full=True)
    assert full.ok and sorted(full.unchanged) == sorted([TREE, PARK]) and _state() == before
    # A newer snapshot on a new page is the only thing processed.
    page2 = json.loads((ldes_dir / "page-2.json").read_text())
    newer = json.loads(json.dumps(page2["member"][0]))
    newer.update({"@id": "http://data.lblod.info/id/public-service-snapshot/d4000000-0000-4000-8000-000000000001",
                  "isVersionOf": "http://data.lblod.info/id/public-service/1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9",
                  "generatedAtTime": "2026-05-01T08:00:00.000Z", "naam": {"nl-BE-x-formal": "Bewonerskaart"}})
    newer.pop("gearchiveerd")
    (ldes_dir / "page-3.json").write_text(json.dumps({**page2, "member": [newer]}))
    third = import_ipdc(ldes_dir)
    assert third.ok and third.updated == [PARK] and third.created == []
    assert ProductPage.objects.get(external_id=PARK).title == "Bewonerskaart"


def test_archived_snapshot_and_past_end_date_unpublish_existing_products(site_structure, tmp_path):
    first = tmp_path / "p0.json"
    shutil.copy(LDES / "page-0.json", first)
    page0 = json.loads(first.read_text())
    for member in page0["member"]:
        member.pop("eindeDienstVerlening", None)
    first.write_text(json.dumps(page0))
    assert sorted(import_ipdc(first).created) == sorted([TREE, GONE, OLD])
    stream = tmp_path / "stream"
    stream.mkdir()
    for name in ("page-0.json", "page-1.json", "page-2.json"):
        shutil.copy(LDES / name, stream / name)
    report = import_ipdc(stream)
    assert report.ok, [str(e) for e in report.errors]
    assert not ProductPage.objects.get(external_id=GONE).live  # gearchiveerd: true on page 2
    assert not ProductPage.objects.get(external_id=OLD).live  # eindeDienstVerlening 2025-12-31
    assert ProductPage.objects.get(external_id=TREE).live


@pytest.mark.parametrize("form", ["expanded", "flattened", "compacted"])
def test_expanded_flattened_and_compacted_forms_give_the_same_product(site_structure, tmp_path, form):
    document = json.loads((LDES / "page-1.json").read_text())
    options = {"documentLoader": offline_loader}
    converted = {"expanded": lambda d: jsonld.expand(d, options),
                 "flattened": lambda d: jsonld.flatten(d, None, options),
                 "compacted": lambda d: jsonld.compact(d, {"@context": document["@context"]}, options)}[form](document)
    (tmp_path / "page.jsonld").write_text(json.dumps(converted))
    report = import_ipdc(tmp_path / "page.jsonld")
    assert report.ok, [str(e) for e in report.errors]
    page = ProductPage.objects.get(external_id=TREE)
    assert page.title == "Boom kappen" and page.product_type == "Toelating"
    assert [c.amount for c in page.cost_lines.all()] == [Decimal("25.00")]
    assert len(page.sections()) == 9


def test_a_bad_member_names_page_member_and_json_path_and_nothing_is_written(site_structure, ldes_dir):
    page1 = json.loads((ldes_dir / "page-1.json").read_text())
    del page1["member"][1]["naam"]
    page1["member"][0]["doelgroepen"].append("Marsbewoner")
    (ldes_dir / "page-1.json").write_text(json.dumps(page1, indent=2))
    before = _state()
    report = import_ipdc(ldes_dir)
    assert not report.ok and _state() == before and not IpdcCursor.objects.exists()
    messages = [str(e) for e in report.errors]
    assert any(m.startswith("page-1.json:") and "$.member[1].naam" in m
               and "public-service-snapshot/b2000000-0000-4000-8000-000000000002" in m and "Ontbreekt" in m
               for m in messages), messages
    assert any("$.member[0].doelgroepen" in m and "Onbekende doelgroep 'Marsbewoner'" in m for m in messages), messages
    assert ServicePoint.objects.count() == 0


def test_an_unknown_remote_context_is_a_clear_error(site_structure, tmp_path):
    page = json.loads((LDES / "page-0.json").read_text())
    page["@context"] = ["https://elders.example.org/contexts/private.jsonld"]
    (tmp_path / "p.json").write_text(json.dumps(page))
    report = import_ipdc(tmp_path / "p.json")
    assert [str(e) for e in report.errors] == [
        "p.json:1: $.@context: Onbekende JSON-LD-context https://elders.example.org/contexts/private.jsonld: enkel de "
        "meegeleverde contexten (ipdc-lpdc-im.jsonld, ldes.jsonld) worden gebruikt, er wordt niets van het internet "
        "gehaald."]


def test_invalid_json_and_missing_source(site_structure, tmp_path):
    (tmp_path / "kapot.json").write_text('{"member": [\n  {"naam": }\n]}')
    report = import_ipdc(tmp_path / "kapot.json")
    assert len(report.errors) == 1 and str(report.errors[0]).startswith("kapot.json:2: $: Ongeldige JSON")
    assert "bestaat niet" in str(import_ipdc(tmp_path / "nergens").errors[0])
    (tmp_path / "leeg.json").write_text(json.dumps({"@context": {}, "@graph": []}))
    assert "Geen instantiesnapshots" in str(import_ipdc(tmp_path / "leeg.json").errors[0])


def test_dry_run_writes_nothing_not_even_the_cursor(site_structure, ldes_dir):
    before = _state()
    report = import_ipdc(ldes_dir, dry_run=True)
    assert report.ok and sorted(report.created) == sorted([TREE, PARK])
    assert _state() == before and not IpdcCursor.objects.exists() and not ServicePoint.objects.exists()


def test_command_reports_and_fails_on_errors(site_structure, ldes_dir, tmp_path):
    out = io.StringIO()
    call_command("import_ipdc", str(ldes_dir), stdout=out)
    assert "2 nieuw" in out.getvalue()
    (tmp_path / "bad.json").write_text("[")
    with pytest.raises(CommandError):
        call_command("import_ipdc", str(tmp_path / "bad.json"), stdout=io.StringIO(), stderr=io.StringIO())


def test_short_answer_cuts_at_a_sentence():
    text = "<p>" + "Dit is een zin die lang genoeg is. " * 12 + "</p>"
    answer, whole = short_answer(text)
    assert len(answer) <= 300 and answer.endswith(".") and not whole


def test_an_array_too_long_for_the_json_ld_processor_is_refused_fast(site_structure, ldes_dir):
    page = json.loads((ldes_dir / "page-0.json").read_text())
    page["member"][0]["laatstGewijzigd"] = [f"w{n}" for n in range(20_000)]
    (ldes_dir / "page-0.json").write_text(json.dumps(page, indent=1))
    before = _state()
    report = import_ipdc(ldes_dir)
    assert [str(e) for e in report.errors] == [
        "page-0.json:" + str(_line_of(ldes_dir / "page-0.json", '"laatstGewijzigd": [')) +
        ": $.member[0].laatstGewijzigd: Te veel waarden: 20000 (max. 1000)."]
    assert _state() == before


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)
