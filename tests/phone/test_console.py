"""Operator console: access, search with the phone script, content gaps, per-section feedback, item view."""

from __future__ import annotations

import pytest
from django.core import mail

from channels.models import Feedback
from channels.phone.models import ContentGap
from search.models import QueryLog

pytestmark = pytest.mark.django_db

PROTECTED_GET = ["/onthaal/", "/onthaal/zoeken/?q=pincode", "/onthaal/item/pincode-kwijt/", "/onthaal/scripts/",
                 "/onthaal/scripts/burgerzaken/"]
PROTECTED_POST = ["/onthaal/niet-gevonden/", "/onthaal/item/pincode-kwijt/feedback/"]


@pytest.mark.parametrize("url", PROTECTED_GET + PROTECTED_POST)
def test_anonymous_is_sent_to_the_console_login(client, db, url):
    response = client.post(url) if url in PROTECTED_POST else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/onthaal/login/?next=")


@pytest.mark.parametrize("url", PROTECTED_GET + PROTECTED_POST)
def test_logged_in_without_view_internal_gets_403(plain_client, site_structure, url):
    response = plain_client.post(url) if url in PROTECTED_POST else plain_client.get(url)
    assert response.status_code == 403
    assert b"INTERN-KORT" not in response.content


def test_login_page_logs_an_operator_in(client, operator):
    response = client.post("/onthaal/login/", {"username": "onthaal1", "password": "pw-Kennisbank-123"})
    assert response.status_code == 302
    assert response["Location"] == "/onthaal/"
    assert client.get("/onthaal/").status_code == 200


def test_console_page_has_search_box_and_assets(operator_client, phone_catalogue):
    html = operator_client.get("/onthaal/").content.decode()
    assert 'id="q"' in html and "autofocus" in html
    assert "/static/phone/console.js" in html
    import re

    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets  # no CDN


