"""Signal receivers of the content core."""

from __future__ import annotations

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def _ensure_structure_after_migrate(sender, app_config, using="default", **kwargs) -> None:
    """After ``migrate``, the installation has its audiences and page tree (idempotent)."""
    if app_config.label != "kennisbank":
        return
    from .site_structure import ensure_site_structure

    ensure_site_structure()
