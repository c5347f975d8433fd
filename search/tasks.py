"""Background tasks (django-tasks, queue ``search``) that keep the index in step with the database.

Contract: every task looks at the CURRENT database state and makes the index match it, so running a
task twice, late, or out of order is harmless (idempotent, safe to retry):

- :func:`index_item` (page id): upsert the item's document if it is live, else delete it.
- :func:`delete_item` (external id): delete it, unless a live item holds that id now (then upsert).
- :func:`index_subtree` (page id): :func:`index_item` for the page and every item below it (moves,
  slug changes and view restrictions change URLs and visibility of descendants).
- :func:`push_settings_task`: push the search settings (synonyms) to the backend.

While the backend is unavailable (:class:`search.port.BackendUnavailable`) a task re-enqueues itself with
``run_after`` and an exponential backoff (``search_settings.TASK_RETRY_SECONDS`` × 2^(attempt − 1), at most
``TASK_MAX_ATTEMPTS`` attempts) and returns ``"retry"``; after the last attempt it raises (the task is FAILED and
``search_verify --fix`` heals the drift). Backends that cannot defer (the immediate backend in tests) raise at once.

Run the worker (all writes to the embedded index then come from one process)::

    manage.py db_worker --queue-name default,search,social,reminders --interval 0.5 --no-reload

``db_worker`` without ``--queue-name`` only serves ``default``: search tasks would never run. It is Kennisbank's
``db_worker`` (:mod:`kennisbank.worker`): a task killed mid-run with its worker is run again after the lease. Wagtail 8
itself enqueues its admin search-index and reference-index updates on ``default``. A published change is
searchable after at most one poll interval plus the indexing time (measured: median 0.2 s, max 0.6 s
with ``--interval 0.5``, ``bench/search.py --django``). ``manage.py search_verify`` finds drift left by
failed tasks; ``--fix`` or ``search_rebuild`` repairs it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from wagtail.models import Page

from kennisbank.models import ContentPage

from . import service
from .conf import search_settings
from .documents import DEFAULT_BATCH_SIZE, document_for, iter_documents
from .port import BackendUnavailable

logger = logging.getLogger(__name__)

QUEUE = "search"


def sync_item(page_id: int) -> str:
    """Make the index match the database for one page id; returns ``"upserted"``, ``"deleted"`` or ``"gone"``."""
    doc = document_for(page_id)
    if doc is not None:
        service.backend().upsert([doc])
        return "upserted"
    external_id = ContentPage.objects.filter(pk=page_id).values_list("external_id", flat=True).first()
    if external_id:
        service.backend().delete([external_id])
        return "deleted"
    return "gone"  # deleted from the database: delete_item (sent with the external id) removes it


def sync_external_id(external_id: str) -> str:
    """Make the index match the database for one external id (upsert if a live item has it, else delete)."""
    page_id = ContentPage.objects.filter(external_id=external_id).values_list("pk", flat=True).first()
    doc = document_for(page_id) if page_id is not None else None
    if doc is not None and doc["id"] == external_id:
        service.backend().upsert([doc])
        return "upserted"
    service.backend().delete([external_id])
    return "deleted"


def retry_delay(attempt: int) -> dt.timedelta:
    """Backoff before attempt ``attempt + 1`` (attempt 1 failed → the base delay, then doubling)."""
    return dt.timedelta(seconds=float(search_settings.TASK_RETRY_SECONDS) * 2 ** (attempt - 1))


def _with_retry(this: Task[Any, Any], args: tuple[Any, ...], attempt: int, work: Callable[[], Any]) -> Any:
    """Run ``work``; on BackendUnavailable re-enqueue ``this`` with a backoff (see the module docstring)."""
    try:
        return work()
    except BackendUnavailable as exc:
        if attempt >= search_settings.TASK_MAX_ATTEMPTS or not this.get_backend().supports_defer:
            logger.error("search task %s%r failed for good after %d attempt(s): %s", this.name, args, attempt, exc)
            raise
        delay = retry_delay(attempt)
        logger.warning("search task %s%r: backend unavailable (%s); retry %d in %.0f s", this.name, args, exc,
                       attempt + 1, delay.total_seconds())
        this.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        return "retry"


@task(queue_name=QUEUE)
def index_item(page_id: int, attempt: int = 1) -> str:
    """Upsert or delete one item by page id, from the current database state."""
    return _with_retry(index_item, (page_id,), attempt, lambda: sync_item(page_id))


@task(queue_name=QUEUE)
def delete_item(external_id: str, attempt: int = 1) -> str:
    """Remove an item by external id (a deleted page, or an external id that changed)."""
    return _with_retry(delete_item, (external_id,), attempt, lambda: sync_external_id(external_id))


@task(queue_name=QUEUE)
def index_subtree(page_id: int, attempt: int = 1) -> int | str:
    """Re-sync the page (if it is an item) and all items below it, in batches. Returns how many were synced."""
    return _with_retry(index_subtree, (page_id,), attempt, lambda: _sync_subtree(page_id))


def _sync_subtree(page_id: int) -> int:
    page = Page.objects.filter(pk=page_id).only("path").first()
    if page is None:
        return 0
    pks = list(ContentPage.objects.filter(path__startswith=page.path).order_by("pk").values_list("pk", flat=True))
    backend = service.backend()
    for start in range(0, len(pks), DEFAULT_BATCH_SIZE):
        chunk = pks[start : start + DEFAULT_BATCH_SIZE]
        docs = list(iter_documents(pks=chunk))
        backend.upsert(docs)
        indexed = {doc["id"] for doc in docs}
        gone = ContentPage.objects.filter(pk__in=chunk).exclude(external_id__in=indexed)
        backend.delete(list(gone.values_list("external_id", flat=True)))
    return len(pks)


@task(queue_name=QUEUE)
def push_settings_task(attempt: int = 1) -> str:
    """Push the current search settings (synonyms from the snippet) to the backend; returns the fingerprint."""
    return str(_with_retry(push_settings_task, (), attempt, lambda: service.push_settings().fingerprint()))
