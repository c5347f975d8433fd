"""Webcare: ready replies from a public item, per network within its reply length, in the u form, with the link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from channels.social import networks, webcare
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


def test_replies_fit_each_network_and_carry_the_answer_and_link(social_fiche):
    replies = {r.key: r for r in webcare.replies(social_fiche)}
    assert set(replies) == {key for key, *_ in webcare.CHANNELS}
    for reply in replies.values():
        assert networks.get(reply.network).count(reply.text) == reply.count <= reply.limit
        assert reply.text.startswith("Dag!") and "Groeten, " in reply.text
    import re

    assert "binnen 8 werkdagen" in replies["facebook"].text
    assert re.search(r"\b(u|uw)\b", replies["facebook"].text) and not re.search(r"\b(je|jij|jouw)\b",
                                                                               replies["facebook"].text)
    assert "utm_source=facebook" in replies["facebook"].text and "utm_campaign=webcare" in replies["facebook"].text
    assert "http" not in replies["instagram_comment"].text, "Instagram comments hold no clickable link"
    assert "http" in replies["instagram_dm"].text


def test_a_long_answer_is_cut_for_short_networks(site_structure):
    long = make_item("fiche", title="Hoe vraag ik een omgevingsvergunning aan?",
                     short_answer="U vraagt een omgevingsvergunning online aan via het Omgevingsloket. " * 4)
    replies = {r.key: r for r in webcare.replies(long)}
    full = long.short_answer.strip()
    for key in ("x", "bluesky", "mastodon"):
        assert replies[key].count <= replies[key].limit - webcare.MENTION_ROOM, "room for the @name"
    for key in ("x", "bluesky"):
        assert full not in replies[key].text, "cut at a word or sentence boundary"
        assert replies[key].text.startswith("Dag! U vraagt een omgevingsvergunning online aan")
    assert full in replies["facebook"].text


def test_webcare_screen_finds_public_items_only(client, social_fiche, internal_fiche):
    client.force_login(make_user("socialteam", perms=["wagtailadmin.access_admin", "kb_social.manage_social"],
                                 staff=True))
    found = client.get(reverse("kb_social_webcare"), {"q": "verhuisd"}).content.decode()
    assert reverse("kb_social_webcare_item", args=[social_fiche.pk]) in found
    assert client.get(reverse("kb_social_webcare_item", args=[internal_fiche.pk])).status_code == 404
    hidden = client.get(reverse("kb_social_webcare"), {"q": internal_fiche.title[:8]}).content.decode()
    assert reverse("kb_social_webcare_item", args=[internal_fiche.pk]) not in hidden
    page = client.get(reverse("kb_social_webcare_item", args=[social_fiche.pk])).content.decode()
    assert page.count('data-reply="') == len(webcare.CHANNELS) and "Kopieer" in page


def test_webcare_needs_the_social_permission(client, social_fiche):
    client.force_login(make_user("redacteur", perms=["wagtailadmin.access_admin"], staff=True))
    assert client.get(reverse("kb_social_webcare_item", args=[social_fiche.pk])).status_code in (302, 403)


def test_a_webcare_answer_is_logged_as_a_contact(client, social_fiche):
    from channels.phone.models import Contact

    client.force_login(make_user("socialteam", perms=["wagtailadmin.access_admin", "kb_social.manage_social"],
                                 staff=True))
    page = client.get(reverse("kb_social_webcare_item", args=[social_fiche.pk])).content.decode()
    assert "Registreer als contact" in page
    response = client.post(reverse("kb_social_webcare_log", args=[social_fiche.pk]),
                           {"note": "vraag onder bericht over verhuis, @jan123 0470 12 34 56"})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.channel == "social" and contact.outcome == "answered"
    assert [p.pk for p in contact.items.all()] == [social_fiche.pk] and "0470" not in contact.note
    assert "@jan123" not in contact.note and "[account]" in contact.note
