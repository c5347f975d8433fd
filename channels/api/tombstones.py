"""Write a :class:`channels.models.Tombstone` when a public item stops being public.

Transitions covered: unpublished (``live`` becomes False), turned internal (a published revision sets
``visibility`` to internal), deleted, and put behind a Wagtail view restriction. The receivers compare the stored
row with the new state, so items that were never public (drafts, internal items) never get a tombstone and their
ids never reach the public change feed. :func:`connect` is called from ``ChannelsConfig.ready()``.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_delete, pre_save
from wagtail.models import PageViewRestriction

from kennisbank.vocabulary import TombstoneReason, Visibility

PUBLIC = Visibility.PUBLIC.value


def _content_models() -> tuple[type, ...]:
    from kennisbank.models import FichePage, ProductPage

    return (ProductPage, FichePage)


def _record(external_id: str, item_type: str, reason: str) -> None:
    from channels.models import Tombstone

    if external_id:
        Tombstone.objects.create(external_id=external_id, item_type=item_type, reason=reason)


def _restricted_ids() -> set[int]:
    """Page ids under any view restriction (restricted pages are not public)."""
    from kennisbank.models import ContentPage

    ids: set[int] = set()
    for restriction in PageViewRestriction.objects.select_related("page"):
        ids.update(ContentPage.objects.descendant_of(restriction.page, inclusive=True).values_list("pk", flat=True))
    return ids


def _on_page_save(sender: type, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if sender not in _content_models() or instance.pk is None:
        return
    if update_fields is not None and not {"live", "visibility"} & set(update_fields):
        return
    old = sender.objects.filter(pk=instance.pk).values("live", "visibility", "external_id").first()  # type: ignore[attr-defined]
    if old is None or not old["live"] or old["visibility"] != PUBLIC:
        return
    if instance.live and instance.visibility == PUBLIC:
        return
    if instance.pk in _restricted_ids():
        return  # already not public
    reason = TombstoneReason.INTERNAL if instance.live else TombstoneReason.UNPUBLISHED
    _record(old["external_id"], sender.item_type, reason)  # type: ignore[attr-defined]


def _on_page_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if sender not in _content_models():
        return
    from kennisbank.selectors import Scope, is_visible

    if is_visible(instance, Scope.PUBLIC):
        _record(instance.external_id, sender.item_type, TombstoneReason.DELETED)  # type: ignore[attr-defined]


def _on_restriction(sender: type, instance: PageViewRestriction, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    from kennisbank.models import ContentPage

    others = PageViewRestriction.objects.exclude(pk=instance.pk).select_related("page")
    pages = ContentPage.objects.live().descendant_of(instance.page, inclusive=True).filter(visibility=PUBLIC)
    for other in others:
        pages = pages.not_descendant_of(other.page, inclusive=True)
    for page in pages.specific():
        _record(page.external_id, page.item_type, TombstoneReason.RESTRICTED)


def connect() -> None:
    """Connect the receivers (idempotent: every connection has a dispatch_uid)."""
    pre_save.connect(_on_page_save, dispatch_uid="kb_channels_tombstone_pre_save")
    pre_delete.connect(_on_page_delete, dispatch_uid="kb_channels_tombstone_pre_delete")
    post_save.connect(_on_restriction, sender=PageViewRestriction, dispatch_uid="kb_channels_tombstone_restriction")
