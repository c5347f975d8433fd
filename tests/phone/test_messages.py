"""Berichten for the front office: visible in their window, unread important first, read receipts, searchable in
the console, never public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from channels.phone import messages
from channels.phone.models import MessageRead, OperatorMessage
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def berichten(db):
    now = timezone.now()
    return {
        "news": OperatorMessage.objects.create(title="Nieuwe openingsuren bibliotheek",
                                               body="Vanaf maandag open tot 19 uur.",
                                               visible_from=now - dt.timedelta(days=2)),
        "urgent": OperatorMessage.objects.create(title="BERICHTGEHEIM storing betaalterminal", kind="instruction",
                                                 body="Vraag betalingen via overschrijving.", important=True,
                                                 visible_from=now - dt.timedelta(days=1)),
        "later": OperatorMessage.objects.create(title="Verkiezingen", body="Volgt.",
                                                visible_from=now + dt.timedelta(days=3)),
        "over": OperatorMessage.objects.create(title="Oude actie", body="Voorbij.",
                                               visible_from=now - dt.timedelta(days=9),
                                               visible_until=now - dt.timedelta(days=1)),
    }


def test_unread_important_berichten_come_first_and_reading_moves_them_down(operator, berichten):
    order = [v.message for v in messages.for_operator(operator)]
    assert order == [berichten["urgent"], berichten["news"]], "only visible ones, important unread first"
    messages.mark_read(berichten["urgent"], operator)
    views = messages.for_operator(operator)
    assert [v.message for v in views] == [berichten["news"], berichten["urgent"]] and views[1].read


def test_the_console_lists_them_and_opening_one_records_the_read(operator_client, operator, berichten):
    start = operator_client.get("/onthaal/").content.decode()
    first = start.index(f'data-message="{berichten["urgent"].pk}"')
    assert first < start.index(f'data-message="{berichten["news"].pk}"') and "Belangrijk" in start
    assert f'data-message="{berichten["later"].pk}"' not in start
    assert operator_client.get(f"/onthaal/berichten/{berichten['urgent'].pk}/").status_code == 200
    assert MessageRead.objects.filter(user=operator, message=berichten["urgent"]).exists()
    assert operator_client.get(f"/onthaal/berichten/{berichten['later'].pk}/").status_code == 404


def test_berichten_are_found_from_the_console_search(operator_client, phone_catalogue, berichten):
    html = operator_client.get("/onthaal/zoeken/", {"q": "betaalterminal"}).content.decode()
    assert f'data-message="{berichten["urgent"].pk}"' in html


def test_berichten_are_never_public(berichten, phone_catalogue):
    public = Client()
    for url in ("/onthaal/", "/onthaal/berichten/", f"/onthaal/berichten/{berichten['urgent'].pk}/",
                "/zoeken/?q=betaalterminal", "/api/v1/search/?q=betaalterminal"):
        response = public.get(url)
        assert "BERICHTGEHEIM" not in response.content.decode(), url
    citizen = Client()
    citizen.force_login(make_user("burger2"))
    assert citizen.get("/onthaal/berichten/").status_code == 403


def test_editors_see_who_read_a_bericht(berichten, operator):
    messages.mark_read(berichten["urgent"], operator)
    editor = Client()
    editor.force_login(make_user("hoofdredacteur", staff=True, superuser=True))
    listing = editor.get("/admin/snippets/kb_phone/operatormessage/").content.decode()
    assert f"1 ({operator.get_username()})" in listing
