"""Wagtail admin: creating posts (internal sources refused), editing variants within limits, the calendar."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from channels.social import services
from channels.social.models import PostStatus, RepublicationRule, SocialPost
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_kb_social_socialpost:add"
EDIT_URL = "wagtailsnippets_kb_social_socialpost:edit"


def _formsets(variants: list[dict] | None = None, initial: int = 0) -> dict:
    data = {"rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "0",
            "rules-MAX_NUM_FORMS": "1000",
            "variants-TOTAL_FORMS": str(len(variants or [])), "variants-INITIAL_FORMS": str(initial),
            "variants-MIN_NUM_FORMS": "0", "variants-MAX_NUM_FORMS": "1000"}
    for i, v in enumerate(variants or []):
        data.update({f"variants-{i}-{k}": val for k, val in v.items()})
    return data


def _form(source, status="approved", **extra) -> dict:
    return {"source": str(source.pk), "title": "", "campaign": "", "status": status, "publish_at": "",
            **_formsets(), **extra}


def test_admin_create_refuses_internal_source(admin_client, internal_fiche):
    response = admin_client.post(reverse(ADD_URL), _form(internal_fiche))
    assert response.status_code == 200  # form shown again with the error
    assert "intern of niet gepubliceerd" in response.content.decode()
    assert not SocialPost.objects.exists()


def test_admin_create_generates_variants_and_approves(admin_client, social_fiche):
    response = admin_client.post(reverse(ADD_URL), _form(social_fiche))
    assert response.status_code == 302, response.content.decode()[:3000]
    post = SocialPost.objects.get()
    assert post.status == PostStatus.APPROVED and post.approved_fingerprint
    assert post.variants.count() == 6


def _rule_form(times: str) -> dict:
    return {"rules-TOTAL_FORMS": "1", "rules-0-interval_weeks": "6", "rules-0-start_date": "2026-12-07",
            "rules-0-times": times, "rules-0-end_date": "", "rules-0-stop_when_review_due": "on",
            "rules-0-ORDER": "1", "rules-0-DELETE": "", "rules-0-id": ""}


def test_admin_rule_inline_validates_times(admin_client, social_fiche):
    response = admin_client.post(reverse(ADD_URL), _form(social_fiche, **_rule_form("09:02")))
    assert response.status_code == 200 and "stappen van 5" in response.content.decode()
    response = admin_client.post(reverse(ADD_URL), _form(social_fiche, **_rule_form("09:00, 17:30")))
    assert response.status_code == 302
    rule = RepublicationRule.objects.get()
    assert rule.interval_weeks == 6 and rule.time_list() == [dt.time(9), dt.time(17, 30)]


def test_admin_edit_rejects_overlong_variant(admin_client, social_fiche):
    post = services.create_post(social_fiche, network_codes=["x"], approve_now=True)
    variant = post.variants.get()
    data = _form(social_fiche, **_formsets([{"id": str(variant.pk), "network": "x", "enabled": "on",
                                             "text": "woord " * 60, "link_url": variant.link_url,
                                             "link_display": "", "ORDER": "1", "DELETE": ""}], initial=1))
    response = admin_client.post(reverse(EDIT_URL, args=[post.pk]), data)
    assert response.status_code == 200
    assert "maximum 280" in response.content.decode()
    variant.refresh_from_db()
    assert variant.text != "woord " * 60


def test_calendar_needs_the_social_permission(client, social_fiche):
    post = services.create_post(social_fiche, network_codes=["mastodon", "bluesky"], approve_now=True)
    today = timezone.localdate()
    RepublicationRule.objects.create(post=post, interval_weeks=1, start_date=today.replace(day=1), times="09:00")
    url = reverse("kb_social_calendar")
    client.force_login(make_user("redacteur", perms=["wagtailadmin.access_admin"], staff=True))
    denied = client.get(url)
    assert denied.status_code in (302, 403) and "Kalender sociale media" not in denied.content.decode()
    client.force_login(make_user("socialteam", perms=["wagtailadmin.access_admin", "kb_social.manage_social"],
                                 staff=True))
    response = client.get(url, {"month": today.strftime("%Y-%m")})
    assert response.status_code == 200
    body = response.content.decode()
    edit = reverse(EDIT_URL, args=[post.pk])
    # One entry per post and moment, clickable, with its networks together (not one line per network).
    pattern = rf'<li data-post="{post.pk}">09:00 · <a href="{re.escape(edit)}">[^<]+</a><br>(.*?)</li>'
    entries = re.findall(pattern, body, flags=re.S)
    assert entries, body[:3000]
    assert all('data-network="mastodon"' in e and 'data-network="bluesky"' in e for e in entries)
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    only = client.get(url, {"month": next_month, "network": "bluesky"}).content.decode()
    assert 'data-network="bluesky"' in only and 'class="kb-net" data-network="mastodon"' not in only
    assert client.get(url, {"month": "garbage"}).status_code == 200


def test_calendar_week_view_shows_seven_days_of_one_week(admin_client, social_fiche):
    post = services.create_post(social_fiche, network_codes=["mastodon"], approve_now=True)
    monday = dt.date(2027, 3, 1)
    RepublicationRule.objects.create(post=post, interval_weeks=1, start_date=monday - dt.timedelta(days=14),
                                     times="09:00")
    response = admin_client.get(reverse("kb_social_calendar"), {"view": "week", "week": "2027-W09"})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-view="week"' in body
    start = body.index('class="kb-social-cal"')
    table = body[start:body.index("</table>", start)]
    assert table.count("<td") == 7 and "Week van 1 maart 2027" in body
    assert body.count(f'data-post="{post.pk}"') == 1, "a weekly post appears once in its week"
    assert "2027-W08" in body and "2027-W10" in body
    assert admin_client.get(reverse("kb_social_calendar"), {"view": "week", "week": "nonsense"}).status_code == 200


def test_calendar_says_where_kennisbank_posts_itself(admin_client, social_accounts, social_fiche):
    body = admin_client.get(reverse("kb_social_calendar")).content.decode()
    assert 'data-network="mastodon" data-direct="yes"' in body and 'data-network="bluesky" data-direct="yes"' in body
    assert 'data-network="instagram" data-direct="no"' in body and "niet ingesteld, via export" in body


def test_export_links_are_made_shown_once_and_revoked(admin_client, social_fiche):
    from channels.social.models import ExportToken

    url = reverse("kb_social_exports")
    made = admin_client.post(url, {"action": "create", "label": "Team communicatie"})
    body = made.content.decode()
    assert made.status_code == 200 and "Uw nieuwe links" in body
    links = re.findall(r"<code>(http://testserver/social/[^<]+)</code>", body)
    assert len(links) == 1 + 4 * 6 and all("?token=" in link for link in links)
    raw = links[0].split("?token=")[1]
    assert admin_client.get(links[0].replace("http://testserver", "")).status_code == 200
    again = admin_client.get(url).content.decode()
    assert raw not in again and "Team communicatie" in again, "the token is shown only once"
    token = ExportToken.objects.get()
    admin_client.post(url, {"action": "revoke", "token": token.pk})
    assert admin_client.get(f"/social/calendar.ics?token={raw}").status_code == 403


def test_snippet_listings_load(admin_client, social_fiche):
    services.create_post(social_fiche, approve_now=True)
    assert admin_client.get(reverse("wagtailsnippets_kb_social_socialpost:list")).status_code == 200
    assert admin_client.get(reverse("wagtailsnippets_kb_social_publication:list")).status_code == 200
    add = admin_client.get(reverse("wagtailsnippets_kb_social_publication:add"))
    assert add.status_code in (302, 403)  # written by the worker only


def test_publications_can_be_inspected_not_edited(admin_client, social_accounts, social_fiche):
    from channels.social.models import Publication

    post = services.create_post(social_fiche, network_codes=["mastodon"], approve_now=True)
    post.publish_at = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
    post.save()
    services.enqueue_due()
    pub = Publication.objects.get()
    inspect = admin_client.get(reverse("wagtailsnippets_kb_social_publication:inspect", args=[pub.pk]))
    assert inspect.status_code == 200 and pub.remote_id in inspect.content.decode()
    edit = admin_client.post(reverse("wagtailsnippets_kb_social_publication:edit", args=[pub.pk]), {"error": "x"})
    assert edit.status_code in (302, 403)
    pub.refresh_from_db()
    assert pub.error == ""


def test_make_a_post_from_a_fiche(client, social_fiche, internal_fiche):
    url = reverse("kb_social_from_page", args=[social_fiche.pk])
    admin = make_user("beheerder", staff=True, superuser=True)
    client.force_login(admin)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[social_fiche.pk])).content.decode()
    assert url in edit_page and "Maak sociale-mediabericht" in edit_page
    assert reverse("kb_social_from_page", args=[internal_fiche.pk]) not in client.get(
        reverse("wagtailadmin_pages:edit", args=[internal_fiche.pk])).content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200 and social_fiche.short_answer in confirm.content.decode()
    created = client.post(url)
    post = SocialPost.objects.get(source=social_fiche)
    assert created.status_code == 302 and created["Location"] == reverse(EDIT_URL, args=[post.pk])
    assert post.variants.count() == 6 and post.status == PostStatus.DRAFT
    refused = client.post(reverse("kb_social_from_page", args=[internal_fiche.pk]))
    assert refused.status_code == 302 and not SocialPost.objects.filter(source=internal_fiche).exists()
    client.force_login(make_user("redacteur", perms=["wagtailadmin.access_admin"], staff=True))
    assert client.post(url).status_code in (302, 403) and SocialPost.objects.count() == 1
