"""In headless Chromium, as an editor: make a product from an IPDC concept in the admin, see it flagged in the review
list when IPDC changes the concept, and confirm it; axe-core finds no serious WCAG violations on either list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from importers.ipdc_concepts import import_concepts
from importers.models import ConceptLink
from kennisbank.models import ProductPage
from tests.channels.test_website_browser import axe_path, serious_violations  # noqa: F401
from tests.conftest import login_browser_context
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAGES = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "ipdc" / "concepts"


def test_editor_makes_a_product_from_a_concept_and_confirms_its_review(wagtail_roles, browser, live_server,
                                                                       tmp_path, axe_path, artifacts_dir):  # noqa: F811
    shutil.copy(PAGES / "page-0.json", tmp_path / "page-0.json")
    assert import_concepts(tmp_path).ok
    context = login_browser_context(browser, live_server, make_user("redacteur", groups=["Editors"]))
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/ipdc-concepten/")
    tab.get_by_label("Productnummer of naam").fill("2301")
    tab.get_by_role("button", name="Zoek", exact=True).click()
    tab.get_by_role("button", name="Product maken").click()
    tab.wait_for_url("**/admin/pages/*/edit/", timeout=15_000)
    assert "Ontwerp-product «Adreswijziging doorgeven» gemaakt" in tab.locator(".messages").inner_text()
    product = ProductPage.objects.get(external_id="ipdc-concept-2301")
    assert not product.live

    shutil.copy(PAGES / "page-1.json", tmp_path / "page-1.json")
    assert import_concepts(tmp_path).flagged == [product.external_id]
    tab.goto(f"{live_server.url}/admin/inzicht/te-herzien/")
    row = tab.locator("#kb-concept-reviews tr", has_text="Adreswijziging doorgeven")
    assert "Herziening nodig: concept gewijzigd" in row.inner_text() and "Kostprijs" in row.inner_text()
    assert serious_violations(tab, axe_path) == []
    tab.screenshot(path=str(artifacts_dir / "herziening-nodig-ipdc-concept.png"), full_page=True)
    row.get_by_role("button", name="Bijgewerkt tot laatste versie").click()
    tab.locator(".messages").get_by_text("is bijgewerkt tot de laatste versie van concept 2301").wait_for(
        timeout=15_000)
    assert tab.locator("#kb-concept-reviews").count() == 0
    assert ConceptLink.objects.get(product=product).review_status == ""
    tab.goto(f"{live_server.url}/admin/ipdc-concepten/")
    assert serious_violations(tab, axe_path) == []
    context.close()
