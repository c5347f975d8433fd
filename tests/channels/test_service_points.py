"""Where and when, as a citizen, an operator and an app see it: the product page's "Waar en wanneer?", the contact
page, the console, the API and JSON-LD (parsed as RDF by rdflib's JSON-LD parser), all with the demo service points
that ``setup_demo`` fills in and a fixed clock."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from channels.demo import service_points as demo_points
from kennisbank.models import ServicePoint
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db

SCHEMA = Namespace("https://schema.org/")
#: schema.org's context, reduced to what it does for our output (bundled: no network in tests).
SCHEMA_CONTEXT = {"@vocab": "https://schema.org/"}
WEDNESDAY_10H = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture
def frozen_now(monkeypatch):
    """The site's clock stands still on Wednesday 2 December 2026, 10.00 in Brussels."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY_10H.astimezone(dt.UTC))


@pytest.fixture
def product(site_structure, frozen_now):
    page = make_item("product", title="Reispas aanvragen", external_id="reispas",
                     short_answer="U vraagt een reispas aan op afspraak in het gemeentehuis.")
    demo_points.apply(today=dt.date(2026, 12, 2))
    page.service_points.set(ServicePoint.objects.filter(name__in=["Op afspraak", "Deelgemeentehuis Molenhoek",
                                                                  "Online"]))
    page.save_revision().publish()
    return page


def _graph(data: dict) -> Graph:
    data = json.loads(json.dumps(data))
    data["@context"] = SCHEMA_CONTEXT
    return Graph().parse(data=json.dumps(data), format="json-ld")


def _json_ld(body: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))


def test_every_demo_service_point_has_an_address_and_hours_or_a_link():
    points = demo_points.apply(today=dt.date(2026, 12, 2))
    assert {p.name for p in points} >= {"Snelbalie", "Op afspraak", "Deelgemeentehuis Molenhoek", "Containerpark",
                                         "Bibliotheek", "Online"}
    for point in points:
        if point.is_online:
            assert point.url.startswith("https://")
        else:
            assert point.full_address and point.phone and point.latitude is not None and point.accessibility
            assert point.hours.exists(), point.name
    demo_points.apply(today=dt.date(2026, 12, 2))  # idempotent
    assert ServicePoint.objects.get(name="Snelbalie").hours.count() == 7


def test_product_page_says_where_and_when(client, product):
    body = client.get(product.url).content.decode()
    section = body[body.index("Waar en wanneer?"):]
    assert "Markt 1, 8980 Zonnebeek" in section and "Dorpsplein 3, 8980 Molenhoek" in section
    assert "Nu open op afspraak · tot 12.00 uur" in section  # Wednesday 10.00
    assert "Vandaag gesloten · morgen open vanaf 16.00 uur" in section  # Molenhoek: Tuesday and Thursday only
    assert "Altijd open" in section and "https://zonnebeek.example.org/e-loket" in section
    assert "Tweede kerstdag" in section  # a closing day within 30 days
    assert "Ingang zonder trappen" in section and 'href="tel:051123456"' in section
    assert section.index("Op afspraak") < section.index("Online")  # places first, online last


def test_contact_page_lists_every_service_point_with_valid_json_ld(client, product):
    response = client.get("/contact/")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("Snelbalie", "Op afspraak", "Deelgemeentehuis Molenhoek", "Containerpark", "Bibliotheek", "Online"):
        assert f">{name} <span" in body, name
    assert "Nu open · sluit om 12.00 uur" in body  # Snelbalie, Wednesday morning
    graph = _graph(_json_ld(body))
    offices = set(graph.subjects(RDF.type, SCHEMA.GovernmentOffice))
    assert len(offices) == 5
    snelbalie = next(o for o in offices if str(graph.value(o, SCHEMA.name)) == "Snelbalie")
    specs = list(graph.objects(snelbalie, SCHEMA.openingHoursSpecification))
    days = {str(graph.value(s, SCHEMA.dayOfWeek)) for s in specs}
    assert days == {f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                        "Saturday")}
    special = list(graph.objects(snelbalie, SCHEMA.specialOpeningHoursSpecification))
    christmas = next(s for s in special if str(graph.value(s, SCHEMA.validFrom)) == "2026-12-25")
    assert str(graph.value(christmas, SCHEMA.opens)) == "00:00" == str(graph.value(christmas, SCHEMA.closes))
    address = graph.value(snelbalie, SCHEMA.address)
    assert str(graph.value(address, SCHEMA.postalCode)) == "8980"
    assert (None, RDF.type, SCHEMA.GovernmentOrganization) in graph


def test_product_json_ld_has_a_channel_per_service_point(client, product):
    graph = _graph(_json_ld(client.get(product.url).content.decode()))
    service = next(graph.subjects(RDF.type, SCHEMA.GovernmentService))
    channels = list(graph.objects(service, SCHEMA.availableChannel))
    locations = [graph.value(c, SCHEMA.serviceLocation) for c in channels]
    names = {str(graph.value(loc, SCHEMA.name)) for loc in locations if loc is not None}
    assert names == {"Op afspraak", "Deelgemeentehuis Molenhoek"}
    urls = {graph.value(c, SCHEMA.serviceUrl) for c in channels} - {None}
    assert URIRef("https://zonnebeek.example.org/e-loket") in urls or \
        any(str(u) == "https://zonnebeek.example.org/e-loket" for u in urls)


def test_api_gives_structured_hours_and_special_days(client, product):
    data = client.get(f"/api/v1/items/{product.external_id}/").json()
    points = {p["name"]: p for p in data["product"]["service_points"]}
    molenhoek = points["Deelgemeentehuis Molenhoek"]
    assert molenhoek["kind"] == "district_hall" and molenhoek["postal_code"] == "8980"
    assert molenhoek["hours"][1] == {"weekday": 1, "name": "dinsdag", "blocks": [
        {"mode": "walk_in", "opens": "09:00", "closes": "11:00"}]}
    assert molenhoek["hours"][5]["blocks"] == []
    assert {"date": "2026-12-25", "closed": True, "note": "Kerstmis", "blocks": []} in molenhoek["special_days"]
    assert molenhoek["opening_hours"].startswith("dinsdag: 09.00–11.00 (vrij binnenlopen)")
    assert points["Online"]["hours"][0]["blocks"] == [] and points["Online"]["special_days"] == []


def test_console_shows_where_and_when(client, product):
    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    body = client.get(f"/onthaal/item/{product.external_id}/").content.decode()
    assert "Waar en wanneer?" in body and "Nu open op afspraak · tot 12.00 uur" in body
    assert "Telefoon: 051 12 34 56" in body
