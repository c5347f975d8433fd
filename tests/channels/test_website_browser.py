"""Headless Chromium (Debian package, driven by Playwright): results as you type, and axe-core finds no serious or
critical WCAG 2.1 A/AA violations on the main page types. Screenshots go to ``var/test-artifacts/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"
AXE = Path(settings.BASE_DIR) / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_path() -> Path:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: run scripts/install-test-deps.sh before the tests")
        pytest.skip("axe-core not installed locally (run scripts/install-test-deps.sh)")
    return AXE


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serious_violations(page, axe_path: Path) -> list[str]:
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_search_shows_results_while_typing(live_server, catalogue, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(locale="nl-BE")
    page.goto(f"{live_server.url}/zoeken/")
    page.evaluate("window.__zelfde_pagina = true")
    page.locator("#zoekterm").press_sequentially("identitei", delay=40)
    page.wait_for_selector(".result__title a", timeout=10_000)
    titles = page.locator(".result__title").all_inner_texts()
    assert "Identiteitskaart aanvragen" in titles
    assert page.evaluate("window.__zelfde_pagina === true"), "results must arrive without a page load"
    assert "q=identitei" in page.url  # the address follows, so the result page can be shared or reloaded
    assert "2 resultaten" in page.locator("#zoekstatus").inner_text()  # announced to screen readers
    page.screenshot(path=str(ARTIFACTS / "zoeken-terwijl-u-typt.png"), full_page=True)
    page.close()


def test_search_adds_answers_found_by_meaning_when_typing_pauses(live_server, catalogue, browser):
    page = browser.new_page(locale="nl-BE")
    page.goto(f"{live_server.url}/zoeken/")
    page.locator("#zoekterm").press_sequentially("moving house", delay=40)
    note = page.locator('.result[data-id="verhuis-doorgeven"] .result__note')
    note.wait_for(timeout=15_000)  # no word matches: the keystroke list was empty, the pause brought the answer
    assert "in het Nederlands" in note.inner_text()
    assert page.locator(".result").count() >= 1
    page.locator("#zoekterm").fill("identiteitskaart")
    page.wait_for_selector('.result[data-id="eid-aanvragen"]', timeout=10_000)
    before = page.eval_on_selector_all(".result", "els => els.map(e => e.dataset.id)")
    page.wait_for_timeout(2500)  # the pause (0.9 s) and the hybrid request
    after = page.eval_on_selector_all(".result", "els => els.map(e => e.dataset.id)")
    assert after[: len(before)] == before  # nothing moved; new hits only below
    page.close()


def test_search_form_works_without_javascript(live_server, catalogue, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#zoekterm-home", "verhuis")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/zoeken/?q=verhuis" in page.url
    assert "Hoe geef ik een verhuis door?" in page.locator(".result__title").all_inner_texts()
    context.close()


@pytest.fixture
def where_when(catalogue):
    """The demo service points and guides, the catalogue's product delivered at two of them (before the browser
    starts: Playwright's event loop makes the ORM refuse to run)."""
    from channels.demo import guides, service_points
    from kennisbank.models import ServicePoint

    service_points.apply()
    guides.apply()
    product = type(catalogue.product).objects.get(pk=catalogue.product.pk)
    product.service_points.set(ServicePoint.objects.filter(name__in=["Op afspraak", "Online"]))
    product.save_revision().publish()


def test_pages_have_no_serious_accessibility_violations(live_server, catalogue, where_when, browser, axe_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    urls = ["/", "/producten/", "/vragen/", catalogue.product.url, catalogue.fiche.url, "/thema/burgerzaken/",
            "/levensgebeurtenis/verhuizen/", "/zoeken/?q=identiteitskaart", "/zoeken/?q=niets-gevonden",
            "/toegankelijkheid/", "/contact/", "/bestaat/niet/"]
    page = browser.new_page(bypass_csp=True)  # the site's CSP (script-src 'self') would block the injected axe
    problems = {}
    for url in urls:
        page.goto(live_server.url + url)
        found = serious_violations(page, axe_path)
        if found:
            problems[url] = found
    page.goto(live_server.url + catalogue.product.url)
    page.screenshot(path=str(ARTIFACTS / "productpagina.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "productpagina-print.png"), full_page=True)
    assert page.locator(".site-header").is_hidden() and page.locator("#feedback").is_hidden()
    # On paper every link says where it goes: the action button and the service points' links included.
    button = page.locator("a.button").first
    assert button.is_visible()
    after = page.evaluate("el => getComputedStyle(el, '::after').content", button.element_handle())
    assert "https://example.org/eloket" in after
    assert page.locator(".where-when").is_visible() and page.locator(".opening-hours").first.is_visible()
    page.close()
    assert not problems, f"axe-core found serious/critical WCAG 2.1 AA violations: {problems}"


def test_keyboard_user_can_skip_to_the_content(live_server, catalogue, browser):
    page = browser.new_page()
    page.goto(live_server.url + catalogue.fiche.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.close()
