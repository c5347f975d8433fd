"""Browser test: an operator registers a contact and a callback request with the keyboard only."""

from __future__ import annotations

import pytest

from channels.phone.models import CallbackRequest, Contact
from kennisbank.vocabulary import ContactOutcome
from tests.conftest import login_browser_context
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TIMEOUT = 15_000


def test_contact_and_callback_by_keyboard_only(phone_catalogue, browser, live_server, artifacts_dir):
    operator = make_user("onthaal-toetsenbord", perms=["kennisbank.view_internal"])
    context = login_browser_context(browser, live_server, operator)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(f"{live_server.url}/onthaal/")
    tab.keyboard.type("identiteitskaart", delay=20)
    tab.locator(".hit.is-active").wait_for(timeout=TIMEOUT)
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/onthaal/item/{phone_catalogue.product.external_id}/**", timeout=TIMEOUT)

    # After answering: two keystrokes register the contact (a question by phone, answered, item pre-filled).
    tab.keyboard.press("r")
    tab.keyboard.press("Enter")
    tab.locator("[data-contact-saved]").wait_for(timeout=TIMEOUT)
    contact = Contact.objects.get()
    assert contact.outcome == ContactOutcome.ANSWERED and contact.operator == operator
    assert [p.pk for p in contact.items.all()] == [phone_catalogue.product.pk]

    # A question that needs the team: "t" opens the callback form with the question and the owner team filled in.
    tab.evaluate("document.activeElement.blur()")
    tab.keyboard.press("t")
    tab.wait_for_url("**/onthaal/terugbellen/**", timeout=TIMEOUT)
    assert tab.evaluate("document.activeElement.id") == "cb-question"
    tab.keyboard.press("End")
    tab.keyboard.type(": wanneer is de kaart van mijn dochter klaar?")
    for _field in ("cb-team", "cb-name"):
        tab.keyboard.press("Tab")
    tab.keyboard.type("An Peeters")
    tab.keyboard.press("Tab")
    tab.keyboard.type("0470 12 34 56")
    tab.keyboard.press("Tab")
    tab.keyboard.type("an@example.org")
    tab.keyboard.press("Enter")
    done = tab.locator("[data-callback-reference]")
    done.wait_for(timeout=TIMEOUT)
    callback = CallbackRequest.objects.get()
    assert done.get_attribute("data-callback-reference") == callback.reference
    assert callback.team == phone_catalogue.product.owner_team and callback.citizen_name == "An Peeters"
    assert callback.question.endswith("wanneer is de kaart van mijn dochter klaar?")
    assert callback.contact.outcome == ContactOutcome.CALLBACK
    tab.screenshot(path=str(artifacts_dir / "operator-callback.png"), full_page=True)
    assert errors == []
    context.close()
