"""Telephony and chat integration API: contacts and callbacks with an operator token, deny by default."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from channels.phone.models import CallbackRequest, Contact
from tests.factories import make_item, make_team, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(site_structure):
    team = make_team("Dienst Burgerzaken", email="bz@example.org")
    other = make_team("Dienst Afval", email="afval@example.org")
    item = make_item("product", title="Identiteitskaart aanvragen", external_id="eid-aanvragen", owner=team)
    internal = make_item("fiche", title="Kassaprocedure", external_id="kassa", visibility="internal", owner=team)
    operator = make_user("telefonie", perms=["kennisbank.view_internal"])
    member = make_user("burgerzaken-lid", perms=["kennisbank.view_internal"])
    team.members.add(member)
    return team, other, item, internal, operator, member


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_everything_is_refused_without_an_operator_token(setup):
    *_rest, operator, _member = setup
    anonymous = APIClient()
    assert anonymous.post("/api/v1/contacts/", {}, format="json").status_code == 401
    assert anonymous.get("/api/v1/callbacks/?team=1").status_code == 401
    assert _client(make_user("geen-rechten")).post("/api/v1/contacts/", {}, format="json").status_code == 403
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = wrong.post("/api/v1/contacts/", {}, format="json")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
    session = APIClient()
    session.force_login(operator)  # a session cookie is not how integrations sign in
    assert session.post("/api/v1/contacts/", {}, format="json").status_code == 401


def test_a_contact_is_registered_with_its_items(setup):
    team, _other, item, internal, operator, _member = setup
    response = _client(operator).post("/api/v1/contacts/", {
        "type": "question", "channel": "chat", "outcome": "transferred", "transferred_to": team.pk,
        "items": [item.external_id, internal.external_id], "note": "over 0470 12 34 56"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body["items"]) == {item.external_id, internal.external_id}
    contact = Contact.objects.get()
    assert contact.operator == operator and "0470" not in contact.note and contact.transferred_to == team
    bad = _client(operator).post("/api/v1/contacts/", {"outcome": "transferred", "items": ["bestaat-niet"]},
                                 format="json")
    assert bad.status_code == 400 and "items" in bad.json()["error"]["details"]


def test_callbacks_are_created_listed_by_team_members_and_closed(setup, mailoutbox):
    team, other, item, _internal, operator, member = setup
    created = _client(operator).post("/api/v1/callbacks/", {
        "question": "Wanneer is mijn kaart klaar?", "item": item.external_id, "citizen_phone": "0470 00 00 01",
        "citizen_email": "an@example.org"}, format="json")
    assert created.status_code == 201, created.json()
    reference = created.json()["reference"]
    assert created.json()["team"] == team.pk and created.json()["status"] == "new"
    assert _client(operator).get(f"/api/v1/callbacks/?team={team.pk}").status_code == 403, "not a member"
    listing = _client(member).get(f"/api/v1/callbacks/?team={team.pk}")
    assert listing.status_code == 200 and [c["reference"] for c in listing.json()] == [reference]
    assert listing.json()[0]["citizen_phone"] == "0470 00 00 01"
    assert _client(member).get(f"/api/v1/callbacks/?team={other.pk}").status_code == 403
    refused = _client(member).patch(f"/api/v1/callbacks/{reference}/", {"status": "done"}, format="json")
    assert refused.status_code == 400 and "answer" in refused.json()["error"]["details"]
    done = _client(member).patch(f"/api/v1/callbacks/{reference}/", {"status": "done", "answer": "Vrijdag."},
                                 format="json")
    assert done.status_code == 200 and done.json()["status"] == "done" and done.json()["closed_at"]
    assert CallbackRequest.objects.get().handled_by == member
    assert _client(operator).patch(f"/api/v1/callbacks/{reference}/", {"status": "new"},
                                   format="json").status_code == 403
    assert _client(member).patch("/api/v1/callbacks/TB-0000-000000/", {"status": "new"},
                                 format="json").status_code == 404


def test_a_path_with_a_newline_gets_the_json_404(client, db):
    response = client.get("/api/v1/themes/%0A/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"
