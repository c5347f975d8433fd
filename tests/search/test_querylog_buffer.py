"""The buffered query log: a search pays no database write, and no logged search is lost."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from search import querylog
from search.models import QueryLog


@pytest.fixture
def buffered(settings):
    def use(seconds: float) -> None:
        settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "QUERY_LOG_FLUSH_SECONDS": seconds}

    yield use
    querylog.flush()


@pytest.mark.django_db
def test_buffered_rows_are_written_by_flush_with_the_time_of_the_search(buffered):
    buffered(3600)  # the writer thread will not wake up during this test
    before = timezone.now()
    pending = querylog.log_query("Reispas  AANVRAGEN", channel="website", scope="public", result_count=3)
    querylog.log_query("hondenbelasting", channel="operator", scope="operator", result_count=0)
    searched = timezone.now()
    assert pending is not None and pending.pk is None
    assert not QueryLog.objects.exists()
    time.sleep(0.01)
    assert querylog.flush() == 2
    rows = {r.query: r for r in QueryLog.objects.all()}
    assert set(rows) == {"reispas aanvragen", "hondenbelasting"}
    assert before <= rows["reispas aanvragen"].created_at <= searched
    assert rows["hondenbelasting"].result_count == 0 and rows["hondenbelasting"].channel == "operator"
    assert querylog.flush() == 0


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_stores_buffered_rows_on_its_own(buffered):
    buffered(0.05)
    for n in range(5):
        querylog.log_query(f"parkeerkaart {n}", channel="api", scope="public", result_count=1)
    deadline = time.monotonic() + 10
    while QueryLog.objects.count() < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(QueryLog.objects.values_list("query", flat=True)) == [f"parkeerkaart {n}" for n in range(5)]


@pytest.mark.django_db
def test_blank_queries_are_not_buffered(buffered):
    buffered(3600)
    assert querylog.log_query("   ", channel="website", scope="public", result_count=0) is None
    assert querylog.flush() == 0
