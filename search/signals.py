"""Signal receivers that keep the search index in step with the content (connected in ``SearchConfig.ready``).

Content receivers write an outbox row (:func:`search.tasks.note_change`) in the transaction of the change, and one
``flush_index`` task is requested after it commits (``transaction.on_commit(..., robust=True)``: a failing enqueue is
logged and never breaks publishing; the row stays and the next flush or ``search_verify --fix`` picks it up).

- ``page_published`` / ``page_unpublished`` of a product or fiche → the page id
  (covers visibility changes, which go through publishing; drafts change nothing until published).
- ``pre_save`` of a product or fiche whose ``external_id`` changes → the old external id.
- ``post_delete`` of a ContentPage (the external id is captured from the row being deleted) → its external id.
- ``post_page_move`` and ``page_slug_changed`` of any page → the page id with its subtree (URLs change).
- a Wagtail view restriction saved or deleted → the page id with its subtree (public visibility changes).
- ``kennisbank.Synonym`` saved or deleted → ``push_settings_task()`` after commit.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from kennisbank.models import ContentPage, Synonym

from . import tasks

logger = logging.getLogger(__name__)


def _enqueue(task, *args) -> None:  # noqa: ANN001 - a django_tasks Task
    transaction.on_commit(partial(task.enqueue, *args), robust=True)


def _on_publication_change(sender, instance, **kwargs) -> None:  # noqa: ANN001
    if isinstance(instance, ContentPage):
        tasks.note_change(page_id=instance.pk)


def _on_item_pre_save(sender, instance, update_fields=None, raw=False, **kwargs) -> None:  # noqa: ANN001
    if raw or not isinstance(instance, ContentPage) or instance.pk is None:
        return
    if update_fields is not None and "external_id" not in update_fields:
        return
    old = ContentPage.objects.filter(pk=instance.pk).values_list("external_id", flat=True).first()
    if old and old != instance.external_id:
        tasks.note_change(external_id=old)


def _on_item_deleted(sender, instance, **kwargs) -> None:  # noqa: ANN001
    if instance.external_id:
        tasks.note_change(external_id=instance.external_id)


def _on_tree_change(sender, instance, **kwargs) -> None:  # noqa: ANN001
    tasks.note_change(page_id=instance.pk, subtree=True)


def _on_view_restriction_change(sender, instance, **kwargs) -> None:  # noqa: ANN001
    if instance.page_id:
        tasks.note_change(page_id=instance.page_id, subtree=True)


def _on_synonyms_change(sender, instance, **kwargs) -> None:  # noqa: ANN001
    _enqueue(tasks.push_settings_task)


def connect() -> None:
    """Connect the receivers (idempotent: every connection has a dispatch_uid)."""
    page_published.connect(_on_publication_change, dispatch_uid="kb_search.published")
    page_unpublished.connect(_on_publication_change, dispatch_uid="kb_search.unpublished")
    pre_save.connect(_on_item_pre_save, dispatch_uid="kb_search.pre_save")
    post_delete.connect(_on_item_deleted, sender=ContentPage, dispatch_uid="kb_search.deleted")
    post_page_move.connect(_on_tree_change, dispatch_uid="kb_search.moved")
    page_slug_changed.connect(_on_tree_change, dispatch_uid="kb_search.slug_changed")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_on_view_restriction_change, sender=PageViewRestriction,
                       dispatch_uid=f"kb_search.restriction_{uid}")
        signal.connect(_on_synonyms_change, sender=Synonym, dispatch_uid=f"kb_search.synonym_{uid}")
