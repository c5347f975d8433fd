"""Background tasks (django-tasks, queue ``search``) that keep the index in step with the database.

Contract: every task looks at the CURRENT database state and makes the index match it, so running a
task twice, late, or out of order is harmless (idempotent, safe to retry):

- :func:`flush_index`: the coalesced path every signal uses. Content changes are written to the index outbox
  (:class:`search.models.PendingIndexChange`) inside the transaction that makes them; one ``flush_index`` task
  (priority :data:`FLUSH_PRIORITY`, so it runs before Wagtail's own admin-index tasks on a ``'*'`` worker) drains
  the outbox in batches of ``INDEX_BATCH_SIZE`` changes (default 500): one backend write (one tantivy writer and
  commit) per batch, however many publishes, moves or deletions it holds, and one batch per task run (a follow-up
  task takes the next). A flush is only enqueued when none is waiting yet.
- :func:`embed_index`: vectors follow the words. The flush writes an item without vectors when its passages were
  not embedded before in this process (searchable by words at once) and notes it in the embedding outbox
  (:class:`search.models.PendingEmbedding`); this task (priority :data:`EMBED_PRIORITY`, after every other task)
  embeds ``EMBED_BATCH_SIZE`` items (default 16) per run and writes them again with their vectors. Until then the
  item has no vectors: it is found by words, not yet by meaning. An embedder outage retries this task only; words
  keep being indexed.
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
searchable by words after at most one poll interval plus the indexing time, and by meaning after the embedding
task (``bench/search.py --django`` prints both, with the production ``--interval 0.2``). ``manage.py search_verify``
finds drift left by failed tasks; ``--fix`` or ``search_rebuild`` repairs it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from kennisbank import bulk
from kennisbank.models import ContentPage

from . import service
from .conf import search_settings
from .documents import DEFAULT_BATCH_SIZE, document_for, iter_documents
from .models import PendingEmbedding, PendingIndexChange
from .passages import split_cached, with_vectors
from .port import BackendUnavailable

logger = logging.getLogger(__name__)

QUEUE = "search"
FLUSH_PRIORITY = 50  # django-tasks priorities run from -100 to 100; Wagtail's tasks use the default 0
#: Embedding runs after every other waiting task: a publish (words) never waits for more than one embedding batch.
EMBED_PRIORITY = -10


def sync_item(page_id: int) -> str:
    """Make the index match the database for one page id; returns ``"upserted"``, ``"deleted"`` or ``"gone"``."""
    doc = document_for(page_id)
    if doc is not None:
        service.backend().upsert(with_vectors([doc]))
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
        service.backend().upsert(with_vectors([doc]))
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


# -- the coalesced path: outbox rows → one flush task → one write per batch ----------------------------------------
def note_change(*, page_id: int | None = None, external_id: str = "", subtree: bool = False) -> None:
    """Record a content change in the outbox (in the caller's transaction) and ask for a flush after commit.

    A bulk publish of 1 000 pages in one transaction enqueues one task, not 1 000: every request after the first
    finds the flush still waiting (:func:`request_flush`).
    """
    PendingIndexChange.objects.create(page_id=page_id, external_id=external_id or "", subtree=subtree)
    if not bulk.defer("search.request_flush", True, _request_flush_once):  # an import asks once, after commit
        transaction.on_commit(request_flush, robust=True)


def _request_flush_once(_values: set[Any]) -> None:
    request_flush()


def request_flush() -> None:
    """Enqueue :func:`flush_index` unless one is already waiting (READY and due) in the database queue.

    A waiting flush has not read the outbox yet, so it will see every change committed before this call.
    """
    _enqueue_unless_waiting(flush_index)


def _enqueue_unless_waiting(this: Task[Any, Any]) -> None:
    """Enqueue ``this`` (no arguments) unless a run of it is already waiting (READY and due) in the database queue."""
    backend = this.get_backend()
    if isinstance(backend, DatabaseBackend):
        waiting = DBTaskResult.objects.ready().filter(backend_name=backend.alias, task_path=this.module_path)
        if waiting.exists():
            return
    this.enqueue()


def sync_pending(batch_size: int | None = None) -> int:
    """Handle the oldest batch of outbox rows; returns how many rows it handled (0: the outbox was empty).

    The changed pages (subtrees expanded), plus the live pages that now hold a changed external id, are read fresh
    from the database; live ones are upserted and the rest deleted, in one backend write per
    ``DEFAULT_BATCH_SIZE`` pages; then the rows read are deleted (a change noted meanwhile has a newer row and
    waits for the next batch).
    """
    size = batch_size or search_settings.INDEX_BATCH_SIZE
    rows = list(PendingIndexChange.objects.order_by("pk").values_list("pk", "page_id", "external_id",
                                                                      "subtree")[:size])
    if not rows:
        return 0
    page_ids = {page_id for _pk, page_id, _ext, subtree in rows if page_id is not None and not subtree}
    external_ids = {ext for _pk, _page_id, ext, _subtree in rows if ext}
    page_ids |= _subtree_pks([page_id for _pk, page_id, _ext, subtree in rows if page_id is not None and subtree])
    if external_ids:
        page_ids |= set(ContentPage.objects.filter(external_id__in=external_ids).values_list("pk", flat=True))
    ordered = sorted(page_ids)
    for start in range(0, max(len(ordered), 1), DEFAULT_BATCH_SIZE):
        _sync_pages(ordered[start : start + DEFAULT_BATCH_SIZE], external_ids if start == 0 else set())
    PendingIndexChange.objects.filter(pk__in=[row[0] for row in rows]).delete()
    return len(rows)


def _flush_one_batch() -> int:
    handled = sync_pending()
    if handled and PendingIndexChange.objects.exists():
        request_flush()  # the rest in a follow-up task: one commit per task, a kill loses at most one batch
    return handled


def _subtree_pks(roots: list[int]) -> set[int]:
    paths = list(Page.objects.filter(pk__in=roots).values_list("path", flat=True))
    if not paths:
        return set()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return set(ContentPage.objects.filter(condition).values_list("pk", flat=True))


def _sync_pages(pks: list[int], external_ids: set[str]) -> None:
    """One backend write: upsert the live documents among ``pks``, delete every other id concerned.

    Words first: documents whose passages are all in this process's embedding cache go in with their vectors; the
    others go in without vectors (searchable by words at once) and wait in the embedding outbox for
    :func:`embed_index`, which never holds up the next publish for more than one small batch.
    """
    docs = list(iter_documents(pks=pks)) if pks else []
    ready, waiting = split_cached(docs)
    concerned = set(external_ids)
    if pks:
        concerned |= set(ContentPage.objects.filter(pk__in=pks).exclude(external_id="")
                         .values_list("external_id", flat=True))
    service.backend().sync(ready + waiting, sorted(concerned - {doc["id"] for doc in docs}))
    if waiting:
        note_embeddings([doc["id"] for doc in waiting])


# -- the embedding outbox: vectors follow the words ---------------------------------------------------------------
def note_embeddings(external_ids: list[str]) -> None:
    """Note that these indexed items still need their passage vectors, and ask for :func:`embed_index`."""
    PendingEmbedding.objects.bulk_create([PendingEmbedding(external_id=ext) for ext in external_ids])
    request_embed()


def request_embed() -> None:
    """Enqueue :func:`embed_index` unless one is already waiting (READY and due) in the database queue."""
    _enqueue_unless_waiting(embed_index)


def embed_pending(batch_size: int | None = None) -> int:
    """Embed the oldest batch of the embedding outbox; returns how many rows it handled (0: it was empty).

    The items are read fresh from the database: live ones are written again with their vectors (one backend
    write); items no longer live are skipped (their removal went through the index outbox). The rows read are
    deleted; an item changed meanwhile has a newer row and is embedded again (its unchanged passages come from
    the cache).
    """
    size = batch_size or search_settings.EMBED_BATCH_SIZE
    rows = list(PendingEmbedding.objects.order_by("pk").values_list("pk", "external_id")[:size])
    if not rows:
        return 0
    wanted = {ext for _pk, ext in rows}
    pks = sorted(ContentPage.objects.filter(external_id__in=wanted).values_list("pk", flat=True))
    docs = [doc for doc in iter_documents(pks=pks) if doc["id"] in wanted] if pks else []
    if docs:
        service.backend().upsert(list(with_vectors(docs)))
    PendingEmbedding.objects.filter(pk__in=[pk for pk, _ext in rows]).delete()
    return len(rows)


def _embed_one_batch() -> int:
    handled = embed_pending()
    if handled and PendingEmbedding.objects.exists():
        request_embed()
    return handled


def embedding_count() -> int:
    """How many indexed items still wait for their passage vectors (health checks, ``search_verify``)."""
    return PendingEmbedding.objects.count()


def pending_count() -> int:
    """How many changes the index has not caught up with (for health checks and ``search_verify``)."""
    return PendingIndexChange.objects.count()


@task(queue_name=QUEUE, priority=FLUSH_PRIORITY)
def flush_index(attempt: int = 1) -> int | str:
    """Index the oldest batch of outbox changes (see :func:`sync_pending`); enqueue a follow-up if more wait."""
    return _with_retry(flush_index, (), attempt, _flush_one_batch)


@task(queue_name=QUEUE, priority=EMBED_PRIORITY)
def embed_index(attempt: int = 1) -> int | str:
    """Give the oldest batch of items waiting in the embedding outbox their vectors (see :func:`embed_pending`)."""
    return _with_retry(embed_index, (), attempt, _embed_one_batch)


# -- single-item tasks (kept for repairs and for callers that name one item) ------------------------------------
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
    pks = sorted(_subtree_pks([page_id]))
    for start in range(0, len(pks), DEFAULT_BATCH_SIZE):
        _sync_pages(pks[start : start + DEFAULT_BATCH_SIZE], set())  # one backend write per chunk
    return len(pks)


@task(queue_name=QUEUE)
def push_settings_task(attempt: int = 1) -> str:
    """Push the current search settings (synonyms from the snippet) to the backend; returns the fingerprint."""
    return str(_with_retry(push_settings_task, (), attempt, lambda: service.push_settings().fingerprint()))
