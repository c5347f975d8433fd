"""The selector module decides visibility for every channel: test every state."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from kennisbank import selectors, services
from kennisbank.selectors import Scope
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


def _ids(qs):
    return set(qs.values_list("external_id", flat=True))


def test_public_scope_sees_only_live_public_items(public_fiche, internal_fiche, draft_fiche, public_product):
    assert _ids(selectors.items(Scope.PUBLIC)) == {public_fiche.external_id, public_product.external_id}


def test_operator_scope_adds_internal_but_never_drafts(public_fiche, internal_fiche, draft_fiche):
    assert _ids(selectors.items(Scope.OPERATOR)) == {public_fiche.external_id, internal_fiche.external_id}


def test_editor_scope_sees_drafts_too(public_fiche, internal_fiche, draft_fiche):
    assert draft_fiche.external_id in _ids(selectors.items(Scope.EDITOR))


def test_item_type_narrows(public_fiche, public_product):
    assert _ids(selectors.products(Scope.PUBLIC)) == {public_product.external_id}
    assert _ids(selectors.fiches(Scope.PUBLIC)) == {public_fiche.external_id}


def test_unpublished_item_disappears_from_public_and_operator(public_fiche):
    services.unpublish(public_fiche)
    assert selectors.get_item(public_fiche.external_id, Scope.PUBLIC) is None
    assert selectors.get_item(public_fiche.external_id, Scope.OPERATOR) is None


def test_item_turned_internal_leaves_public_scope(public_fiche):
    public_fiche.visibility = "internal"
    services.publish(public_fiche)
    assert selectors.get_item(public_fiche.external_id, Scope.PUBLIC) is None
    assert selectors.get_item(public_fiche.external_id, Scope.OPERATOR) is not None


def test_unpublished_draft_changes_of_a_live_item_are_not_visible(public_fiche):
    public_fiche.short_answer = "Nieuwe tekst in ontwerp"
    services.save_draft(public_fiche)
    item = selectors.get_item(public_fiche.external_id, Scope.PUBLIC)
    assert item.short_answer == "Laat uw kaart meteen blokkeren via DOC STOP."


def test_draft_visibility_change_to_public_does_not_leak_internal_item(internal_fiche):
    internal_fiche.visibility = "public"
    services.save_draft(internal_fiche)  # not published yet: the live row stays internal
    assert selectors.get_item(internal_fiche.external_id, Scope.PUBLIC) is None


def test_scope_for_user():
    anonymous = AnonymousUser()
    assert selectors.scope_for_user(anonymous) == Scope.PUBLIC
    assert selectors.scope_for_user(None) == Scope.PUBLIC
    plain = make_user("plain")
    assert selectors.scope_for_user(plain) == Scope.PUBLIC
    operator = make_user("op", perms=["kennisbank.view_internal"])
    assert selectors.scope_for_user(operator) == Scope.OPERATOR
    operator.is_active = False
    assert selectors.scope_for_user(operator) == Scope.PUBLIC


def test_visible_related_filters_internal_and_draft(site_structure):
    target_public = make_item("fiche", title="Publiek verwant")
    target_internal = make_item("fiche", title="Intern verwant", visibility="internal")
    target_draft = make_item("fiche", title="Ontwerp verwant", live=False)
    page = make_item("product", title="Product met verwanten")
    for target in (target_internal, target_public, target_draft):
        page.related_links.create(target=target)
    assert [p.title for p in selectors.visible_related(page, Scope.PUBLIC)] == ["Publiek verwant"]
    assert [p.title for p in selectors.visible_related(page, Scope.OPERATOR)] == ["Intern verwant", "Publiek verwant"]


def test_themes_in_use_ignore_internal_only_themes(site_structure):
    make_item("fiche", title="Alleen intern", visibility="internal", themes=["Intern thema"])
    make_item("fiche", title="Publiek", themes=["Publiek thema"])
    assert [t.name for t in selectors.themes_in_use(Scope.PUBLIC)] == ["Publiek thema"]
    assert {t.name for t in selectors.themes_in_use(Scope.OPERATOR)} == {"Intern thema", "Publiek thema"}


def test_website_returns_404_for_internal_and_draft_pages_even_by_url(public_fiche, internal_fiche, draft_fiche):
    client = Client()
    assert client.get(public_fiche.url).status_code == 200
    assert client.get(internal_fiche.url).status_code == 404
    draft_url = draft_fiche.get_url()  # None: not live
    assert draft_url is None or client.get(draft_url).status_code == 404
    assert client.get("/vragen/" + draft_fiche.slug + "/").status_code == 404


def test_operator_may_open_internal_page_on_site(internal_fiche, operator_user):
    client = Client()
    client.force_login(operator_user)
    assert client.get(internal_fiche.url).status_code == 200


@pytest.mark.parametrize("scope", [Scope.PUBLIC, Scope.OPERATOR, Scope.EDITOR])
def test_visible_external_ids_answers_exactly_as_the_scope_queryset(site_structure, scope):
    from wagtail.models import PageViewRestriction

    public = make_item("fiche", title="Publiek", external_id="publiek")
    make_item("fiche", title="Intern", external_id="intern", visibility="internal")
    make_item("fiche", title="Ontwerp", external_id="ontwerp", live=False)
    offline = make_item("product", title="Offline", external_id="offline")
    services.unpublish(offline)
    hidden = make_item("product", title="Achter login", external_id="achter-login")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    ids = ["publiek", "intern", "ontwerp", "offline", "achter-login", "bestaat-niet"]
    expected = set(selectors.items(scope).filter(external_id__in=ids).values_list("external_id", flat=True))
    assert selectors.visible_external_ids(ids, scope) == expected
    assert selectors.visible_external_ids([], scope) == set()
    if scope == Scope.PUBLIC:
        assert expected == {public.external_id}  # internal, draft, offline and restricted are all left out
