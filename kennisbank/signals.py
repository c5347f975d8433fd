"""Signal receivers of the content core. :func:`connect` is called from ``KennisbankConfig.ready()`` only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate

from .roles import sync_roles_after_migrate


def _ensure_structure_after_migrate(sender: Any, app_config: Any, using: str = "default", **kwargs: Any) -> None:
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


def connect() -> None:
    """Connect the core's receivers (idempotent: every connection has a dispatch_uid)."""
    post_migrate.connect(_ensure_structure_after_migrate, dispatch_uid="kennisbank.structure_after_migrate")
    # Idempotent: (re)assigns every app's registered role grants once all permissions exist.
    post_migrate.connect(sync_roles_after_migrate, dispatch_uid="kennisbank.roles_sync")
    from .security import count_failed_login

    user_login_failed.connect(count_failed_login, dispatch_uid="kennisbank.count_failed_login")
