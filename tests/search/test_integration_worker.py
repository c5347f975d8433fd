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


def ids(q: str, scope: Scope = Scope.PUBLIC) -> list[str]:
    return [hit.id for hit in service.search_items(q, scope=scope, log=False).hits]


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
