"""Publishing through the worker against a local server speaking the Mastodon and Bluesky APIs.

Covers: records per publication, at most once per (post, network, slot) across repeated runs, retries, a crash
after the remote call, a stale claim, backoff and max attempts, and the publish-time visibility check.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from channels.social import services, tasks
from channels.social.models import PostStatus, Publication, PublicationStatus
from channels.social.publishers.bluesky import build_facets, tid_for
from kennisbank.models import ContentPage

from .conftest import DID, TID_RE, recent_slot

pytestmark = pytest.mark.django_db

STATUSES = "/api/v1/statuses"
CREATE = "/xrpc/com.atproto.repo.createRecord"


def _scheduled_post(page, networks=("mastodon", "bluesky")):
    post = services.create_post(page, network_codes=list(networks), approve_now=True)
    post.publish_at = recent_slot()
    post.save()
    return post


def _age_retries(minutes: int = 30) -> None:
    """Let time pass for rows waiting on their backoff."""
    Publication.objects.filter(status=PublicationStatus.RETRYING).update(
        next_attempt_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_due_slots_are_published_and_recorded(social_accounts, social_fiche):
    post = _scheduled_post(social_fiche)
    report = services.enqueue_due()
    assert (report.created, report.enqueued) == (2, 2)
    pubs = {p.network: p for p in Publication.objects.all()}
    assert {p.status for p in pubs.values()} == {PublicationStatus.PUBLISHED}
    assert pubs["mastodon"].remote_id == "1001" and pubs["mastodon"].remote_url.endswith("/1001")
    assert pubs["bluesky"].remote_id.startswith(f"at://{DID}/app.bsky.feed.post/")
    assert all(p.slot_at == post.publish_at and p.published_at and p.attempts == 1 for p in pubs.values())

    (status_req,) = social_accounts.posts(STATUSES)
    assert status_req["headers"]["Authorization"] == "Bearer test-mastodon-token"
    assert status_req["headers"]["Idempotency-Key"] == pubs["mastodon"].idempotency_key
    assert status_req["body"]["status"] == post.variants.get(network="mastodon").text

    (create_req,) = social_accounts.posts(CREATE)
    record = create_req["body"]["record"]
    variant = post.variants.get(network="bluesky")
    assert create_req["body"]["collection"] == "app.bsky.feed.post" and TID_RE.match(create_req["body"]["rkey"])
    assert record["text"] == variant.text and record["createdAt"].endswith("Z")
    link = next(f for f in record["facets"] if f["features"][0]["$type"] == "app.bsky.richtext.facet#link")
    raw = variant.text.encode("utf-8")
    assert raw[link["index"]["byteStart"]:link["index"]["byteEnd"]].decode() == variant.link_display
    assert link["features"][0]["uri"] == variant.link_url


def test_running_again_never_posts_twice(social_accounts, social_fiche):
    _scheduled_post(social_fiche)
    services.enqueue_due()
    again = services.enqueue_due()
    call_command("social_run_due")
    tasks.publish_due_posts.enqueue()
    for pub in Publication.objects.all():
        tasks.publish_slot.enqueue(pub.pk)  # a duplicate task for the same slot
    assert again.enqueued == 0
    assert len(social_accounts.posts(STATUSES)) == 1 and len(social_accounts.statuses) == 1
    assert len(social_accounts.posts(CREATE)) == 1 and len(social_accounts.records) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        pub = Publication.objects.first()
        Publication.objects.create(post=pub.post, network=pub.network, slot_at=pub.slot_at, idempotency_key="x")


def test_lost_answer_from_mastodon_is_retried_with_the_same_idempotency_key(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon"])
    social_accounts.fail = ["drop"]  # server stores the status, the worker never hears back
    services.enqueue_due()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.RETRYING and pub.attempts == 1 and pub.error
    _age_retries()
    services.enqueue_due()  # the retry
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.attempts == 2
    first, second = social_accounts.posts(STATUSES)
    assert first["headers"]["Idempotency-Key"] == second["headers"]["Idempotency-Key"]
    assert len(social_accounts.statuses) == 1 and pub.remote_id == social_accounts.statuses[0]["id"]


def test_lost_answer_from_bluesky_is_confirmed_not_reposted(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["bluesky"])
    social_accounts.fail = ["drop"]  # the PDS stores the record, the worker never hears back
    services.enqueue_due()
    pub = Publication.objects.get()
    # The publisher asks getRecord for its own record key before giving up: the post is there.
    assert pub.status == PublicationStatus.PUBLISHED and pub.remote_id in social_accounts.records
    assert len(social_accounts.records) == 1 and len(social_accounts.posts(CREATE)) == 1
    assert any(r["path"] == "/xrpc/com.atproto.repo.getRecord" for r in social_accounts.requests)


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
def test_worker_that_died_mid_publication_is_taken_over_without_duplicate(social_accounts, social_fiche, network):
    _scheduled_post(social_fiche, networks=[network])
    services.enqueue_due()
    # The first worker got its post out but died before recording it: its claim is still there, expired.
    Publication.objects.update(status=PublicationStatus.PUBLISHING, remote_id="", published_at=None,
                               claimed_at=timezone.now() - dt.timedelta(hours=1))
    services.enqueue_due()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.PUBLISHED and pub.remote_id
    assert len(social_accounts.statuses) + len(social_accounts.records) == 1
    if network == "bluesky":  # the second createRecord hit the same record key and was refused
        first, second = social_accounts.posts(CREATE)
        assert first["body"]["rkey"] == second["body"]["rkey"]
    else:
        first, second = social_accounts.posts(STATUSES)
        assert first["headers"]["Idempotency-Key"] == second["headers"]["Idempotency-Key"]


def test_live_claim_of_another_worker_is_respected(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon"])
    services.enqueue_due()
    Publication.objects.update(status=PublicationStatus.PUBLISHING, claimed_at=timezone.now())
    pub = Publication.objects.get()
    assert services.run_publication(pub.pk) == ("busy", None)
    assert services.enqueue_due().enqueued == 0
    assert len(social_accounts.posts(STATUSES)) == 1


def test_retries_back_off_and_stop_after_max_attempts(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon"])
    social_accounts.fail = ["503", "503", "503", "503"]
    before = timezone.now()
    services.enqueue_due()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.RETRYING and pub.attempts == 1
    assert dt.timedelta(seconds=60) <= pub.next_attempt_at - before < dt.timedelta(seconds=90)
    assert services.enqueue_due().enqueued == 0  # not before its time
    _age_retries()
    services.enqueue_due()
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.RETRYING and pub.attempts == 2
    assert services.backoff(2) == dt.timedelta(seconds=120) and services.backoff(10) == dt.timedelta(hours=6)
    _age_retries()
    services.enqueue_due()
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.FAILED and pub.attempts == 3 and "503" in pub.error
    _age_retries()
    services.enqueue_due()
    assert len(social_accounts.posts(STATUSES)) == 3 and social_accounts.statuses == []


def test_a_transient_failure_then_success(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon"])
    social_accounts.fail = ["503"]
    services.enqueue_due()
    _age_retries()
    services.enqueue_due()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.PUBLISHED and pub.error == "" and len(social_accounts.statuses) == 1


def test_client_errors_are_not_retried(settings, social_accounts, social_fiche):
    settings.KENNISBANK_SOCIAL = {**settings.KENNISBANK_SOCIAL, "MASTODON_TOKEN": "wrong"}
    _scheduled_post(social_fiche, networks=["mastodon"])
    services.enqueue_due()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.FAILED and "401" in pub.error


def test_item_turned_internal_after_scheduling_never_goes_out(social_accounts, social_fiche):
    post = _scheduled_post(social_fiche)
    # The slot was planned (row queued) before the item changed; the change bypassed page signals.
    pub = Publication.objects.create(post=post, network="mastodon", slot_at=post.publish_at,
                                     idempotency_key=services.idempotency_key(post.pk, "mastodon", post.publish_at))
    ContentPage.objects.filter(pk=social_fiche.pk).update(visibility="internal")
    tasks.publish_slot.enqueue(pub.pk)
    pub.refresh_from_db()
    post.refresh_from_db()
    assert pub.status == PublicationStatus.SKIPPED and "intern" in pub.error
    assert post.status == PostStatus.PAUSED
    services.enqueue_due()
    assert social_accounts.calls() == []


def test_unconfigured_networks_are_left_to_the_exports(no_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon", "x"])
    assert services.enqueue_due().created == 0
    assert not Publication.objects.exists()


def test_missed_slots_older_than_the_grace_period_are_not_published(social_accounts, social_fiche):
    post = _scheduled_post(social_fiche, networks=["mastodon"])
    post.publish_at = recent_slot(minutes_ago=60 * 24)
    post.save()
    assert services.enqueue_due().created == 0


def test_tid_and_facets():
    slot = dt.datetime(2026, 3, 29, 7, 0, tzinfo=dt.UTC)
    assert TID_RE.match(tid_for("k", slot)) and tid_for("k", slot) == tid_for("k", slot) != tid_for("j", slot)
    text = "Één stap 🎉 zie zonnebeek.be/x en https://a.be/b. #Burgerzaken"
    facets = build_facets(text, link_url="https://zonnebeek.be/x?utm_source=bluesky", link_display="zonnebeek.be/x")
    raw = text.encode("utf-8")
    spans = [raw[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode() for f in facets]
    assert spans == ["zonnebeek.be/x", "https://a.be/b", "#Burgerzaken"]
    assert facets[2]["features"][0] == {"$type": "app.bsky.richtext.facet#tag", "tag": "Burgerzaken"}


def test_retry_is_reenqueued_with_run_after_on_a_deferring_backend(settings, social_accounts, social_fiche):
    from django_tasks_db.models import DBTaskResult

    post = _scheduled_post(social_fiche, networks=["mastodon"])
    pub = Publication.objects.create(post=post, network="mastodon", slot_at=post.publish_at,
                                     idempotency_key=services.idempotency_key(post.pk, "mastodon", post.publish_at))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "social"]}}
    social_accounts.fail = ["503"]
    assert tasks.publish_slot.call(pub.pk) == PublicationStatus.RETRYING  # what the worker runs
    pub.refresh_from_db()
    (queued,) = DBTaskResult.objects.filter(task_path="channels.social.tasks.publish_slot")
    assert queued.queue_name == "social" and queued.args_kwargs["args"] == [pub.pk]
    assert queued.run_after == pub.next_attempt_at
