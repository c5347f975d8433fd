"""Browser test (headless Debian chromium): the console shows lexical results while the operator types and adds the
hybrid ones (found by meaning, for example in another language) when typing pauses, without moving what is shown."""

from __future__ import annotations

import pytest

from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000


def test_hybrid_results_join_when_typing_pauses_without_moving_the_list(browser, live_server, phone_catalogue):
    make_user("onthaal-hybride", perms=["kennisbank.view_internal"])
    context = browser.new_context(locale="nl-BE")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url) if "/onthaal/" in r.url and "q=" in r.url else None)
    tab.goto(f"{live_server.url}/onthaal/")
    tab.fill("#id_username", "onthaal-hybride")
    tab.fill("#id_password", "pw-Kennisbank-123")
    tab.click("button[type=submit]")
    tab.wait_for_selector("#q", timeout=TIMEOUT)

    # Another language: no word matches, so the keystroke list is empty; the pause brings the Dutch answer.
    tab.keyboard.type("swimming pool", delay=30)
    tab.wait_for_selector('.results[data-query="swimming pool"] .empty', timeout=TIMEOUT)
    hit = tab.locator('.hit[data-id="zwembad-uren"]')
    hit.wait_for(timeout=TIMEOUT)
    assert "Gevonden op betekenis" in hit.inner_text()
    assert any("log=1" in url for url in requests)  # the settled query is the one counted

    # Words that match: the shown order stays as it is after the pause (new hits only go below).
    tab.fill("#q", "identiteitskaart")
    tab.wait_for_selector('.results[data-query="identiteitskaart"] .hit', timeout=TIMEOUT)
    before = tab.eval_on_selector_all(".hit", "els => els.map(e => e.dataset.id)")
    tab.wait_for_timeout(3000)  # COMMIT_MS (1.5 s) and the hybrid request
    after = tab.eval_on_selector_all(".hit", "els => els.map(e => e.dataset.id)")
    assert after[: len(before)] == before
    assert len(set(after)) == len(after)
    assert errors == []
