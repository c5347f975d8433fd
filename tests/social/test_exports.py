"""Exports: RSS/Atom per network, Hootsuite and SocialBee CSV, ICS, each behind an export token; internal and draft
content never appear."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from channels.social import services
from channels.social.models import PostStatus, PostVariant, RepublicationRule, SocialPost
from channels.social.schedule import TZ
from kennisbank.identity import identity
from kennisbank.models import ContentPage

from .conftest import recent_slot

pytestmark = pytest.mark.django_db

@pytest.fixture
def client(db):
    """Django's test client with a live export token on every GET (the exports refuse requests without one)."""
    from django.test import Client

    from channels.social import tokens

    _token, raw = tokens.create("Test")

    class TokenClient(Client):
        def get(self, path, data=None, **extra):
            return super().get(path, {**(data or {}), "token": raw}, **extra)

    return TokenClient()


SECRETS = ("GEHEIM-INTERN", "ONTWERP-TEKST", "Interne procedure", "Ontwerp nieuwe fiche")


def _weekly_post(page, *, start_days_ago: int = 14, times: str = "09:00"):
    post = services.create_post(page, network_codes=["mastodon", "x", "instagram", "bluesky"], approve_now=True)
    RepublicationRule.objects.create(post=post, interval_weeks=1, times=times,
                                     start_date=timezone.localdate() - dt.timedelta(days=start_days_ago))
    return post


def _smuggled_posts(internal_fiche, draft_fiche):
    """Approved posts on an internal and a draft item, written around the services (as bad data would be)."""
    for page in (internal_fiche, draft_fiche):
        post = SocialPost.objects.create(source=page, status=PostStatus.APPROVED, approved_fingerprint="x" * 64,
                                         publish_at=recent_slot())
        for code in ("mastodon", "x", "instagram", "bluesky"):
            PostVariant.objects.create(post=post, network=code, text=page.short_answer,
                                       link_url="https://example.org/geheim")
        RepublicationRule.objects.create(post=post, interval_weeks=1, start_date=timezone.localdate()
                                         - dt.timedelta(days=14), times="09:00, 12:00")


def _all_outputs(client) -> str:
    out = []
    for code in ("mastodon", "x", "instagram", "bluesky"):
        for url in (f"/social/feeds/{code}.rss", f"/social/feeds/{code}.atom",
                    f"/social/export/{code}/hootsuite.csv", f"/social/export/{code}/socialbee.csv"):
            response = client.get(url)
            assert response.status_code == 200, url
            out.append(response.content.decode())
    response = client.get("/social/calendar.ics")
    assert response.status_code == 200
    out.append(response.content.decode())
    return "\n".join(out)


def test_internal_and_draft_items_never_appear(client, social_fiche, internal_fiche, draft_fiche):
    _weekly_post(social_fiche)
    _smuggled_posts(internal_fiche, draft_fiche)
    body = _all_outputs(client)
    assert social_fiche.short_answer[:30] in body  # the public post is there ...
    for secret in SECRETS:  # ... the others never are
        assert secret not in body
    assert "example.org/geheim" not in body


def test_item_turned_internal_disappears_from_every_export(client, social_fiche):
    _weekly_post(social_fiche)
    assert social_fiche.short_answer[:30] in _all_outputs(client)
    ContentPage.objects.filter(pk=social_fiche.pk).update(visibility="internal")  # even without page signals
    assert social_fiche.short_answer[:30] not in _all_outputs(client)


def test_rss_has_a_new_item_for_every_republication(client, social_fiche):
    _weekly_post(social_fiche, start_days_ago=14, times="00:00")  # today's slot has always passed
    root = ET.fromstring(client.get("/social/feeds/mastodon.rss").content)  # noqa: S314 (our own output)
    items = root.findall("./channel/item")
    assert len(items) == 3  # 14 and 7 days ago and today
    guids = [i.findtext("guid") for i in items]
    assert len(set(guids)) == len(guids) and all(g.startswith("urn:kennisbank:social:") for g in guids)
    pub_dates = [i.findtext("pubDate") for i in items]
    assert len(set(pub_dates)) == len(pub_dates)
    assert all(i.find("guid").get("isPermaLink") == "false" for i in items)
    assert "utm_source=mastodon" in items[0].findtext("link")


