"""The readability publish policy holds for every way of publishing, not only the edit form: services and
imports, bulk publish, workflow approval and scheduled publishing all go through ``ContentPage.publish``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from importers.markdown_import import import_folder
from kennisbank import services
from kennisbank.editorial.gate import ReadabilityBlocked
from kennisbank.models import ContentPage, FichePage, ReadabilityOverride
from tests.factories import make_item, make_user

from .test_readability_editor import HARD, PLAIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_hard(site_structure):
    page = make_item("fiche", title="Vergunning aanvragen", external_id="vergunning", short_answer=PLAIN,
                     sections=[("Uitleg", PLAIN)])
    page.body = [("section", {"kind": "other", "heading": "Uitleg", "text": HARD})]
    return page


def test_publishing_a_too_hard_text_is_refused_on_every_path(draft_hard):
    revision = draft_hard.save_revision()
    with pytest.raises(ReadabilityBlocked, match="te moeilijk"):
        revision.publish()  # what bulk publish and workflow approval call
    with pytest.raises(ReadabilityBlocked):
        services.publish(draft_hard)
    live = FichePage.objects.get(pk=draft_hard.pk)
    assert PLAIN in live.body_text() and HARD not in live.body_text()  # the live text did not change


def test_a_moderators_override_for_that_revision_lets_it_through(draft_hard):
    revision = draft_hard.save_revision()
    ReadabilityOverride.objects.create(page=draft_hard, revision=revision, user=make_user("moderator"),
                                       reason="Juridische tekst", score=20, verdict="hard")
    revision.publish()
    assert HARD in FichePage.objects.get(pk=draft_hard.pk).body_text()
    later = draft_hard.save_revision()  # the override belongs to one revision, not to the page
    with pytest.raises(ReadabilityBlocked):
        later.publish()


def test_scheduled_publishing_skips_a_blocked_revision_and_publishes_the_others(draft_hard, site_structure):
    hard_revision = draft_hard.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=5))
    plain = make_item("fiche", title="Openingsuren", external_id="uren", short_answer=PLAIN, live=False)
    plain_revision = plain.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=5))
    call_command("publish_scheduled", stdout=io.StringIO())
    assert FichePage.objects.get(pk=plain.pk).live
    assert HARD not in FichePage.objects.get(pk=draft_hard.pk).body_text()
    hard_revision.refresh_from_db()
    plain_revision.refresh_from_db()
    assert hard_revision.approved_go_live_at is None  # unscheduled, not retried every run


def test_an_import_of_a_too_hard_text_is_reported_per_file_and_writes_nothing(site_structure, tmp_path):
    (tmp_path / "moeilijk.md").write_text(
        f'---\nid: moeilijk\ntype: fiche\ntitle: "Moeilijke fiche"\nshort_answer: "Kort."\n---\n## Uitleg\n\n{HARD}\n',
        encoding="utf-8")
    (tmp_path / "helder.md").write_text(
        f'---\nid: helder\ntype: fiche\ntitle: "Heldere fiche"\nshort_answer: "Kort."\n---\n## Uitleg\n\n{PLAIN}\n',
        encoding="utf-8")
    report = import_folder(tmp_path)
    assert [(e.file, e.key) for e in report.errors] == [("moeilijk.md", "leesbaarheid")]
    assert "te moeilijk" in report.errors[0].message
    assert not ContentPage.objects.filter(external_id__in=["moeilijk", "helder"]).exists()  # atomic
