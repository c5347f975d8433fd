"""Signal receivers of the content core."""

from __future__ import annotations

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def _ensure_structure_after_migrate(sender, app_config, using="default", **kwargs) -> None:
    """After ``migrate``, the installation has its audiences and page tree (idempotent)."""
    if app_config.label != "kennisbank" or kwargs.get("plan") is None:
        # ``plan`` is None after ``flush`` (tests): fixtures create the tree they need; re-creating it here
        # would clash with serialized rollbacks.
        return
    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes

    from .site_structure import ensure_site_structure

    # Our app's post_migrate runs before contenttypes creates its rows: create them first.
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0, using=using)
    ensure_site_structure()
    _grant_moderators_override()


def _grant_moderators_override() -> None:
    """Moderators may publish a too-hard text with a stored reason (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    perm = Permission.objects.filter(content_type__app_label="kennisbank", codename="override_readability").first()
    group = Group.objects.filter(name="Moderators").first()
    if perm and group:
        group.permissions.add(perm)
