"""Editors' daily friction (issue 17), through Wagtail's real edit views and Django's test client."""

from __future__ import annotations

from django.test import Client

from kennisbank.models import FichePage
from tests.factories import make_item, make_team, make_user


def _admin_client() -> Client:
    client = Client()
    client.force_login(make_user("hoofdredacteur", staff=True, superuser=True))
    return client


def _form(title: str, **extra: str) -> dict[str, str]:
    return {
        "title": title, "slug": "", "short_answer": "Een kort antwoord.",
        "body-count": "1", "body-0-type": "section", "body-0-deleted": "", "body-0-order": "0", "body-0-id": "",
        "body-0-value-kind": "other", "body-0-value-heading": "Uitleg",
        "body-0-value-text": "Eerste regel.\r\nTweede regel.\r\n\r\n- een punt\r\n- nog een punt",
        "visibility": "public", "keywords": "grofvuil\r\nophaling",
        "related_links-TOTAL_FORMS": "0", "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0", "related_links-MAX_NUM_FORMS": "1000", **extra,
    }


def test_text_saved_from_a_browser_is_stored_with_unix_line_ends(site_structure):
    client = _admin_client()
    data = _form("Mag ik grofvuil buiten zetten?", slug="grofvuil-buiten")
    response = client.post(f"/admin/pages/add/kennisbank/fichepage/{site_structure.fiches.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = FichePage.objects.get(slug="grofvuil-buiten")
    latest = page.get_latest_revision_as_object()
    assert latest.keywords == "grofvuil\nophaling"
    assert latest.body[0].value["text"] == "Eerste regel.\nTweede regel.\n\n- een punt\n- nog een punt"
    assert "\r" not in str(page.get_latest_revision().content)


def test_saving_unchanged_browser_text_makes_no_visible_change_in_revision_compare(site_structure):
    client = _admin_client()
    parent = site_structure.fiches.pk
    client.post(f"/admin/pages/add/kennisbank/fichepage/{parent}/", _form("Vraag", slug="vraag"))
    page = FichePage.objects.get(slug="vraag")
    client.post(f"/admin/pages/{page.pk}/edit/", _form("Vraag", slug="vraag", **{"body-0-id": page.body[0].id}))
    first, second = page.revisions.order_by("pk")[:2]
    compare = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "deletion" not in html and "addition" not in html, "nothing changed, nothing is marked"


def test_publishing_needs_an_owner_and_a_review_interval(site_structure):
    client = _admin_client()
    parent = site_structure.fiches.pk
    refused = client.post(f"/admin/pages/add/kennisbank/fichepage/{parent}/",
                          _form("Weesfiche", slug="weesfiche", **{"action-publish": "action-publish"}))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Kies het team dat deze inhoud juist houdt" in html and "Kies na hoeveel maanden" in html
    assert not FichePage.objects.filter(slug="weesfiche").exists()
    draft = client.post(f"/admin/pages/add/kennisbank/fichepage/{parent}/", _form("Weesfiche", slug="weesfiche"))
    assert draft.status_code == 302, "a draft may still be saved without them"
    team = make_team("Dienst Afval")
    published = client.post(f"/admin/pages/add/kennisbank/fichepage/{parent}/", _form(
        "Met eigenaar", slug="met-eigenaar", owner_team=str(team.pk), review_interval_months="12",
        **{"action-publish": "action-publish"}))
    assert published.status_code == 302
    page = FichePage.objects.get(slug="met-eigenaar")
    assert page.live and page.next_review_date is not None


def test_a_new_page_proposes_a_review_interval(site_structure):
    html = _admin_client().get(f"/admin/pages/add/kennisbank/fichepage/{site_structure.fiches.pk}/").content.decode()
    assert 'name="review_interval_months" value="12"' in html


def test_internal_items_say_so_in_the_admin(site_structure):
    client = _admin_client()
    internal = make_item("fiche", title="Kassaprocedure snelbalie", visibility="internal")
    public = make_item("fiche", title="Openingsuren", visibility="public")
    edit = client.get(f"/admin/pages/{internal.pk}/edit/").content.decode()
    assert "Intern: alleen voor medewerkers" in edit and "Zichtbaar voor iedereen" not in edit
    assert "Zichtbaar voor iedereen" in client.get(f"/admin/pages/{public.pk}/edit/").content.decode()
    listing = client.get(f"/admin/pages/{site_structure.fiches.pk}/").content.decode()
    assert "intern · live" in listing
    assert internal.status_string == "intern · live" and public.status_string == "live"


def test_the_live_link_of_an_internal_item_works_for_its_editors(site_structure):
    internal = make_item("fiche", title="Kassaprocedure snelbalie", visibility="internal")
    assert Client().get(internal.url).status_code == 404
    editor = make_user("redacteur-zonder-intern", staff=True, perms=["wagtailadmin.access_admin"])
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name="Fiche-redactie")
    from django.contrib.auth.models import Permission

    GroupPagePermission.objects.get_or_create(group=group, page=Page.objects.get(pk=site_structure.fiches.pk),
                                              permission=Permission.objects.get(codename="change_page"))
    editor.groups.add(group)
    assert not editor.has_perm("kennisbank.view_internal")
    client = Client()
    client.force_login(editor)
    response = client.get(internal.url)
    assert response.status_code == 200
    assert "Interne fiche" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
