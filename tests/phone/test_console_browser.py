"""Browser test (headless Debian chromium): an operator logs in, finds an internal answer despite a typo, copies
it, and reports a question without results as a content gap."""

from __future__ import annotations

import pytest

from channels.phone.models import ContentGap
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000


def test_operator_console_keyboard_copy_and_not_found(browser, live_server, phone_catalogue, artifacts_dir):
    make_user("onthaal-browser", perms=["kennisbank.view_internal"])
    context = browser.new_context(locale="nl-BE", permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and
           not r.url.endswith("/favicon.ico") else None)

    # Log in through the console's own login page.
    tab.goto(f"{live_server.url}/onthaal/")
    assert "/onthaal/login/" in tab.url
    tab.fill("#id_username", "onthaal-browser")
    tab.fill("#id_password", "pw-Kennisbank-123")
    tab.click("button[type=submit]")
    tab.wait_for_selector("#q", timeout=TIMEOUT)
    assert tab.evaluate("document.activeElement.id") == "q"  # focus on the search box on load

    # Search as you type, with a typo: the internal item's short answer comes first, then its phone script.
    tab.keyboard.type("pincde", delay=30)
    hit = tab.locator(".hit.is-active")
    hit.wait_for(timeout=TIMEOUT)
    assert "Pincode van de identiteitskaart kwijt" in hit.locator(".hit-title").inner_text()
    answer = hit.locator(".short-answer")
    assert answer.inner_text().startswith("INTERN-KORT")
    script = hit.locator(".script")
    assert script.is_visible()
    assert "Heeft u de brief met de PUK-code nog?" in script.inner_text()
    assert "NOTITIE-INTERN" in script.inner_text()
    box_answer, box_script = answer.bounding_box(), script.bounding_box()
    assert box_answer["y"] < box_script["y"]  # short answer shown above the phone script
    tab.screenshot(path=str(artifacts_dir / "operator-console-results.png"), full_page=True)

    # Copy button: the short answer lands on the clipboard.
    hit.locator("button.copy").click()
    tab.wait_for_selector('.hit.is-active button.copy[data-copied="true"]', timeout=TIMEOUT)
    assert tab.evaluate("navigator.clipboard.readText()").startswith("INTERN-KORT")
    assert "gekopieerd" in tab.locator("#status").inner_text().lower()

    # "c" (outside a text field) copies the active result's short answer; "/" returns to the search box.
    tab.evaluate("document.activeElement.blur(); document.getElementById('status').textContent = ''")
    tab.evaluate("navigator.clipboard.writeText('leeg')")
    tab.keyboard.press("c")
    tab.locator("#status", has_text="gekopieerd").wait_for(timeout=TIMEOUT)
    assert tab.evaluate("navigator.clipboard.readText()").startswith("INTERN-KORT")
    tab.keyboard.press("/")
    assert tab.evaluate("document.activeElement.id") == "q"

    # A question without results: "Niet gevonden" records a content gap.
    tab.fill("#q", "hondenbelasting")
    tab.wait_for_selector('.results[data-query="hondenbelasting"][data-total="0"]', timeout=TIMEOUT)
    tab.click("button.gap")
    tab.wait_for_selector('.gap-form[data-state="saved"]', timeout=TIMEOUT)
    assert errors == []
    gap = ContentGap.objects.get()
    assert (gap.query, gap.channel) == ("hondenbelasting", "operator")

    # Arrow keys move through the results; Enter opens the active one.
    tab.fill("#q", "identiteitskaart")
    tab.wait_for_selector('.results[data-query="identiteitskaart"] .hit:nth-child(2)', timeout=TIMEOUT)
    hits = tab.locator(".hit")
    tab.keyboard.press("ArrowDown")
    assert "is-active" in hits.nth(1).get_attribute("class")
    assert "is-active" not in hits.nth(0).get_attribute("class")
    tab.keyboard.press("ArrowUp")
    assert "is-active" in hits.nth(0).get_attribute("class")
    tab.fill("#q", "identiteitskaart aanvragen")
    tab.wait_for_selector('.results[data-query="identiteitskaart aanvragen"] .hit.is-active', timeout=TIMEOUT)
    assert tab.locator(".hit.is-active").get_attribute("data-url") == "/onthaal/item/eid-aanvragen/"
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/onthaal/item/eid-aanvragen/", timeout=TIMEOUT)
    assert "Dienst Burgerzaken, toestel 2101" in tab.locator(".phone-script").inner_text()
    tab.screenshot(path=str(artifacts_dir / "operator-console-item.png"), full_page=True)
    assert errors == []
    context.close()
