"""Bump :class:`channels.models.TaxonomyVersion` when taxonomy that public items show changes.

Items carry theme and life-event names, audience labels and service points with their hours. Those live in their own
models, edited without publishing a page, so :func:`channels.api.conditional.content_version` would not see an
edit. Every ``save`` and ``delete`` of such a model bumps one counter (inside the same transaction), which is part
of the version: cached API responses are never served after a rename. ``QuerySet.update`` bypasses signals; the
cache's time limit bounds that case.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save


def bump() -> None:
    """Increase the taxonomy version (creating the row on first use)."""
    from channels.models import TaxonomyVersion

    if not TaxonomyVersion.objects.filter(pk=1).update(counter=F("counter") + 1):
        TaxonomyVersion.objects.get_or_create(pk=1, defaults={"counter": 1})


def _on_change(sender: type, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: leave fixtures alone
        return
    bump()


def connect() -> None:
    """Connect the receivers (from ``ChannelsConfig.ready``; idempotent: every connection has a dispatch_uid)."""
    from kennisbank.models import (
        Audience,
        LifeEvent,
        LifeEventStep,
        OpeningException,
        OpeningHours,
        ServicePoint,
        Team,
        Theme,
    )

    for model in (Theme, LifeEvent, LifeEventStep, Audience, Team, ServicePoint, OpeningHours, OpeningException):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"kb_taxonomy_version_save_{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"kb_taxonomy_version_delete_{model.__name__}")

