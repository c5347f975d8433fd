"""Public search never shows what the database says is no longer public, whatever the index still holds.

50 items are indexed as public, then turned internal through real publishing while the worker is stopped (the
database task backend queues the index updates and nothing runs them), and 10 more are unpublished. The index still
says "public" for all of them; the API, the website page and the as-you-type fragment must show none of them, and
the operator console must still find the internal ones.
"""

from __future__ import annotations

import pytest

from kennisbank import services
from search import service
from search.documents import iter_documents
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                        "QUEUES": ["default", "search", "social", "reminders"]}}


@pytest.fixture
def stale_index(site_structure, search_index, settings, django_capture_on_commit_callbacks):
    keep = make_item("fiche", title="Afvalkalender zonnepark", external_id="blijft-publiek",
                     short_answer="De afvalkalender staat online.")
    turned = [make_item("fiche", title=f"Afvalkalender wijk {n}", external_id=f"wordt-intern-{n}",
                        short_answer=f"Geheim intern antwoord WIJK{n}X.") for n in range(50)]
    offline = [make_item("fiche", title=f"Afvalkalender oud {n}", external_id=f"offline-{n}",
                         short_answer=f"Verouderd antwoord OUD{n}X.") for n in range(10)]
    search_index.upsert(iter_documents())
    assert search_index.count() == 61
    settings.TASKS = DB_TASKS  # the worker is stopped: index updates wait in the queue
    with django_capture_on_commit_callbacks(execute=True):
        for page in turned:
            page.visibility = "internal"
            services.publish(page)
        for page in offline:
            services.unpublish(page)
    from django_tasks_db.models import DBTaskResult

    from search.models import PendingIndexChange

    assert PendingIndexChange.objects.count() >= 60  # noted in the outbox, not yet indexed
    assert DBTaskResult.objects.filter(task_path__endswith="flush_index").count() == 1  # one flush waits for all
    assert {d["id"] for d in iter_documents()} == {"blijft-publiek", *(p.external_id for p in turned)}
    assert search_index.count() == 61  # the index still has everything as it was
    return keep, turned, offline


def test_public_search_shows_nothing_the_database_took_away(client, stale_index):
    keep, turned, offline = stale_index
    pages = [client.get("/api/v1/search/", {"q": "afvalkalender", "limit": 50, "offset": offset})
             for offset in (0, 50)]
    assert all(page.status_code == 200 for page in pages)
    assert [r["id"] for page in pages for r in page.json()["results"]] == ["blijft-publiek"]
    assert pages[0].json()["total"] == 1  # the scan reached the last hit: the total is exact
    for url in ("/zoeken/", "/zoeken/resultaten/"):
        html = client.get(url, {"q": "afvalkalender"}).content.decode()
        assert "zonnepark" in html  # the title, with the matched word highlighted
        assert "wijk" not in html.lower() and "WIJK" not in html and "OUD" not in html and "oud 1" not in html


def test_cached_results_are_rechecked_too(client, stale_index, settings):
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "RESULT_CACHE_SECONDS": 60}
    first = client.get("/api/v1/search/", {"q": "afvalkalender", "limit": 50}).json()
    again = client.get("/api/v1/search/", {"q": "afvalkalender", "limit": 50}).json()
    assert [r["id"] for r in first["results"]] == [r["id"] for r in again["results"]] == ["blijft-publiek"]


def test_the_operator_console_still_finds_the_internal_items(client, stale_index):
    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    result = service.search_items("afvalkalender wijk", scope="operator", limit=50, log=False)
    ids = {h.id for h in result.hits}
    assert {f"wordt-intern-{n}" for n in range(50)} <= ids
    assert not any(i.startswith("offline-") for i in ids)
