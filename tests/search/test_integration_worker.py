"""Indexing through the real django-tasks database backend and its worker (``manage.py db_worker``).

Transactional tests: the worker claims tasks in its own (exclusive) transactions, as in production.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from kennisbank import services
from kennisbank.selectors import Scope
from search import service, tasks
from search.port import BackendUnavailable
from tests.factories import make_item

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                        "QUEUES": ["default", "search", "social", "reminders"]}}


def run_worker() -> None:
    call_command("db_worker", "--queue-name", "search", "--batch", "--no-startup-delay", "--no-reload",
                 "--interval", "0", verbosity=0)


def ids(q: str, scope: Scope = Scope.PUBLIC, limit: int = 50) -> list[str]:
    """Lexical hits: these tests check what the index holds after each change, not semantic neighbours."""
    return [hit.id for hit in service.search_items(q, scope=scope, limit=limit, log=False, mode="lexical").hits]


@pytest.mark.django_db(transaction=True)
def test_published_change_is_searchable_after_the_worker_ran(search_index, site_structure):
    with override_settings(TASKS=DB_TASKS):
        item = make_item("fiche", title="Zwembad abonnement kopen")
        queued = DBTaskResult.objects.filter(queue_name="search", status="READY")
        assert queued.exists()
        with pytest.raises(BackendUnavailable):  # enqueued, not yet run: the index is still empty (an outage)
            ids("zwembad")

        run_worker()
        assert ids("zwembad") == [item.external_id]
        assert not DBTaskResult.objects.filter(queue_name="search").exclude(status="SUCCESSFUL").exists()

        item.title = "Sporthal huren"
        services.publish(item)
        assert ids("sporthal") == []
        run_worker()
        assert ids("sporthal") == [item.external_id]
        assert ids("zwembad") == []

        services.unpublish(item)
        run_worker()
        assert ids("sporthal", Scope.OPERATOR) == []


@pytest.mark.django_db
def test_tasks_are_idempotent_and_follow_the_database(search_index, site_structure):
    item = make_item("fiche", title="Zwembad abonnement kopen")
    assert tasks.sync_item(item.pk) == "upserted"
    assert tasks.sync_item(item.pk) == "upserted"  # twice: still one document
    assert search_index.ids() == {item.external_id}
    # a late delete task for an id that is live again re-indexes instead of deleting
    assert tasks.sync_external_id(item.external_id) == "upserted"
    assert ids("zwembad") == [item.external_id]
    services.unpublish(item)
    assert tasks.sync_item(item.pk) == "deleted"
    assert tasks.sync_item(item.pk) == "deleted"
    assert search_index.ids() == set()
    assert tasks.sync_item(10**9) == "gone"
    assert tasks.sync_external_id("bestaat-niet") == "deleted"


@pytest.mark.django_db(transaction=True)
def test_a_bulk_publish_is_one_flush_task_and_one_index_write(search_index, site_structure, settings):
    """40 publishes in one transaction → one waiting task; the worker indexes them with one commit."""
    from django.db import transaction

    from search.models import PendingIndexChange

    items = [make_item("fiche", title=f"Zwembad tarief {n}", external_id=f"zwembad-{n}") for n in range(40)]
    search_index.upsert([])  # the index exists (empty) so the commit count starts from a known state
    with override_settings(TASKS=DB_TASKS):
        with transaction.atomic():
            for page in items:
                page.title = page.title.replace("Zwembad", "Sporthal")
                services.publish(page)
        assert PendingIndexChange.objects.count() == 40
        queued = DBTaskResult.objects.filter(queue_name="search")
        assert list(queued.values_list("task_path", "status")) == [("search.tasks.flush_index", "READY")]

        version = search_index.index_version()
        run_worker()
        flushes = queued.filter(task_path="search.tasks.flush_index")
        assert list(flushes.values_list("status", "return_value")) == [("SUCCESSFUL", 40)]  # all 40 in one run
        assert search_index.index_version() != version
        assert sorted(ids("sporthal tarief")) == sorted(p.external_id for p in items)
        assert PendingIndexChange.objects.count() == 0
        # the new titles changed every passage: vectors followed in embedding batches of 16, after the words
        embeds = queued.filter(task_path="search.tasks.embed_index")
        assert sorted(embeds.values_list("return_value", flat=True)) == [8, 16, 16]
        assert set(embeds.values_list("status", flat=True)) == {"SUCCESSFUL"}
        assert search_index.health()["vector_documents"] == 40
        assert tasks.embedding_count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_large_backlog_is_indexed_in_batches_by_follow_up_tasks(search_index, site_structure, settings):
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "INDEX_BATCH_SIZE": 7}
    with override_settings(TASKS=DB_TASKS):
        items = [make_item("fiche", title=f"Kinderopvang plaats {n}", external_id=f"opvang-{n}") for n in range(20)]
        run_worker()
        done = DBTaskResult.objects.filter(task_path="search.tasks.flush_index", status="SUCCESSFUL")
        assert sorted(done.values_list("return_value", flat=True)) == [6, 7, 7]  # 3 tasks: 7 + 7 + 6 changes
        assert not DBTaskResult.objects.filter(queue_name="search").exclude(status="SUCCESSFUL").exists()
        assert sorted(ids("kinderopvang plaats")) == sorted(p.external_id for p in items)


@pytest.mark.django_db
def test_one_batch_mixes_upserts_deletes_moves_and_changed_ids(search_index, site_structure,
                                                               django_capture_on_commit_callbacks):
    """Outbox rows of every kind in one flush: the index ends exactly as the database says."""
    from search.models import PendingIndexChange

    keep, gone, renamed = (make_item("fiche", title=f"Afvalkalender {w}", external_id=f"afval-{w}")
                           for w in ("blijft", "weg", "oud"))
    search_index.upsert(tasks.iter_documents())
    PendingIndexChange.objects.all().delete()  # the creations above: indexed by hand just now
    settings_tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                  "QUEUES": ["default", "search", "social", "reminders"]}}
    with override_settings(TASKS=settings_tasks), django_capture_on_commit_callbacks(execute=True):
        services.unpublish(gone)
        renamed.external_id = "afval-nieuw"
        services.publish(renamed)
        keep.title = "Afvalkalender aangepast"
        services.publish(keep)
    assert PendingIndexChange.objects.count() == 4  # unpublish, old id, publish, publish
    assert tasks.sync_pending() == 4
    assert search_index.ids() == {"afval-blijft", "afval-nieuw"}
    assert ids("aangepast") == ["afval-blijft"]
    assert tasks.sync_pending() == 0


def _dead_endpoint() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/v1"  # nothing listens there once the socket closes


@pytest.mark.django_db(transaction=True)
def test_words_are_indexed_while_the_embedder_is_down_and_the_vectors_follow(search_index, site_structure,
                                                                             settings):
    """The flush never waits for the embedder: a publish is searchable by words at once, its vectors come later."""
    working = settings.KENNISBANK_SEARCH
    with override_settings(TASKS=DB_TASKS):
        item = make_item("fiche", title="Zwembad abonnement kopen")
        run_worker()
        assert search_index.health()["vector_documents"] == 1

        settings.KENNISBANK_SEARCH = {**working, "EMBEDDER": "openai", "EMBEDDER_URL": _dead_endpoint(),
                                      "EMBEDDER_TIMEOUT_SECONDS": 0.5}
        item.title = "Sporthal huren voor een verjaardagsfeest"
        services.publish(item)
        run_worker()
        assert ids("sporthal") == [item.external_id]  # the words are in although the embedder is down
        assert ids("zwembad") == []
        assert search_index.health()["vector_documents"] == 0  # no stale meaning of the old title either
        assert tasks.embedding_count() == 1
        retry = DBTaskResult.objects.get(task_path="search.tasks.embed_index", status="READY")
        assert retry.run_after is not None  # the embedding task waits for a retry, the flush succeeded
        assert DBTaskResult.objects.filter(task_path="search.tasks.flush_index").exclude(
            status="SUCCESSFUL").count() == 0

        settings.KENNISBANK_SEARCH = working  # the embedder is back
        assert tasks.embed_pending() == 1
        assert tasks.embedding_count() == 0
        assert search_index.health()["vector_documents"] == 1
        found = service.search_items("feestje in de sporthal", scope=Scope.PUBLIC, log=False, mode="semantic")
        assert [hit.id for hit in found.hits][:1] == [item.external_id]
