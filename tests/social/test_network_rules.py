"""The networks' own rules, against the local Mastodon/XRPC server: Bluesky sessions and link cards, Mastodon's
instance limits, rate limits and its one-hour idempotency window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from channels.social import networks, services
from channels.social.models import Publication, PublicationStatus

from .test_publishing import CREATE, STATUSES, _scheduled_post

pytestmark = pytest.mark.django_db
CREATE_SESSION = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"


def _publish_again(page, minutes_ago: int = 20):
    post = _scheduled_post(page, networks=["bluesky"])
    post.publish_at = post.publish_at - dt.timedelta(minutes=minutes_ago)
    post.save()
    return services.enqueue_due()


def test_one_bluesky_session_serves_many_posts(social_accounts, social_fiche, site_structure):
    from tests.factories import make_item

    _scheduled_post(social_fiche, networks=["bluesky"])
    services.enqueue_due()
    other = make_item("fiche", title="Wanneer is het recyclagepark open?", short_answer="Dinsdag tot zaterdag.")
    _publish_again(other)
    assert len(social_accounts.posts(CREATE)) == 2
    assert len(social_accounts.posts(CREATE_SESSION)) == 1, "createSession is rate-limited: reuse the session"
    assert {p.status for p in Publication.objects.all()} == {PublicationStatus.PUBLISHED}


def test_an_expired_access_token_is_refreshed_not_recreated(social_accounts, social_fiche, site_structure):
    from tests.factories import make_item

    _scheduled_post(social_fiche, networks=["bluesky"])
    services.enqueue_due()
    social_accounts.fail = ["expire"]  # the next createRecord finds the access token expired
    _publish_again(make_item("fiche", title="Hoe vraag ik een parkeerkaart aan?", short_answer="Online."))
    assert len(social_accounts.posts(REFRESH)) == 1
    assert len(social_accounts.posts(CREATE_SESSION)) == 1
    assert {p.status for p in Publication.objects.all()} == {PublicationStatus.PUBLISHED}
    last = social_accounts.posts(CREATE)[-1]
    assert last["headers"]["Authorization"] == "Bearer jwt-refresh-1-a"


def test_a_refused_refresh_token_means_a_new_session(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["bluesky"])
    social_accounts.valid_refresh.clear()
    services.enqueue_due()  # first session
    social_accounts.valid_refresh.clear()
    social_accounts.fail = ["expire"]
    from tests.factories import make_item

    _publish_again(make_item("fiche", title="Waar laat ik mijn grofvuil?", short_answer="Op het recyclagepark."))
    assert len(social_accounts.posts(REFRESH)) == 1 and len(social_accounts.posts(CREATE_SESSION)) == 2
    assert {p.status for p in Publication.objects.all()} == {PublicationStatus.PUBLISHED}


def test_a_bluesky_post_with_a_link_carries_a_link_card(social_accounts, social_fiche):
    post = _scheduled_post(social_fiche, networks=["bluesky"])
    services.enqueue_due()
    (create,) = social_accounts.posts(CREATE)
    embed = create["body"]["record"]["embed"]
    variant = post.variants.get(network="bluesky")
    # app.bsky.embed.external#external: uri, title and description are required strings.
    assert embed["$type"] == "app.bsky.embed.external"
    assert embed["external"] == {"uri": variant.link_url, "title": social_fiche.title,
                                 "description": social_fiche.short_answer}


def test_the_mastodon_limit_comes_from_the_instance(social_accounts):
    social_accounts.max_characters = 1000
    text = "Nieuws uit de gemeente. " * 30  # 720 characters
    assert networks.limit_of("mastodon") == 1000
    assert networks.check_text("mastodon", text) == []
    assert networks.check_text("bluesky", text) != []
    social_accounts.max_characters = 400
    assert networks.limit_of("mastodon") == 1000, "cached for a day"


def test_without_an_account_the_default_mastodon_limit_applies(no_accounts):
    assert networks.limit_of("mastodon") == 500
    assert networks.check_text("mastodon", "x" * 501) != []


def test_a_rate_limited_post_waits_for_the_reset(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon"])
    social_accounts.fail = ["429"]
    services.enqueue_due()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.RETRYING
    assert pub.next_attempt_at - timezone.now() > dt.timedelta(minutes=29), "not the 60 s backoff: the reset time"


def test_mastodon_retries_stop_before_the_idempotency_window_closes(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon"])
    social_accounts.fail = ["503"]
    services.enqueue_due()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.RETRYING and pub.first_attempt_at is not None
    # 45 minutes later the retry fails again: a next try would fall after the one-hour window.
    Publication.objects.filter(pk=pub.pk).update(first_attempt_at=timezone.now() - dt.timedelta(minutes=45),
                                                 next_attempt_at=timezone.now() - dt.timedelta(minutes=1))
    social_accounts.fail = ["429"]
    services.enqueue_due()
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.FAILED and "na een uur" in pub.error
    assert pub.next_attempt_at is None


def test_a_stale_mastodon_slot_is_not_posted_after_the_window(social_accounts, social_fiche):
    _scheduled_post(social_fiche, networks=["mastodon"])
    social_accounts.fail = ["drop"]  # accepted, but we never heard back
    services.enqueue_due()
    pub = Publication.objects.get()
    Publication.objects.filter(pk=pub.pk).update(
        status=PublicationStatus.RETRYING, first_attempt_at=timezone.now() - dt.timedelta(minutes=55),
        next_attempt_at=timezone.now() - dt.timedelta(minutes=1))
    services.enqueue_due()
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.FAILED and "na een uur" in pub.error
    assert len(social_accounts.posts(STATUSES)) == 1, "no second POST that Mastodon could no longer recognise"