def test_search_with_typo_shows_short_answer_first_then_phone_script(operator_client, phone_catalogue):
    response = operator_client.get("/onthaal/zoeken/", {"q": "pincde"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pincode van de identiteitskaart kwijt" in html
    short = html.index("INTERN-KORT")
    assert short < html.index("Heeft u de brief met de PUK-code nog?") < html.index("NOTITIE-INTERN")
    assert "Vraag een nieuwe code aan aan de balie." in html
    assert 'data-copy="INTERN-KORT: vraag een nieuwe PIN-code aan via het loket."' in html
    assert 'href="/onthaal/item/pincode-kwijt/"' in html
    assert "ONTWERP" not in html  # drafts never reach the console


def test_transfer_shows_team_and_extension(operator_client, phone_catalogue):
    html = operator_client.get("/onthaal/zoeken/", {"q": "identiteitskaart aanvragen"}).content.decode()
    assert "Dienst Burgerzaken, toestel 2101" in html
    assert "Woont u in de gemeente?" in html


def test_stale_items_are_marked(operator_client, phone_catalogue):
    html = operator_client.get("/onthaal/zoeken/", {"q": "afvalkalender"}).content.decode()
    assert "Te herzien sinds 15 juli 2020" in html
    fresh = operator_client.get("/onthaal/zoeken/", {"q": "zwembad"}).content.decode()
    assert "Te herzien" not in fresh


def test_as_you_type_requests_are_not_logged_but_the_settled_query_is(operator_client, phone_catalogue):
    operator_client.get("/onthaal/zoeken/", {"q": "pinc"})
    assert not QueryLog.objects.exists()
    operator_client.get("/onthaal/zoeken/", {"q": "pincode", "log": "1"})
    row = QueryLog.objects.get()
    assert (row.query, row.channel, row.scope) == ("pincode", "operator", "operator")
    assert row.result_count >= 1


def test_no_result_shows_the_not_found_button(operator_client, phone_catalogue):
    html = operator_client.get("/onthaal/zoeken/", {"q": "hondenbelasting"}).content.decode()
    assert "Geen antwoord gevonden" in html
    assert "gap-form is-prominent" in html
    assert 'value="hondenbelasting"' in html


def test_too_long_query_is_a_clear_error(operator_client, phone_catalogue):
    html = operator_client.get("/onthaal/zoeken/", {"q": "x" * 600}).content.decode()
    assert "q: longer than 500 characters" in html


def test_not_found_records_a_content_gap_without_personal_data(operator_client, phone_catalogue):
    response = operator_client.post("/onthaal/niet-gevonden/",
                                     {"q": "Hondenbelasting  betalen", "note": "beller jan@example.org 0470123456"},
                                     HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert response.json()["ok"] is True
    gap = ContentGap.objects.get()
    assert (gap.query, gap.channel, gap.resolved) == ("hondenbelasting betalen", "operator", False)
    assert gap.note == "beller [e-mail] [nummer]"


def test_not_found_without_query_is_refused_naming_the_field(operator_client, phone_catalogue):
    response = operator_client.post("/onthaal/niet-gevonden/", {"q": "  "}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "query" in response.json()["errors"]
    assert not ContentGap.objects.exists()
    page = operator_client.post("/onthaal/niet-gevonden/", {"q": ""})
    assert page.status_code == 400 and "query" in page.content.decode()


def test_item_view_shows_script_sections_and_feedback_forms(operator_client, phone_catalogue):
    html = operator_client.get("/onthaal/item/eid-aanvragen/").content.decode()
    assert html.index("U vraagt uw identiteitskaart aan") < html.index("Woont u in de gemeente?")
    for section in ("Kort antwoord", "Telefoonscript", "Wat meebrengen?", "Termijn"):
        assert f'name="section" value="{section}"' in html
    assert "<li>een pasfoto</li>" in html  # Markdown rendered


def test_item_view_of_internal_item_and_404_for_drafts(operator_client, phone_catalogue):
    assert "NOTITIE-INTERN" in operator_client.get("/onthaal/item/pincode-kwijt/").content.decode()
    assert operator_client.get("/onthaal/item/ontwerp-pincode/").status_code == 404
    assert operator_client.get("/onthaal/item/bestaat-niet/").status_code == 404


def test_stale_badge_on_item_view(operator_client, phone_catalogue):
    assert "Te herzien sinds 15 juli 2020" in operator_client.get("/onthaal/item/afvalkalender/").content.decode()


def test_feedback_lands_in_feedback_model_and_mails_the_owner(operator_client, phone_catalogue):
    response = operator_client.post("/onthaal/item/eid-aanvragen/feedback/",
                                    {"section": "Termijn", "kind": "outdated", "comment": "Nu vier weken."},
                                    HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    feedback = Feedback.objects.get()
    assert feedback.item_id == phone_catalogue.product.pk
    assert (feedback.section, feedback.kind, feedback.channel, feedback.comment) == (
        "Termijn", "outdated", "operator", "Nu vier weken.")
    assert feedback.handled is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["burgerzaken@example.org"]
    assert "Identiteitskaart aanvragen" in message.subject
    assert "Termijn" in message.body and "Nu vier weken." in message.body
    assert f"/admin/pages/{phone_catalogue.product.pk}/edit/" in message.body


def test_feedback_without_javascript_renders_a_page(operator_client, phone_catalogue):
    response = operator_client.post("/onthaal/item/pincode-kwijt/feedback/",
                                    {"section": "Kort antwoord", "kind": "error"})
    assert response.status_code == 201
    assert "Feedback verstuurd" in response.content.decode()
    assert Feedback.objects.get().kind == "error"


@pytest.mark.parametrize(("data", "field"), [
    ({"section": "Bestaat niet", "kind": "error"}, "section"),
    ({"section": "Termijn", "kind": "helpful"}, "kind"),
    ({"section": "Termijn", "kind": "error", "comment": "x" * 2001}, "comment"),
])
def test_invalid_feedback_is_refused_naming_the_field(operator_client, phone_catalogue, data, field):
    response = operator_client.post("/onthaal/item/eid-aanvragen/feedback/", data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Feedback.objects.exists()
    assert not mail.outbox


def test_feedback_on_a_draft_is_404(operator_client, phone_catalogue):
    response = operator_client.post("/onthaal/item/ontwerp-pincode/feedback/", {"section": "Kort antwoord",
                                                                               "kind": "error"})
    assert response.status_code == 404
    assert not Feedback.objects.exists()
