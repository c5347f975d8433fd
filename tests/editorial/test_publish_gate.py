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


def test_bulk_publish_in_the_admin_publishes_the_plain_pages_and_names_the_refused_one(draft_hard, client):
    draft_hard.save_revision()
    plain = make_item("fiche", title="Openingsuren", external_id="uren", short_answer=PLAIN, live=False)
    client.force_login(make_user("moderator", superuser=True))
    url = f"/admin/bulk/wagtailcore/page/publish/?id={draft_hard.pk}&id={plain.pk}&next=/admin/pages/"
    response = client.post(url, {"include_descendants": ""}, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("Vergunning aanvragen" in m and "te moeilijk" in m for m in shown), shown
    assert FichePage.objects.get(pk=plain.pk).live  # the plain page was published all the same
    assert HARD not in FichePage.objects.get(pk=draft_hard.pk).body_text()
    assert not ReadabilityOverride.objects.exists()


def test_approving_a_workflow_task_of_a_too_hard_text_shows_why_and_changes_nothing(draft_hard, client):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Nalezen")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Nalezen voor publicatie")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    editor = make_user("redacteur")
    draft_hard.save_revision(user=editor)
    workflow_state = workflow.start(draft_hard, editor)
    task_state = workflow_state.current_task_state

    client.force_login(make_user("moderator", superuser=True))
    response = client.post(f"/admin/pages/workflow/action/{draft_hard.pk}/approve/{task_state.pk}/",
                           {"comment": "In orde"})
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{draft_hard.pk}/edit/"
    page = client.get(response["Location"])
    assert "te moeilijk" in page.content.decode()
    task_state.refresh_from_db()
    workflow_state.refresh_from_db()
    assert task_state.status == "in_progress" and workflow_state.status == "in_progress"  # rolled back
    assert HARD not in FichePage.objects.get(pk=draft_hard.pk).body_text()

    modal = client.post(f"/admin/pages/workflow/action/{draft_hard.pk}/approve/{task_state.pk}/",
                        {"comment": "In orde"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert modal.status_code == 200 and modal.json()["redirect"] == f"/admin/pages/{draft_hard.pk}/edit/"
