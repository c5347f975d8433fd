"""Bulk writes: an import run saves thousands of pages without a background task per save.

Wagtail enqueues two tasks for every save of a page (or of another tracked object): its admin search-index update
(``modelsearch``'s ``insert_or_update_object_task``) and its reference-index update (``update_reference_index_task``).
An import of 10 000 items made about 70 000 task rows that way, most of them repeats (a new page is saved three
times), and the worker then worked through them one by one while an editor's publish waited behind them.

Contract of :func:`bulk_writes` (a context manager, used by :func:`importers.pipeline.import_records`):

- inside it, in this thread only, those two per-save tasks are not enqueued; the objects they concern are
  collected instead (each object once, however often it is saved);
- when the block ends and the surrounding transaction commits, the collected objects are handed to
  :func:`apply_deferred` tasks (queue ``default``), :data:`BATCH_SIZE` objects per task, which run exactly what
  Wagtail's own tasks would have run for each object; so the end state of the admin search index and the
  reference index is the same as without bulk mode. A rolled-back block enqueues nothing;
- other threads (web requests while an import runs in the admin) are not affected; nested blocks join the outer one;
- higher layers defer their own per-item work the same way with :func:`defer` (the LPDC stream syncs the imported
  products in batched tasks instead of one task per product).

Kennisbank's own search index is not concerned: its changes go to the index outbox (``search.tasks``), which already
coalesces them into one flush task per batch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task

logger = logging.getLogger(__name__)

#: Objects per :func:`apply_deferred` task.
BATCH_SIZE = 500
SEARCH, REFERENCES = "search", "references"

_state = threading.local()
_install_lock = threading.Lock()
_installed = False

Key = tuple[str, str, str]  # (app_label, model_name, pk) as Wagtail's tasks take them


def _key(instance: Any) -> Key:
    return instance._meta.app_label, instance._meta.model_name, str(instance.pk)


def _collecting() -> dict[str, Any] | None:
    return getattr(_state, "pending", None)


def active() -> bool:
    """Whether this thread is inside :func:`bulk_writes`."""
    return _collecting() is not None


def defer(name: str, value: Hashable, flush: Callable[[set[Any]], object]) -> bool:
    """In bulk mode, collect ``value`` under ``name`` and return True: ``flush(values)`` is called once, after the
    block, on commit, with every value collected under ``name``. Outside bulk mode return False (act as usual)."""
    pending = _collecting()
    if pending is None:
        return False
    _flush, values = pending["deferred"].setdefault(name, (flush, set()))
    values.add(value)
    return True


def note_saved(instance: Any) -> None:
    """In bulk mode, collect ``instance`` as its ``post_save`` would have (for rows written without ``save()``,
    :mod:`kennisbank.bulk_pages`): the admin search index when its model is indexed, the reference index when it
    is tracked. Outside bulk mode this is an error: nothing would update those indexes."""
    from modelsearch import index
    from wagtail.models import ReferenceIndex

    pending = _collecting()
    if pending is None:
        raise RuntimeError("note_saved() outside bulk_writes(): the admin search and reference index would miss it")
    model = type(instance)
    if model in index.get_indexed_models() and getattr(model, "search_auto_update", True):
        pending[SEARCH].add(_key(instance))
    if model in ReferenceIndex.tracked_models:
        pending[REFERENCES].add(_key(instance))


def _guarded_search_handler(instance: Any, **kwargs: Any) -> None:
    """Stands in for modelsearch's post_save handler: the same outside bulk mode, collecting inside it."""
    from modelsearch.signal_handlers import post_save_signal_handler

    pending = _collecting()
    if pending is None or kwargs.get("raw", False):
        post_save_signal_handler(instance, **kwargs)
        return
    pending[SEARCH].add(_key(instance))


def _record_reference(instance: Any, **kwargs: Any) -> None:
    """Collects what Wagtail's reference-index handler skips while bulk mode disables it (tracked models only)."""
    from wagtail.models import ReferenceIndex

    pending = _collecting()
    if pending is None or kwargs.get("raw", False) or type(instance) not in ReferenceIndex.tracked_models:
        return
    pending[REFERENCES].add(_key(instance))


def _install() -> None:
    """Put the guarded search handler in place of modelsearch's (once; the guard first, so no save is missed)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        from modelsearch import index
        from modelsearch.signal_handlers import post_save_signal_handler

        for model in index.get_indexed_models():
            if not getattr(model, "search_auto_update", True):
                continue
            post_save.connect(_guarded_search_handler, sender=model, dispatch_uid=f"kb_bulk_search.{model._meta}")
            post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(_record_reference, dispatch_uid="kb_bulk_references")
        _installed = True


@contextmanager
def bulk_writes() -> Iterator[None]:
    """Defer Wagtail's per-save index tasks of this thread to batched tasks after commit (module docstring)."""
    if _collecting() is not None:
        yield
        return
    from wagtail.signal_handlers import disable_reference_index_auto_update

    _install()
    _state.pending = {SEARCH: set(), REFERENCES: set(), "deferred": {}}
    try:
        with disable_reference_index_auto_update():
            yield
        pending = _state.pending
    finally:
        _state.pending = None
    for kind in (SEARCH, REFERENCES):
        keys = sorted(pending[kind])
        for start in range(0, len(keys), BATCH_SIZE):
            chunk = [list(k) for k in keys[start : start + BATCH_SIZE]]
            transaction.on_commit(partial(apply_deferred.enqueue, kind, chunk), robust=True)
    for flush, values in pending["deferred"].values():
        transaction.on_commit(partial(flush, values), robust=True)


@task()
def apply_deferred(kind: str, keys: list[list[str]]) -> int:
    """Run Wagtail's own per-object task (admin search index or reference index) for each key; returns the count.

    An object deleted since is skipped (Wagtail's own task would fail on it; its deletion already cleaned up).
    """
    from django.core.exceptions import ObjectDoesNotExist
    from modelsearch.tasks import insert_or_update_object_task
    from wagtail.tasks import update_reference_index_task

    run = {SEARCH: insert_or_update_object_task, REFERENCES: update_reference_index_task}[kind].func
    done = 0
    for app_label, model_name, pk in keys:
        try:
            run(app_label, model_name, pk)
        except ObjectDoesNotExist:
            logger.info("bulk %s update: %s.%s %s no longer exists", kind, app_label, model_name, pk)
            continue
        done += 1
    return done
