"""The operator's workstation: contacts (no personal data), callback requests (due in working days, e-mails, the
team's queue, closing) and the wipe of personal data after the retention period."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from channels.phone import workstation
from channels.phone.models import CallbackRequest, Contact
from kennisbank.holidays import add_working_days
from kennisbank.vocabulary import CallbackStatus, ContactOutcome
from tests.factories import make_team, make_user

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(("start", "days", "due"), [
    (dt.datetime(2026, 12, 2, 10, 0), 2, dt.datetime(2026, 12, 4, 10, 0)),     # Wednesday → Friday
    (dt.datetime(2026, 12, 4, 10, 0), 2, dt.datetime(2026, 12, 8, 10, 0)),     # Friday → Tuesday (weekend)
    (dt.datetime(2026, 12, 24, 15, 0), 2, dt.datetime(2026, 12, 29, 15, 0)),   # Kerstmis skipped
    (dt.datetime(2027, 3, 27, 9, 0), 1, dt.datetime(2027, 3, 30, 9, 0)),       # Saturday before Paasmaandag
    (dt.datetime(2026, 11, 10, 9, 0), 1, dt.datetime(2026, 11, 12, 9, 0)),     # Wapenstilstand
])
def test_due_dates_skip_weekends_and_belgian_holidays(start, days, due):
    assert add_working_days(start.replace(tzinfo=BRUSSELS), days) == due.replace(tzinfo=BRUSSELS)


def test_a_contact_keeps_no_personal_data(phone_catalogue, operator):
    contact = workstation.register_contact(
        item_ids=[phone_catalogue.product.pk], operator=operator,
        note="Mevrouw belde van 0470 12 34 56, jan.peeters@example.org, over haar eID")
    assert "0470" not in contact.note and "jan.peeters" not in contact.note
    assert contact.note.startswith("Mevrouw belde van [nummer], [e-mail]") and contact.note.endswith("over haar eID")
    assert [p.pk for p in contact.items.all()] == [phone_catalogue.product.pk]
    assert contact.outcome == ContactOutcome.ANSWERED and contact.channel == "phone" and contact.type == "question"


def test_a_transfer_needs_its_team_and_a_referral_its_organisation(phone_catalogue):
    with pytest.raises(ValidationError) as caught:
        workstation.register_contact(outcome=ContactOutcome.TRANSFERRED)
    assert "transferred_to" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        workstation.register_contact(outcome=ContactOutcome.REFERRED)
    assert "referred_to" in caught.value.message_dict
    with pytest.raises(ValidationError):
        workstation.register_contact(type="roddel")


def test_console_registers_the_consulted_items(operator_client, phone_catalogue):
    operator_client.get(f"/onthaal/item/{phone_catalogue.product.external_id}/")
    operator_client.get(f"/onthaal/item/{phone_catalogue.internal.external_id}/")
    page = operator_client.get("/onthaal/").content.decode()
    assert f'name="items" value="{phone_catalogue.internal.pk}" checked' in page
    response = operator_client.post("/onthaal/contact/", {
        "type": "question", "channel": "desk", "outcome": "answered", "next": "/onthaal/",
        "items": [phone_catalogue.product.pk, phone_catalogue.internal.pk], "note": "vraag over pincode"})
    assert response.status_code == 302 and response["Location"] == "/onthaal/?contact=ok"
    contact = Contact.objects.get()
    assert contact.channel == "desk" and contact.items.count() == 2
    assert 'name="items"' not in operator_client.get("/onthaal/").content.decode(), "the list starts again"
    external = operator_client.post("/onthaal/contact/", {"outcome": "referred", "type": "question",
                                                          "channel": "phone", "next": "https://evil.example/"})
    assert external.status_code == 400 and "organisatie" in external.content.decode()


@pytest.fixture
def owner(phone_catalogue):
    team = phone_catalogue.product.owner_team
    team.callback_working_days = 2
    team.save()
    return team


def test_a_callback_request_is_due_in_the_teams_working_days_and_mails_both(phone_catalogue, owner, operator,
                                                                           django_capture_on_commit_callbacks):
    now = dt.datetime(2026, 12, 24, 15, 0, tzinfo=BRUSSELS)
    with django_capture_on_commit_callbacks(execute=True):
        callback = workstation.request_callback(
            question="Kan mijn dochter van 11 al een kids-ID krijgen?", item=phone_catalogue.product,
            citizen_name="An Peeters", citizen_phone="0470 12 34 56", citizen_email="an@example.org",
            operator=operator, now=now)
    assert callback.team == owner and callback.reference == f"TB-2026-{callback.pk:06d}"
    assert timezone.localtime(callback.due_at) == dt.datetime(2026, 12, 29, 15, 0, tzinfo=BRUSSELS)
    team_mail, citizen_mail = mail.outbox
    assert team_mail.to == ["burgerzaken@example.org"] and callback.reference in team_mail.subject
    assert "kids-ID" in team_mail.body and "An Peeters" not in team_mail.body and "0470" not in team_mail.body
    assert citizen_mail.to == ["an@example.org"] and callback.reference in citizen_mail.body
    assert "dinsdag 29 december" in citizen_mail.body and "kids-ID" not in citizen_mail.body


def test_a_callback_needs_a_question_a_way_to_reach_and_a_team(phone_catalogue):
    with pytest.raises(ValidationError) as caught:
        workstation.request_callback(question="", citizen_email="geen-adres")
    assert set(caught.value.message_dict) == {"question", "citizen_email", "team"}
    with pytest.raises(ValidationError) as caught:
        workstation.request_callback(question="Vraag", team=make_team("Dienst Afval"))
    assert set(caught.value.message_dict) == {"citizen_phone"}


def test_console_callback_form_prefills_and_confirms(operator_client, phone_catalogue, owner):
    url = f"/onthaal/terugbellen/?item={phone_catalogue.product.external_id}"
    form = operator_client.get(url).content.decode()
    assert phone_catalogue.product.title in form and f'value="{owner.pk}" selected' in form
    done = operator_client.post("/onthaal/terugbellen/", {
        "item": phone_catalogue.product.external_id, "question": "Wanneer is mijn kaart klaar?", "team": owner.pk,
        "citizen_name": "Jan", "citizen_phone": "0470 00 00 01", "citizen_email": ""})
    callback = CallbackRequest.objects.get()
    assert done.status_code == 201 and callback.reference in done.content.decode()
    assert callback.contact is not None and callback.contact.outcome == ContactOutcome.CALLBACK
    refused = operator_client.post("/onthaal/terugbellen/", {"question": "", "team": ""})
    assert refused.status_code == 400 and "Schrijf de vraag op" in refused.content.decode()


def test_a_team_sees_only_its_own_queue_and_closing_needs_the_answer(phone_catalogue, owner):
    other = make_team("Dienst Afval", email="afval@example.org")
    mine = workstation.request_callback(question="Kids-ID?", team=owner, citizen_phone="0470 00 00 02")
    theirs = workstation.request_callback(question="Grofvuil?", team=other, citizen_phone="0470 00 00 03")
    member = make_user("burgerzaken1", groups=["Editors"], staff=True, perms=["wagtailadmin.access_admin"])
    owner.members.add(member)
    client = Client()
    client.force_login(member)
    listing = client.get("/admin/snippets/kb_phone/callbackrequest/").content.decode()
    assert mine.reference in listing and theirs.reference not in listing
    foreign = client.get(f"/admin/snippets/kb_phone/callbackrequest/edit/{theirs.pk}/")
    assert foreign.status_code == 302 and "0470 00 00 03" not in foreign.content.decode()
    edit = f"/admin/snippets/kb_phone/callbackrequest/edit/{mine.pk}/"
    assert "0470 00 00 02" in client.get(edit).content.decode()
    refused = client.post(edit, {"status": CallbackStatus.DONE, "answer": ""})
    assert refused.status_code == 200
    mine.refresh_from_db()
    assert mine.status == CallbackStatus.NEW
    client.post(edit, {"status": CallbackStatus.DONE, "answer": "Ja, vanaf 0 jaar. Afspraak gemaakt."})
    mine.refresh_from_db()
    assert mine.status == CallbackStatus.DONE and mine.handled_by == member and mine.closed_at is not None


def test_overdue_requests_stand_out(phone_catalogue, owner):
    late = workstation.request_callback(question="Te laat?", team=owner, citizen_phone="1",
                                        now=timezone.now() - dt.timedelta(days=10))
    assert late.is_overdue
    admin = Client()
    admin.force_login(make_user("beheer", staff=True, superuser=True))
    assert "te laat" in admin.get("/admin/snippets/kb_phone/callbackrequest/").content.decode()


def test_personal_data_is_wiped_after_the_retention_period(phone_catalogue, owner, settings):
    settings.KENNISBANK_CALLBACK_RETENTION_DAYS = 30
    old = workstation.request_callback(question="Oud", team=owner, citizen_name="Piet", citizen_phone="0470 1",
                                       citizen_email="piet@example.org")
    recent = workstation.request_callback(question="Recent", team=owner, citizen_name="Mia", citizen_phone="0470 2")
    still_open = workstation.request_callback(question="Open", team=owner, citizen_name="Lea", citizen_phone="3")
    workstation.update_callback(old, status=CallbackStatus.DONE, answer="Beantwoord.",
                                now=timezone.now() - dt.timedelta(days=31))
    workstation.update_callback(recent, status=CallbackStatus.DONE, answer="Beantwoord.",
                                now=timezone.now() - dt.timedelta(days=5))
    call_command("purge_callback_personal_data")
    old.refresh_from_db(), recent.refresh_from_db(), still_open.refresh_from_db()
    assert (old.citizen_name, old.citizen_phone, old.citizen_email) == ("", "", "") and old.purged_at
    assert old.question == "Oud" and old.answer == "Beantwoord.", "the question and answer stay for insight"
    assert recent.citizen_name == "Mia" and still_open.citizen_name == "Lea"
