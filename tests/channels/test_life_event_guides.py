"""Life-event guides: an intro and ordered steps with a "why now" line, on the site, in the API and in the console;
internal and draft items drop out of the public guide."""

from __future__ import annotations

import pytest

from channels.demo import guides
from kennisbank.models import LifeEvent, LifeEventStep
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def verhuizen(site_structure):
    adres = make_item("fiche", title="Adres wijzigen", external_id="adreswijziging", life_events=["Verhuizen"],
                      short_answer="Geef uw nieuwe adres binnen acht werkdagen door.")
    intern = make_item("fiche", title="Adrescontrole intern", external_id="wijkagent-adrescontrole",
                       visibility="internal", life_events=["Verhuizen"], short_answer="Alleen voor het loket.")
    afval = make_item("fiche", title="Afvalkalender", external_id="afval-ophaling", life_events=["Verhuizen"],
                      short_answer="De ophaaldagen staan op de afvalkalender.")
    extra = make_item("fiche", title="Zwembad", external_id="zwembad", life_events=["Verhuizen"],
                      short_answer="Het zwembad is open.")
    assert guides.apply() >= 3
    return {"adres": adres, "intern": intern, "afval": afval, "extra": extra}


def test_the_site_shows_the_steps_in_order_then_the_rest(client, verhuizen):
    body = client.get("/levensgebeurtenis/verhuizen/").content.decode()
    guide = body[body.index("Stap voor stap"):]
    assert "Gaat u verhuizen?" in guide
    assert guide.index("Adres wijzigen") < guide.index("Afvalkalender")
    assert "Binnen acht werkdagen na uw verhuis." in guide
    assert "Adrescontrole intern" not in body  # internal: never on the public site
    rest = body[body.index("Meer vragen en antwoorden"):]
    assert "Zwembad" in rest and "Adres wijzigen" not in rest  # not twice


def test_the_api_gives_the_guide(client, verhuizen):
    data = client.get("/api/v1/life-events/verhuizen/").json()
    assert data["intro"].startswith("Gaat u verhuizen?")
    assert [(s["position"], s["id"]) for s in data["steps"]] == [(1, "adreswijziging"), (2, "afval-ophaling")]
    assert data["steps"][0]["why_now"] == "Binnen acht werkdagen na uw verhuis."
    assert data["steps"][0]["url"].endswith("/vragen/adres-wijzigen/")


def test_the_console_shows_the_guide_with_internal_steps(client, verhuizen):
    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    body = client.get("/onthaal/levensgebeurtenissen/").content.decode()
    assert body.index("Adres wijzigen") < body.index("Adrescontrole intern") < body.index("Afvalkalender")


def test_editing_a_step_refreshes_cached_api_responses(client, verhuizen):
    first = client.get("/api/v1/life-events/verhuizen/").json()
    LifeEventStep.objects.filter(life_event=LifeEvent.objects.get(name="Verhuizen"),
                                 item=verhuizen["afval"]).first().delete()
    again = client.get("/api/v1/life-events/verhuizen/").json()
    assert len(again["steps"]) == len(first["steps"]) - 1
