"""Roles: which group may do what. One idempotent function keeps the groups in shape.

Groups (names are stable; admins may add permissions, this module never removes any):

- ``Editors`` (Wagtail default): edit pages, submit for moderation; we add reading internal items, the
  insight dashboard and handling content gaps ("niet gevonden" reports).
- ``Moderators`` (Wagtail default): as editors plus publish; we add the same.
- ``Operators``: telephone operators. Read internal items through the console (``/onthaal/``); no Wagtail admin
  access and no edit rights.
- ``Socialemediateam``: Wagtail admin access and the social app's permissions (``kb_social.manage_social`` and the
  model permissions of ``kb_social`` when that app is installed); no page permissions.

:func:`ensure_roles` is called from a data migration (``kennisbank/migrations``) and after every ``migrate``
(post_migrate, see ``channels/phone/apps.py``), so permissions created by later apps get assigned too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
MODERATORS = "Moderators"
OPERATORS = "Operators"
SOCIAL_TEAM = "Socialemediateam"

VIEW_INTERNAL = "kennisbank.view_internal"
VIEW_INSIGHT = "kb_phone.view_insight"
ACCESS_ADMIN = "wagtailadmin.access_admin"
MANAGE_SOCIAL = "kb_social.manage_social"

#: Group name → permissions (``app_label.codename``) the group must have.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EDITORS: (VIEW_INTERNAL, VIEW_INSIGHT, "kb_phone.change_contentgap", "kb_phone.view_contentgap"),
    MODERATORS: (VIEW_INTERNAL, VIEW_INSIGHT, "kb_phone.change_contentgap", "kb_phone.view_contentgap"),
    OPERATORS: (VIEW_INTERNAL,),
    SOCIAL_TEAM: (ACCESS_ADMIN, MANAGE_SOCIAL),
}
#: Group name → app labels whose every model permission the group gets (when the app is installed).
ROLE_APPS: dict[str, tuple[str, ...]] = {SOCIAL_TEAM: ("kb_social",)}


def _permission(perm: str, using: str) -> Permission | None:
    app_label, codename = perm.split(".", 1)
    return (Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename).first())


def ensure_roles(using: str = "default") -> dict[str, list[str]]:
    """Create the four groups where missing and add their permissions (idempotent, never removes any).

    Returns group name → permissions that do not exist (yet), e.g. ``kb_social.manage_social`` before the social
    app is installed.
    """
    missing: dict[str, list[str]] = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        found: list[Permission] = []
        for perm in perms:
            permission = _permission(perm, using)
            if permission is None:
                missing.setdefault(name, []).append(perm)
            else:
                found.append(permission)
        for app_label in ROLE_APPS.get(name, ()):
            found.extend(Permission.objects.using(using).filter(content_type__app_label=app_label))
        if found:
            group.permissions.add(*found)
    return missing


def sync_roles_after_migrate(sender: Any, app_config: Any = None, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: run :func:`ensure_roles` once per ``migrate``, after the last app's signal.

    By then every app's permissions exist (Django creates them in its own post_migrate receiver per app). Not run
    after ``flush`` (no ``plan`` argument): a flush also removes Wagtail's own groups, and tests with
    ``serialized_rollback`` restore the groups from their snapshot.
    """
    from django.apps import apps as global_apps

    if "plan" not in kwargs:
        return
    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if not with_models or app_config is None or app_config.label != with_models[-1].label:
        return
    ensure_roles(using=using)


def user_roles(user: Any) -> set[str]:
    """The role group names the user belongs to (superusers count as every role)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(ROLE_PERMISSIONS)
    return set(user.groups.filter(name__in=ROLE_PERMISSIONS).values_list("name", flat=True))
