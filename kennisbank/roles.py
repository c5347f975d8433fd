"""Roles: which group may do what. One idempotent function keeps the groups in shape.

Groups (names are stable; admins may add permissions, this module never removes any):

- ``Editors`` (Wagtail default) and ``Moderators`` (Wagtail default, as editors plus publish).
- ``Operators``: telephone operators (no Wagtail admin access, no edit rights).
- ``Socialemediateam``: the social media team.

The core only knows the groups and its own permissions. Every app declares the permissions *it* grants to a group
from its ``AppConfig.ready()`` with :func:`grant` (a registry, so no lower layer ever imports a channel or insight):

    grant(EDITORS, "kb_phone.view_contentgap", "kb_phone.change_contentgap")
    grant(SOCIAL_TEAM, apps=("kb_social",))   # every model permission of that app

:func:`ensure_roles` creates the groups and adds every registered permission; it runs from the core's data
migration (groups only) and after every ``migrate`` (post_migrate, connected in ``KennisbankConfig.ready``), so
permissions of apps migrated later are assigned too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
MODERATORS = "Moderators"
OPERATORS = "Operators"
SOCIAL_TEAM = "Socialemediateam"
#: Every role group, in the order the admin lists them.
ROLES: tuple[str, ...] = (EDITORS, MODERATORS, OPERATORS, SOCIAL_TEAM)

VIEW_INTERNAL = "kennisbank.view_internal"
OVERRIDE_READABILITY = "kennisbank.override_readability"
ACCESS_ADMIN = "wagtailadmin.access_admin"

#: Group name → permissions (``app_label.codename``) the group must have (filled by :func:`grant`).
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = dict.fromkeys(ROLES, ())
#: Group name → app labels whose every model permission the group gets (filled by :func:`grant`).
ROLE_APPS: dict[str, tuple[str, ...]] = dict.fromkeys(ROLES, ())


def grant(group: str, *permissions: str, apps: Iterable[str] = ()) -> None:
    """Register that ``group`` must have ``permissions`` (``app_label.codename``) and all permissions of ``apps``.

    Called from ``AppConfig.ready()``; idempotent (a permission registered twice is kept once). Raises
    ``ValueError`` for an unknown group or a permission not written as ``app_label.codename``.
    """
    if group not in ROLE_PERMISSIONS:
        raise ValueError(f"grant: unknown role group {group!r} (one of {', '.join(ROLES)})")
    for perm in permissions:
        if perm.count(".") != 1 or not all(perm.split(".")):
            raise ValueError(f"grant: permission {perm!r} must be written as 'app_label.codename'")
    ROLE_PERMISSIONS[group] = tuple(dict.fromkeys((*ROLE_PERMISSIONS[group], *permissions)))
    ROLE_APPS[group] = tuple(dict.fromkeys((*ROLE_APPS[group], *apps)))


def _permission(perm: str, using: str) -> Permission | None:
    app_label, codename = perm.split(".", 1)
    return (Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename).first())


def ensure_roles(using: str = "default") -> dict[str, list[str]]:
    """Create the role groups where missing and add their registered permissions (idempotent, never removes).

    Returns group name → registered permissions that do not exist (yet) in the database.
    """
    missing: dict[str, list[str]] = {}
    for name in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=name)
        found: list[Permission] = []
        for perm in ROLE_PERMISSIONS.get(name, ()):
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
        return set(ROLES)
    return set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
