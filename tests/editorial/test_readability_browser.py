"""Browser test: typing a long passive sentence in the Wagtail editor shows the finding in the panel."""

from __future__ import annotations

import pytest

from tests.conftest import login_browser_context
from tests.factories import make_item, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_PASSIVE = ("De aanvraag wordt door de bevoegde dienst van de gemeente zorgvuldig onderzocht en wordt daarna "
                "binnen een termijn van dertig kalenderdagen door het college van burgemeester en schepenen "
                "beoordeeld.")


def test_typing_a_long_passive_sentence_shows_the_finding(browser, live_server, artifacts_dir):
    page_obj = make_item("fiche", title="Wanneer is mijn vergunning klaar?",
                         short_answer="U krijgt binnen dertig dagen een antwoord.",
                         sections=[("Uitleg", "U krijgt een brief.")])
    admin = make_user("admin", staff=True, superuser=True)
    context = login_browser_context(browser, live_server, admin)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/pages/{page_obj.pk}/edit/")
    panel = tab.locator("[data-readability-panel]")
    panel.locator("[data-verdict][data-code]").wait_for(timeout=15_000)
    assert panel.locator('li[data-code="passive"]').count() == 0
    textarea = tab.locator('textarea[name="body-0-value-text"]')
    textarea.click()
    textarea.press("End")
    textarea.type(" " + LONG_PASSIVE, delay=2)
    passive = panel.locator('li[data-code="passive"]')
    passive.first.wait_for(timeout=15_000)
    assert "actief" in passive.first.inner_text().lower() or "lijdende" in passive.first.inner_text().lower()
    assert panel.locator('li[data-code="long_sentence"]').count() >= 1
    assert panel.locator("mark").count() >= 1
    tab.screenshot(path=str(artifacts_dir / "readability-panel.png"), full_page=True)
    context.close()
