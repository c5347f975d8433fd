"""Browser tests of the editor's first minutes with a new page (issue 17): what an editor sees in Wagtail."""

from __future__ import annotations

import pytest

from kennisbank.models import FichePage
from tests.conftest import login_browser_context
from tests.factories import make_item, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(site_structure):
    return make_user("hoofdredacteur", staff=True, superuser=True)


def test_first_save_of_a_new_fiche_works_with_a_slug_from_the_title(editor, site_structure, browser, live_server):
    context = login_browser_context(browser, live_server, editor)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/pages/add/kennisbank/fichepage/{site_structure.fiches.pk}/")
    panel = tab.locator("[data-readability-panel]")
    panel.locator('[data-verdict][data-code="empty"]').wait_for(timeout=15_000)
    assert "helder" not in panel.inner_text() and "Douma" not in panel.inner_text()
    tab.locator("#id_title").fill("Mag ik mijn haag snoeien in het voorjaar?")
    short = tab.locator("#id_short_answer")
    short.click()
    short.type("Ja, dat mag.", delay=5)
    counter = tab.locator("#id_short_answer-kb-count")
    assert counter.inner_text() == "12 van 300 tekens"
    short.type(" " + "Snoei liever na half augustus, dan broeden er geen vogels meer." * 4, delay=0)
    assert counter.get_attribute("data-state") == "long"
    tab.get_by_role("button", name="Bewaar concept").click()
    tab.locator(".messages .success, .messages li.success").first.wait_for(timeout=15_000)
    page = FichePage.objects.get(title="Mag ik mijn haag snoeien in het voorjaar?")
    assert page.slug == "mag-ik-mijn-haag-snoeien-in-het-voorjaar"
    context.close()


def test_the_preview_panel_shows_the_page(editor, browser, live_server, artifacts_dir):
    page = make_item("fiche", title="Wanneer is het recyclagepark open?",
                     short_answer="Het recyclagepark is open van dinsdag tot zaterdag.",
                     sections=[("Openingsuren", "Dinsdag tot vrijdag van 13 tot 18 uur.")])
    context = login_browser_context(browser, live_server, editor)
    tab = context.new_page()
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    tab.locator('[data-side-panel-toggle="preview"]').click()
    frame = tab.frame_locator('[data-side-panel="preview"] iframe').last  # Wagtail swaps in a loaded proxy
    frame.locator("h1", has_text="Wanneer is het recyclagepark open?").wait_for(timeout=15_000)
    assert "dinsdag tot zaterdag" in frame.locator("body").inner_text()
    tab.screenshot(path=str(artifacts_dir / "editor-preview.png"))
    assert blocked == []
    context.close()
