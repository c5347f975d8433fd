"""Editors' side of IPDC concepts: find a concept by product number and make a draft product in the admin; when IPDC
changes the concept the product is "herziening nodig" in the review list and the editor, with what changed;
the editor confirms it is up to date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from importers.ipdc_concepts import create_product, import_concepts
from importers.models import ConceptLink
from kennisbank.models import ProductPage
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "ipdc" / "concepts"


@pytest.fixture
def concepts(site_structure, tmp_path: Path) -> Path:
    folder = tmp_path / "conceptsnapshot"
    folder.mkdir()
    shutil.copy(PAGES / "page-0.json", folder / "page-0.json")
    assert import_concepts(folder).ok
    return folder


def test_editor_finds_a_concept_by_number_and_makes_a_draft_product(editor_client, concepts):
    html = editor_client.get("/admin/ipdc-concepten/", {"q": "2302"}).content.decode()
    assert "Huwelijk" in html and "Adreswijziging doorgeven" not in html and "Product maken" in html
    response = editor_client.post("/admin/ipdc-concepten/?q=2302", {"product_number": "2302"})
    product = ProductPage.objects.get(external_id="ipdc-concept-2302")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{product.pk}/edit/"
    assert not product.live
    listed = editor_client.get("/admin/ipdc-concepten/", {"q": "2302"}).content.decode()
    assert "Product maken" not in listed and f"/admin/pages/{product.pk}/edit/" in listed
    again = editor_client.post("/admin/ipdc-concepten/", {"product_number": "2302"}, follow=True).content.decode()
    assert "Er bestaat al een product voor concept 2302" in again
    assert ProductPage.objects.filter(external_id__startswith="ipdc-concept-").count() == 1


def test_operators_cannot_make_products_from_concepts(client, concepts):
    client.force_login(make_user("onthaal", groups=["Operators"], staff=True))
    assert client.get("/admin/ipdc-concepten/").status_code in (302, 403)
    assert client.post("/admin/ipdc-concepten/", {"product_number": "2301"}).status_code in (302, 403)
    assert not ProductPage.objects.exists()


def test_changed_concept_is_in_the_review_list_until_the_editor_confirms(editor_client, concepts):
    product = create_product("2301")
    shutil.copy(PAGES / "page-1.json", concepts / "page-1.json")
    assert import_concepts(concepts).flagged == [product.external_id]
    html = editor_client.get("/admin/inzicht/te-herzien/").content.decode()
    block = html[html.index("kb-concept-reviews"):]
    assert "Adreswijziging doorgeven" in block and "Herziening nodig: concept gewijzigd" in block
    assert "Kostprijs, Sectie «Uitzonderingen»" in block
    editor = editor_client.get(f"/admin/pages/{product.pk}/edit/").content.decode()
    assert "Herziening nodig: concept gewijzigd (IPDC-concept 2301)" in editor
    link = ConceptLink.objects.get(product=product)
    response = editor_client.post("/admin/inzicht/te-herzien/", {"confirm": link.pk}, follow=True)
    assert "is bijgewerkt tot de laatste versie van concept 2301" in response.content.decode()
    assert "kb-concept-reviews" not in response.content.decode()
    link.refresh_from_db()
    assert link.review_status == "" and link.based_on_snapshot == link.concept.snapshot
    assert "Herziening nodig" not in editor_client.get(f"/admin/pages/{product.pk}/edit/").content.decode()
    assert editor_client.post("/admin/inzicht/te-herzien/", {"confirm": "x"}).status_code == 404
