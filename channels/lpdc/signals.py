"""Keep the LPDC stream in step with the products (connected in ``LpdcConfig.ready``).

Every receiver only enqueues a task of :mod:`channels.lpdc.tasks` after the transaction commits (a failing enqueue is
logged and never breaks publishing):
- ``page_published`` / ``page_unpublished`` of a product → ``sync_product`` (also covers turning it internal);
- ``pre_delete`` of a product with an LPDC instance → ``archive_instance``;
- a view restriction saved or deleted → ``sync_all`` (products under it stop or start being public);
- a theme or the municipality's identity saved → ``sync_all`` (the IPDC theme mapping and the bestuurseenheid are
  part of every member).

During a bulk import (:func:`kennisbank.bulk.bulk_writes`) the products and shared changes are collected instead and
synced after commit by one ``sync_all``, or by ``sync_products`` tasks of at most :data:`BATCH` products.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from kennisbank import bulk

BATCH = 500
ALL = "*"


def _enqueue(task: Any, *args: Any) -> None:
    transaction.on_commit(partial(task.enqueue, *args), robust=True)


def _flush_bulk(values: set[Any]) -> None:
    """After a bulk import: one ``sync_all`` when shared data changed, else the products in batches."""
    from . import tasks

    if ALL in values:
        tasks.sync_all.enqueue()
        return
    pks = sorted(values)
    for start in range(0, len(pks), BATCH):
        tasks.sync_products.enqueue(pks[start : start + BATCH])


def _on_publication(sender: Any, instance: Any, **kwargs: Any) -> None:
    from kennisbank.models import ProductPage

    from . import tasks

    if isinstance(instance, ProductPage) and not bulk.defer("lpdc", instance.pk, _flush_bulk):
        _enqueue(tasks.sync_product, instance.pk)


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    from kennisbank.models import ProductPage

    from . import tasks
    from .models import Instance

    if isinstance(instance, ProductPage):
        for pk in Instance.objects.filter(page_id=instance.pk).values_list("pk", flat=True):
            _enqueue(tasks.archive_instance, pk)


def _on_shared_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    from . import tasks

    if not bulk.defer("lpdc", ALL, _flush_bulk):
        _enqueue(tasks.sync_all)


def connect() -> None:
    """Connect the receivers (idempotent: every connection has a dispatch_uid)."""
    page_published.connect(_on_publication, dispatch_uid="kb_lpdc.published")
    page_unpublished.connect(_on_publication, dispatch_uid="kb_lpdc.unpublished")
    pre_delete.connect(_on_delete, dispatch_uid="kb_lpdc.pre_delete")
    post_save.connect(_on_shared_change, sender=PageViewRestriction, dispatch_uid="kb_lpdc.restriction_saved")
    post_delete.connect(_on_shared_change, sender=PageViewRestriction, dispatch_uid="kb_lpdc.restriction_deleted")
    from kennisbank.models import MunicipalityIdentity, Theme

    post_save.connect(_on_shared_change, sender=Theme, dispatch_uid="kb_lpdc.theme_saved")
    post_save.connect(_on_shared_change, sender=MunicipalityIdentity, dispatch_uid="kb_lpdc.identity_saved")