def test_atom_feed_entries_have_unique_ids(client, social_fiche):
    _weekly_post(social_fiche, start_days_ago=14, times="00:00")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(client.get("/social/feeds/bluesky.atom").content)  # noqa: S314
    ids = [e.findtext("a:id", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert client.get("/social/feeds/myspace.rss").status_code == 404


def test_hootsuite_csv_format(client, social_fiche):
    post = _weekly_post(social_fiche, start_days_ago=0, times="09:00, 17:30")
    rows = list(csv.reader(io.StringIO(client.get("/social/export/x/hootsuite.csv").content.decode())))
    assert rows and all(len(r) == 3 for r in rows)
    assert rows[0][0] != "date"  # no header row
    now = timezone.now()
    for date_text, message, link in rows:
        when = dt.datetime.strptime(date_text, "%d/%m/%Y %H:%M").replace(tzinfo=TZ)
        assert when >= now + dt.timedelta(minutes=15)
        assert when.strftime("%H:%M") in {"09:00", "17:30"}
        assert "utm_source=x" in link and link not in message
    assert len(rows) <= 350
    variant = post.variants.get(network="x")
    assert rows[0][1].startswith(variant.text.split("\n\n")[0])


def test_hootsuite_csv_is_capped_at_350_rows(client, social_fiche):
    post = services.create_post(social_fiche, network_codes=["x"], approve_now=True)
    for hour in range(8, 20):
        RepublicationRule.objects.create(post=post, interval_weeks=1, start_date=timezone.localdate(),
                                         times=f"{hour:02d}:00, {hour:02d}:30")
    for offset in range(1, 7):
        RepublicationRule.objects.create(post=post, interval_weeks=1, times="09:00, 12:00, 15:00, 18:00",
                                         start_date=timezone.localdate() + dt.timedelta(days=offset))
    rows = list(csv.reader(io.StringIO(client.get("/social/export/x/hootsuite.csv").content.decode())))
    assert len(rows) == 350


def test_socialbee_csv_has_socialbees_columns_and_future_rows(client, social_fiche):
    _weekly_post(social_fiche, start_days_ago=0)
    rows = list(csv.DictReader(io.StringIO(client.get("/social/export/x/socialbee.csv").content.decode())))
    assert rows and list(rows[0]) == ["text", "link", "imageUrls", "gifUrls", "videoUrls", "postAtSpecificTime"]
    for row in rows:
        assert dt.datetime.strptime(row["postAtSpecificTime"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=TZ) >= \
            timezone.now() - dt.timedelta(minutes=1)
        assert row["link"].startswith("http") and row["link"] not in row["text"]  # the link has its own column
        assert row["imageUrls"] == "", "a link fills SocialBee's preview; media columns stay empty"


def test_ics_calendar_is_rfc5545(client, social_fiche):
    _weekly_post(social_fiche, start_days_ago=14)
    response = client.get("/social/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content.decode()
    assert raw.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and raw.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    unfolded = raw.replace("\r\n ", "")
    uids = [line for line in unfolded.split("\r\n") if line.startswith("UID:")]
    starts = [line for line in unfolded.split("\r\n") if line.startswith("DTSTART:")]
    assert len(uids) == len(set(uids)) == len(starts) > 4
    assert all(s.endswith("Z") for s in starts)
    assert "SUMMARY:[Mastodon] " in unfolded and "\\n\\n" in unfolded  # escaped newlines


# --- export tokens ------------------------------------------------------------------------------------------------
EXPORT_URLS = ["/social/feeds/mastodon.rss", "/social/feeds/mastodon.atom", "/social/export/x/hootsuite.csv",
               "/social/export/x/socialbee.csv", "/social/calendar.ics"]


def test_exports_need_a_live_token(social_fiche):
    from django.test import Client

    from channels.social import tokens

    _weekly_post(social_fiche)
    anonymous = Client()
    for url in EXPORT_URLS:
        refused = anonymous.get(url)
        assert refused.status_code == 403 and "exportsleutel" in refused.content.decode(), url
        assert anonymous.get(url, {"token": "geraden"}).status_code == 403
    token, raw = tokens.create("Team communicatie")
    for url in EXPORT_URLS:
        response = anonymous.get(url, {"token": raw})
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store"
    token.refresh_from_db()
    assert token.last_used_at is not None and raw not in token.token_hash
    tokens.revoke(token)
    assert all(anonymous.get(url, {"token": raw}).status_code == 403 for url in EXPORT_URLS)


def test_the_old_buffer_url_moves_to_socialbee_with_its_token(client):
    response = client.get("/social/export/x/buffer.csv")
    assert response.status_code == 301
    assert response["Location"].startswith("/social/export/x/socialbee.csv?token=")


def test_atom_entries_carry_an_author(client, social_fiche):
    post = services.create_post(social_fiche, network_codes=["mastodon"], approve_now=True)
    post.publish_at = recent_slot()
    post.save()
    import feedparser

    parsed = feedparser.parse(client.get("/social/feeds/mastodon.atom").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.entries
    assert parsed.feed.author == identity().name
    assert all(entry.author == identity().name for entry in parsed.entries)
