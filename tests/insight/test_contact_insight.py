"""Insight into the front office: most asked per week, per channel/type/outcome/theme, first-contact resolution,
callbacks on time and overdue per team; in the dashboard with charts and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from channels.phone import workstation
from channels.phone.models import CallbackRequest
from insight import contacts
from insight.datasets import Period
from kennisbank.vocabulary import CallbackStatus, ContactOutcome
from tests.factories import make_item, make_team, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_office(site_structure):
    team = make_team("Dienst Burgerzaken", email="bz@example.org")
    afval = make_team("Dienst Afval", email="afval@example.org")
    eid = make_item("product", title="Identiteitskaart aanvragen", themes=["Burgerzaken"], owner=team)
    bak = make_item("fiche", title="Wanneer wordt de gft-bak opgehaald?", themes=["Afval"], owner=afval)
    for _ in range(3):
        workstation.register_contact(item_ids=[eid.pk])
    workstation.register_contact(item_ids=[bak.pk], channel="desk", outcome=ContactOutcome.REFERRED,
                                 referred_to="Intercommunale")
    workstation.register_contact(item_ids=[eid.pk], type="complaint", outcome=ContactOutcome.TRANSFERRED,
                                 transferred_to=team)
    now = timezone.now()
    on_time = workstation.request_callback(question="Kids-ID?", team=team, citizen_phone="1",
                                           now=now - dt.timedelta(days=3))
    workstation.update_callback(on_time, status=CallbackStatus.DONE, answer="Ja.", now=on_time.due_at
                                - dt.timedelta(hours=1))
    late = workstation.request_callback(question="Reispas?", team=team, citizen_phone="2",
                                        now=now - dt.timedelta(days=10))
    workstation.update_callback(late, status=CallbackStatus.DONE, answer="Ja.", now=late.due_at + dt.timedelta(days=1))
    workstation.request_callback(question="Open en te laat", team=afval, citizen_phone="3",
                                 now=now - dt.timedelta(days=10))
    return team, afval, eid, bak


def test_most_asked_per_week(front_office):
    _team, _afval, eid, bak = front_office
    rows = contacts.top_items_per_week(Period.last_days(30)).rows
    assert rows[0]["item"] == eid.title and rows[0]["count"] == 4
    assert {r["item"] for r in rows} == {eid.title, bak.title}


def test_breakdowns_and_first_contact_resolution(front_office):
    period = Period.last_days(30)
    by_channel = {r["value"]: r["count"] for r in contacts.contacts_per_channel(period).rows}
    assert by_channel == {"Telefoon": 4, "Balie": 1}
    assert {r["value"]: r["count"] for r in contacts.contacts_per_type(period).rows} == {"Vraag": 4, "Klacht": 1}
    outcome = {r["value"]: r["count"] for r in contacts.contacts_per_outcome(period).rows}
    assert outcome["Beantwoord"] == 3 and outcome["Doorverbonden naar een team"] == 1
    themes = {r["value"]: r["count"] for r in contacts.contacts_per_theme(period).rows}
    assert themes == {"Burgerzaken": 4, "Afval": 1}
    fcr = contacts.first_contact_resolution(period).rows
    assert fcr[0] == {"channel": "Alle kanalen", "total": 5, "answered": 3, "rate": 60.0}
    assert contacts.contacts_per_channel(Period.last_days(30, channel="website")).rows == []


def test_callbacks_on_time_and_overdue_per_team(front_office):
    team, afval, _eid, _bak = front_office
    rows = {r["team"]: r for r in contacts.callbacks_per_team(Period.last_days(30)).rows}
    assert rows[team.name]["closed"] == 2 and rows[team.name]["on_time"] == 1 and rows[team.name]["rate"] == 50.0
    assert rows[afval.name]["overdue"] == 1 and rows[team.name]["overdue"] == 0
    assert CallbackRequest.objects.count() == 3


def test_the_dashboard_shows_them_with_csv(front_office):
    client = Client()
    client.force_login(make_user("hoofdredacteur", staff=True, superuser=True))
    html = client.get("/admin/inzicht/").content.decode()
    for title in ("Meest gevraagd per week", "Meteen beantwoord", "Terugbelverzoeken per team", "Contacten per kanaal"):
        assert title in html, title
    response = client.get("/admin/inzicht/", {"dataset": "first_contact_resolution", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Kanaal", "Contacten", "Meteen beantwoord", "Procent"] and rows[1][0] == "Alle kanalen"
    export = client.get("/admin/inzicht/", {"dataset": "callbacks_per_team", "format": "csv"}).content.decode()
    assert "Kids-ID" not in export and "Reispas" not in export, "no questions or personal data in the export"
