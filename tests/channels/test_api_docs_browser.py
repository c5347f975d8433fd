"""Browser test: /api/v1/docs/ shows the interactive documentation with the site's CSP and no CDN."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_lists_the_endpoints_and_runs_a_request(catalogue, browser, live_server, artifacts_dir):
    context = browser.new_context(locale="nl-BE")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url)
           and not r.url.startswith("data:") else None)
    tab.goto(f"{live_server.url}/api/v1/docs/")
    tab.locator(".opblock-summary-path", has_text="/api/v1/search/").first.wait_for(timeout=15_000)
    assert tab.locator(".opblock").count() >= 13
    tab.locator(".opblock-summary-path", has_text="/api/v1/products/").first.click()
    block = tab.locator(".opblock.is-open").first
    assert "Identiteitskaart (eID) aanvragen" in block.inner_text(), "the real example is shown"
    block.locator("button.execute").click()
    block.locator(".live-responses-table .response-col_status", has_text="200").first.wait_for(timeout=15_000)
    tab.screenshot(path=str(artifacts_dir / "api-docs.png"), full_page=False)
    assert outside == [], f"requests outside the site: {outside}"
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    context.close()
