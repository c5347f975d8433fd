"""Exporter and the import → export → import round trip (small folder and the real demo catalogue)."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
import yaml
from wagtail.models import Revision

from importers.markdown_export import ExportError, export_folder
from importers.markdown_import import import_folder
from importers.record import record_from_page
from kennisbank.models import ContentPage
from tests.factories import make_item

pytestmark = pytest.mark.django_db

DEMO_DIR = Path(__file__).resolve().parents[2] / "kennisbank" / "demo_content"


def db_records() -> dict[str, object]:
    return {p.external_id: record_from_page(p.specific) for p in ContentPage.objects.all()}


def assert_same_folders(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.glob("*.md"))
    assert names == sorted(p.name for p in b.glob("*.md"))
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == [] and errors == [], mismatch
    assert len(match) == len(names)


def test_export_writes_the_contract_format(sample_folder, site_structure, tmp_path):
    import_folder(sample_folder)
    export_folder(tmp_path / "uit")

    text = (tmp_path / "uit" / "eid-aanvragen.md").read_text(encoding="utf-8")
    front, body = text.split("---\n")[1:3]
    keys = [line.split(":")[0] for line in front.splitlines() if line and not line.startswith(" ")]
    assert keys == ["id", "type", "title", "short_answer", "themes", "life_events", "audience", "visibility",
                    "keywords", "related", "owner", "review_interval_months", "last_reviewed", "cost",
                    "appointment_required", "actions", "service_points", "phone_script"]
    assert 'title: "Identiteitskaart (eID) aanvragen"\n' in front
    assert 'life_events: ["Op reis gaan", "Verhuizen"]\n' in front
    assert "id: eid-aanvragen\n" in front and "last_reviewed: 2026-03-17\n" in front
    assert '  - {label: "Normale procedure", amount: 25.30}\n' in front
    assert '  - {label: "Dringende procedure", amount: 130.00, note: "Klaar na 2 werkdagen."}\n' in front
    assert body.startswith("Een korte inleiding.\n\n## Wat is het?\n\nDe eID bewijst wie u bent.\n")
    # No empty noise: a fiche without extensions has no extension keys.
    fiche = (tmp_path / "uit" / "eid-verloren.md").read_text(encoding="utf-8")
    for key in ("owner", "cost", "appointment_required", "phone_script", "last_reviewed", "life_events"):
        assert f"\n{key}:" not in fiche
    assert (tmp_path / "uit" / "pin-procedure.md").exists()  # editor export includes internal items
    assert "visibility: internal" in (tmp_path / "uit" / "pin-procedure.md").read_text(encoding="utf-8")


def test_import_export_import_round_trip(sample_folder, site_structure, tmp_path):
    import_folder(sample_folder)
    first_db = db_records()
    export_folder(tmp_path / "a")

    revisions = Revision.objects.count()
    report = import_folder(tmp_path / "a")
    assert report.errors == [] and report.updated == [] and report.created == []
    assert Revision.objects.count() == revisions
    assert db_records() == first_db

    export_folder(tmp_path / "b")
    assert_same_folders(tmp_path / "a", tmp_path / "b")


def test_round_trip_keeps_tricky_strings(site_structure, tmp_path):
    title = 'Wat is een "attest": uitleg & meer # niet-commentaar'
    folder = tmp_path / "in"
    folder.mkdir()
    front = {"id": "lastig", "type": "fiche", "title": title, "short_answer": "yes",
             "keywords": ["null", "123", "ja: nee", "é ü ß", "- streep"],
             "phone_script": {"notes": "Regel 1\nRegel 2\n", "transfer": "'quote"}}
    (folder / "lastig.md").write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
                                      + "---\n## Kop\n\n    code blok\n\ttab\n", encoding="utf-8")
    assert import_folder(folder).errors == []
    before = db_records()
    export_folder(tmp_path / "a")
    assert import_folder(tmp_path / "a").unchanged == ["lastig"]
    assert db_records() == before
    page = ContentPage.objects.get(external_id="lastig").specific
    assert page.title == title and page.keyword_list == ["null", "123", "ja: nee", "é ü ß", "- streep"]
    assert page.phone_notes == "Regel 1\nRegel 2\n"
    assert page.sections()[0]["text"] == "    code blok\n\ttab"


def test_public_only_leaves_internal_items_and_phone_scripts_out(sample_folder, site_structure, tmp_path):
    import_folder(sample_folder)
    make_item("fiche", title="Ontwerp", external_id="ontwerp", live=False)

    export_folder(tmp_path / "publiek", public_only=True)
    names = sorted(p.name for p in (tmp_path / "publiek").glob("*.md"))
    assert names == ["eid-aanvragen.md", "eid-verloren.md"]
    everything = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "publiek").glob("*.md"))
    assert "pin-procedure" not in everything  # not even as a related id
    assert "GEHEIM-INTERN" not in everything
    assert "phone_script" not in everything and "toestel 2101" not in everything
    assert "ontwerp" not in everything
    # The public export is itself a valid folder.
    assert import_folder(tmp_path / "publiek", dry_run=True).errors == []

    export_folder(tmp_path / "editor")
    assert "ontwerp.md" not in {p.name for p in (tmp_path / "editor").glob("*.md")}  # drafts never


def test_export_refuses_to_mix_with_other_files(sample_folder, site_structure, tmp_path):
    import_folder(sample_folder)
    target = tmp_path / "uit"
    target.mkdir()
    (target / "oud-item.md").write_text("oud", encoding="utf-8")
    with pytest.raises(ExportError, match="oud-item.md"):
        export_folder(target)
    report = export_folder(target, clean=True)
    assert report.removed == ["oud-item.md"] and not (target / "oud-item.md").exists()
    assert len(report.written) == 3


def _demo_files() -> list[Path]:
    return sorted(DEMO_DIR.glob("*.md")) if DEMO_DIR.is_dir() else []


@pytest.mark.skipif(len(_demo_files()) < 40, reason="kennisbank/demo_content/ is not there yet (needs ≥ 40 items)")
def test_demo_catalogue_imports_cleanly_and_round_trips(site_structure, tmp_path):
    report = import_folder(DEMO_DIR)
    assert [str(e) for e in report.errors] == []
    assert len(report.created) >= 40
    assert {"product", "fiche"} <= {p.specific_class.item_type for p in ContentPage.objects.all()}
    assert ContentPage.objects.filter(visibility="internal").exists()

    revisions = Revision.objects.count()
    again = import_folder(DEMO_DIR)
    assert again.created == [] and again.updated == [] and len(again.unchanged) == len(report.created)
    assert Revision.objects.count() == revisions

    before = db_records()
    export_folder(tmp_path / "a")
    assert import_folder(tmp_path / "a").updated == []
    assert db_records() == before
    export_folder(tmp_path / "b")
    assert_same_folders(tmp_path / "a", tmp_path / "b")
