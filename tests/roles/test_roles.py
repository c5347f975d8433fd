"""Roles and permissions: what editors, moderators, operators, the social team and anonymous users can and cannot do.

Groups come from the migrations (Wagtail's Editors/Moderators, our Operators/Socialemediateam) and
``kennisbank.roles.ensure_roles``.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from kennisbank import roles
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


def perms_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.fixture
def page(site_structure):
    return make_item("fiche", title="Wat kost een reispas?", short_answer="Een reispas kost 75 euro.",
                     themes=["Burgerzaken"])


@pytest.fixture
def internal_page(site_structure):
    return make_item("fiche", title="Interne werkwijze kassa", visibility="internal",
                     short_answer="INTERN-KASSA enkel voor het loket.", themes=["Burgerzaken"])


def login(client, username: str, group: str):
    user = make_user(username, groups=[group])
    client.force_login(user)
    return user


# --- the groups -------------------------------------------------------------------------------------------------
def test_groups_exist_with_their_permissions(db):
    assert {"kennisbank.view_internal", "kb_insight.view_insight", "wagtailadmin.access_admin"} <= perms_of("Editors")
    assert {"kennisbank.view_internal", "kb_insight.view_insight"} <= perms_of("Moderators")
    assert perms_of("Operators") == {"kennisbank.view_internal"}
    social = perms_of("Socialemediateam")
    assert "wagtailadmin.access_admin" in social
    assert "kennisbank.view_internal" not in social
    if apps.is_installed("channels.social"):
        assert "kb_social.manage_social" in social


def test_ensure_roles_is_idempotent_and_keeps_extra_permissions(db):
    extra = Permission.objects.get(content_type__app_label="kb_phone", codename="add_contentgap")
    Group.objects.get(name="Operators").permissions.add(extra)
    before = {name: perms_of(name) for name in roles.ROLE_PERMISSIONS}
    roles.ensure_roles()
    roles.ensure_roles()
    after = {name: perms_of(name) for name in roles.ROLE_PERMISSIONS}
    assert before == after
    assert "kb_phone.add_contentgap" in after["Operators"]
    assert Group.objects.filter(name="Operators").count() == 1


def test_ensure_roles_reports_permissions_that_do_not_exist_yet(db, monkeypatch):
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, roles.OPERATORS, (roles.VIEW_INTERNAL, "kb_later.do_something"))
    assert roles.ensure_roles() == {"Operators": ["kb_later.do_something"]}
    assert "kennisbank.view_internal" in perms_of("Operators")


def test_post_migrate_receiver_recreates_groups_once_per_migrate(db):
    Group.objects.filter(name="Operators").delete()
    configs = [c for c in apps.get_app_configs() if c.models_module is not None]
    roles.sync_roles_after_migrate(sender=configs[0], app_config=configs[0], plan=[])
    assert not Group.objects.filter(name="Operators").exists()  # not the last app: waits for all permissions
    roles.sync_roles_after_migrate(sender=configs[-1], app_config=configs[-1])
    assert not Group.objects.filter(name="Operators").exists()  # a flush (no plan) does not recreate groups
    roles.sync_roles_after_migrate(sender=configs[-1], app_config=configs[-1], plan=[])
    assert perms_of("Operators") == {"kennisbank.view_internal"}


# --- editors and moderators -------------------------------------------------------------------------------------
def test_editor_can_edit_but_not_publish(client, page):
    editor = login(client, "redacteur", "Editors")
    permissions = page.permissions_for_user(editor)
    assert permissions.can_edit() and not permissions.can_publish()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.content.decode()


def test_moderator_can_publish(client, page):
    moderator = login(client, "moderator", "Moderators")
    assert page.permissions_for_user(moderator).can_publish()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert 'name="action-publish"' in response.content.decode()


def test_editors_read_internal_items_in_the_console(client, internal_page):
    login(client, "redacteur2", "Editors")
    assert "INTERN-KASSA" in client.get(f"/onthaal/item/{internal_page.external_id}/").content.decode()


def test_editors_cannot_manage_social_posts(client, db):
    editor = login(client, "redacteur3", "Editors")
    assert not editor.has_perm("kb_social.manage_social")


# --- operators --------------------------------------------------------------------------------------------------
def test_operator_reads_internal_items_in_the_console(client, internal_page):
    login(client, "onthaal", "Operators")
    response = client.get(f"/onthaal/item/{internal_page.external_id}/")
    assert response.status_code == 200 and "INTERN-KASSA" in response.content.decode()
    assert client.get("/onthaal/scripts/burgerzaken/").status_code == 200


def test_operator_sees_internal_page_on_the_website_but_cannot_edit(client, internal_page):
    operator = login(client, "onthaal2", "Operators")
    assert client.get(internal_page.url).status_code == 200  # ContentPage.serve: view_internal may read
    assert not internal_page.permissions_for_user(operator).can_edit()


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/inzicht/", "/admin/snippets/"])
def test_operator_has_no_wagtail_admin_access(client, page, url):
    login(client, "onthaal3", "Operators")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_operator_cannot_open_the_page_editor(client, page):
    login(client, "onthaal4", "Operators")
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.post(f"/admin/pages/{page.pk}/edit/", {"title": "Gehackt"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Wat kost een reispas?"


# --- social team ------------------------------------------------------------------------------------------------
social_only = pytest.mark.skipif(not apps.is_installed("channels.social"), reason="social app not installed")


@social_only
def test_social_team_manages_social_posts(client, db):
    member = login(client, "sociaal", "Socialemediateam")
    assert member.has_perm("kb_social.manage_social")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/snippets/kb_social/socialpost/").status_code == 200
    assert client.get("/admin/social/calendar/").status_code == 200


@social_only
def test_social_team_cannot_edit_pages_or_read_internal(client, page, internal_page):
    member = login(client, "sociaal2", "Socialemediateam")
    assert not page.permissions_for_user(member).can_edit()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # permission denied
    assert client.get(f"/onthaal/item/{internal_page.external_id}/").status_code == 403
    assert client.get(internal_page.url).status_code == 404


# --- anonymous --------------------------------------------------------------------------------------------------
def test_anonymous_gets_nothing_internal(client, page, internal_page):
    assert client.get("/onthaal/").status_code == 302
    assert client.get(f"/onthaal/item/{internal_page.external_id}/")["Location"].startswith("/onthaal/login/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get(f"/admin/pages/{page.pk}/edit/")["Location"].startswith("/admin/login/")
    assert client.get(internal_page.url).status_code == 404
    assert client.get(page.url).status_code == 200
