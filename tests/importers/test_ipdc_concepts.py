"""IPDC concepts (fixtures in the shape of LPDC's IPDC stub, lblod/app-lpdc-digitaal-loket tests/ipdc-stub/ldes-pages,
with our own data): read the concept-snapshot stream, make a draft product from a concept by product number, and
flag the product "herziening nodig" when IPDC changes or archives the concept; the editor confirms in the admin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from importers.ipdc_concepts import ConceptError, create_product, import_concepts
from importers.models import ConceptLink, IpdcConcept
from kennisbank.models import ProductPage, Theme
from kennisbank.vocabulary import ConceptReviewStatus, IpdcTheme

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).parent / "fixtures" / "ipdc" / "concepts"
ADRES = "https://ipdc.tni-vlaanderen.be/id/concept/4f1c2a9e-6d3b-4b8e-9a51-2c7d0e9f1a01"


@pytest.fixture
def stream(tmp_path: Path) -> Path:
    """A folder that holds page 0 only; :func:`_publish_page_1` adds IPDC's next page."""
    folder = tmp_path / "conceptsnapshot"
    folder.mkdir()
    shutil.copy(PAGES / "page-0.json", folder / "page-0.json")
    return folder


def _publish_page_1(folder: Path) -> None:
    shutil.copy(PAGES / "page-1.json", folder / "page-1.json")


def test_reads_concepts_with_formal_texts_and_code_lists(site_structure, stream):
    report = import_concepts(stream)
    assert report.ok, [str(e) for e in report.errors]
    assert sorted(report.created) == ["2301", "2302"]
    concept = IpdcConcept.objects.get(product_number="2301")
    assert concept.iri == ADRES and concept.title == "Adreswijziging doorgeven" and not concept.archived
    content = concept.content
    # the formal ("u") version IPDC generates, not the informal one
    assert content["short_answer"].startswith("Verhuist u binnen België? Dan geeft u uw nieuwe adres")
    assert content["themes"] == ["Burgerzaken"] and content["audiences"] == ["citizen"]
    assert content["product_type"] == "Toelating" and content["keywords"] == ["verhuizen", "adres"]
    assert [a["url"] for a in content["actions"]] == ["https://www.burgerprofiel.be/"]
    headings = [s["heading"] for s in content["sections"]]
    assert "Voor wie?" in headings and "Hoe aanvragen?" in headings and "Wat meebrengen?" in headings
    again = import_concepts(stream)
    assert again.ok and again.created == again.updated == [] and again.flagged == []


def test_product_from_concept_is_a_linked_draft(site_structure, stream, admin_user):
    Theme.objects.create(name="Burgerzaken en documenten", ipdc_theme=IpdcTheme.BURGER_OVERHEID)
    import_concepts(stream)
    product = create_product("2301", user=admin_user)
    assert not product.live and product.has_unpublished_changes  # the editor adapts it, then publishes
    assert product.external_id == "ipdc-concept-2301" and product.title == "Adreswijziging doorgeven"
    assert [t.name for t in product.get_latest_revision_as_object().themes.all()] == ["Burgerzaken en documenten"]
    link = ConceptLink.objects.get(product=product)
    assert link.concept.product_number == "2301" and link.review_status == ""
    with pytest.raises(ConceptError, match="Er bestaat al een product voor concept 2301"):
        create_product("2301")
    with pytest.raises(ConceptError, match="Geen IPDC-concept met productnummer 9999"):
        create_product("9999")


def test_changed_and_archived_concepts_flag_their_products(site_structure, stream):
    import_concepts(stream)
    adres, huwelijk = create_product("2301"), create_product("2302")
    _publish_page_1(stream)
    report = import_concepts(stream)
    assert report.ok, [str(e) for e in report.errors]
    assert report.created == ["2303"] and sorted(report.updated) == ["2301", "2302"]
    assert sorted(report.flagged) == sorted([adres.external_id, huwelijk.external_id])
    changed = ConceptLink.objects.get(product=adres)
    assert changed.review_status == ConceptReviewStatus.CONCEPT_CHANGED
    assert changed.changes == ["Kostprijs", "Sectie «Uitzonderingen»"]
    # the older snapshot of 2301 that comes later in the stream does not win
    assert IpdcConcept.objects.get(product_number="2301").title == "Adreswijziging doorgeven"
    archived = ConceptLink.objects.get(product=huwelijk)
    assert archived.review_status == ConceptReviewStatus.CONCEPT_ARCHIVED and archived.concept.archived
    # the product's own content is never overwritten by the concept
    assert ProductPage.objects.get(pk=adres.pk).get_latest_revision_as_object().cost_lines.count() == 0
    with pytest.raises(ConceptError, match="gearchiveerd"):
        create_product("2302")
    state = (Page.objects.count(), Revision.objects.count(), ConceptLink.objects.filter(review_status="").count())
    assert import_concepts(stream).flagged == [] and import_concepts(stream, full=True).flagged == []
    assert state == (Page.objects.count(), Revision.objects.count(),
                     ConceptLink.objects.filter(review_status="").count())


def test_a_new_snapshot_with_the_same_content_needs_no_review(site_structure, stream):
    import_concepts(stream)
    product = create_product("2301")
    page = json.loads((PAGES / "page-0.json").read_text())
    same = dict(page["member"][0], **{"@id": page["member"][0]["@id"] + "-republished",
                                      "generatedAtTime": "2026-04-01T00:00:00Z"})
    page.update({"@id": page["@id"] + "-2", "member": [same]})
    (stream / "page-1.json").write_text(json.dumps(page))
    assert import_concepts(stream).flagged == []
    link = ConceptLink.objects.get(product=product)
    assert link.review_status == "" and link.based_on_snapshot.endswith("-republished")


def test_bad_concept_names_page_path_and_member_and_writes_nothing(site_structure, stream):
    page = json.loads((PAGES / "page-1.json").read_text())
    del page["member"][2]["productnummer"]
    page["member"][0]["naam"] = {"en": "English only"}
    (stream / "page-1.json").write_text(json.dumps(page, indent=2))
    report = import_concepts(stream)
    messages = [str(e) for e in report.errors]
    assert any("page-1.json" in m and "$.member[2].productnummer" in m and "a0000005" in m for m in messages), messages
    assert any("$.member[0].naam" in m and "Nederlandse" in m for m in messages), messages
    assert IpdcConcept.objects.count() == 0


def test_commands_read_concepts_and_create_a_product(site_structure, stream, capsys):
    call_command("import_ipdc_concepts", str(stream))
    assert "2 nieuwe concepten" in capsys.readouterr().out
    call_command("create_from_concept", "2302")
    assert "Ontwerp-product «Huwelijk» (ipdc-concept-2302) gemaakt" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Geen IPDC-concept met productnummer 1"):
        call_command("create_from_concept", "1")
