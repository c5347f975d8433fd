"""Review cycle: due items per owner team, reminder e-mails (locmem outbox), command and task."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from kennisbank import reviews
from tests.insight.conftest import TODAY

pytestmark = pytest.mark.django_db


def titles(pages) -> list[str]:
    return [p.title for p in pages]


def test_stale_items_are_live_items_past_their_date(review_catalogue):
    stale = titles(reviews.stale_items(on=TODAY))
    assert stale == ["Zonder eigenaar", "Verloren identiteitskaart", "Grofvuil ophalen"]  # oldest date first
    assert "Ontwerp zonder publicatie" not in stale  # never published: nothing to review
    assert review_catalogue.stale.is_stale(TODAY) and not review_catalogue.soon.is_stale(TODAY)


def test_due_within_window_adds_soon_due_items(review_catalogue):
    due = titles(reviews.due_items(on=TODAY, within_days=30))
    assert "Reispas aanvragen" in due and "Rijbewijs aanvragen" not in due


def test_due_by_team_groups_stale_and_soon(review_catalogue):
    groups = reviews.due_by_team(on=TODAY, within_days=30)
    by_team = {(g.team.name if g.team else None): g for g in groups}
    assert list(by_team) == ["Dienst Afval", "Dienst Burgerzaken", None]
    assert titles(by_team["Dienst Burgerzaken"].stale) == ["Verloren identiteitskaart"]
    assert titles(by_team["Dienst Burgerzaken"].soon) == ["Reispas aanvragen"]
    assert titles(by_team["Dienst Afval"].stale) == ["Grofvuil ophalen"]


def test_negative_window_is_refused():
    with pytest.raises(ValueError, match="within_days"):
        reviews.due_items(within_days=-1)


def test_one_reminder_per_team_with_its_own_items(review_catalogue):
    sent = reviews.send_reminders(on=TODAY, within_days=30)
    assert sent == 2  # the item without owner has no address (no fallback configured)
    by_to = {tuple(m.to): m for m in mail.outbox}
    assert set(by_to) == {("burgerzaken@example.org",), ("afval@example.org",)}
    body = by_to[("burgerzaken@example.org",)].body
    assert "Verloren identiteitskaart" in body and "sinds 10 januari 2026" in body
    assert "Reispas aanvragen" in body and "uiterlijk 1 juli 2026" in body
    assert "Grofvuil ophalen" not in body and "Rijbewijs" not in body and "Ontwerp" not in body
    assert f"/admin/pages/{review_catalogue.stale.pk}/edit/" in body
    assert "2 items te herzien" in by_to[("burgerzaken@example.org",)].subject


def test_items_without_owner_go_to_the_fallback_address(review_catalogue, settings):
    settings.KENNISBANK_REVIEW_FALLBACK_EMAILS = ["redactie@example.org"]
    reviews.send_reminders(on=TODAY, within_days=0)
    fallback = [m for m in mail.outbox if m.to == ["redactie@example.org"]]
    assert len(fallback) == 1 and "Zonder eigenaar" in fallback[0].body


def test_dry_run_sends_nothing(review_catalogue):
    assert reviews.send_reminders(on=TODAY, within_days=30, dry_run=True) == 2
    assert mail.outbox == []


def test_marking_reviewed_removes_the_item_from_reminders(review_catalogue):
    from kennisbank import services

    services.mark_reviewed(review_catalogue.stale, on=TODAY)
    assert "Verloren identiteitskaart" not in titles(reviews.stale_items(on=TODAY))


def test_task_on_reminders_queue_sends_mail(review_catalogue):
    assert reviews.send_review_reminders.queue_name == "reminders"
    result = reviews.send_review_reminders.enqueue(within_days=10_000)  # immediate backend in tests
    assert result.return_value >= 2
    assert {m.to[0] for m in mail.outbox} >= {"burgerzaken@example.org", "afval@example.org"}


def test_management_command_sends_and_reports(review_catalogue, capsys):
    call_command("send_review_reminders", "--days", "10000")
    assert "Herinneringen verstuurd: 2" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_management_command_dry_run_and_bad_input(review_catalogue, capsys):
    call_command("send_review_reminders", "--dry-run")
    assert "zou versturen" in capsys.readouterr().out and mail.outbox == []
    with pytest.raises(CommandError, match="--days"):
        call_command("send_review_reminders", "--days", "-3")


def test_management_command_enqueue(review_catalogue, capsys):
    call_command("send_review_reminders", "--enqueue", "--days", "10000")
    assert "wachtrij 'reminders'" in capsys.readouterr().out
    assert len(mail.outbox) == 2  # immediate backend ran it
