"""Search results are cached per index version: repeats are served from the cache, writes are seen at once.

Real embedded backend in a temporary directory, real pages; the cache is Django's (local memory in tests).
``committed`` (tests/search/conftest.py) runs the index tasks queued on commit.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kennisbank import services
from kennisbank.selectors import Scope
from search import service
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def result_cache(settings):
    cache.clear()
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "RESULT_CACHE_SECONDS": 60}
    yield
    cache.clear()


def ids(q: str, scope: Scope = Scope.PUBLIC) -> list[str]:
    return [hit.id for hit in service.search_items(q, scope=scope, log=False).hits]


def test_a_repeated_search_is_served_from_the_cache(search_index, committed, site_structure):
    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen")
    first = service.search_items("zwemb", scope=Scope.PUBLIC, log=False)
    second = service.search_items("zwemb", scope=Scope.PUBLIC, log=False)
    assert [h.id for h in second.hits] == [item.external_id]
    assert second == first
    # A cached result is the stored object: its timing is the first run's, to the microsecond.
    assert second.processing_ms == first.processing_ms


def test_every_write_is_seen_by_the_next_search(search_index, committed, site_structure):
    with committed():
        first = make_item("fiche", title="Zwembad abonnement kopen")
    assert ids("zwembad") == [first.external_id]
    with committed():
        second = make_item("fiche", title="Zwembad openingsuren")
    assert set(ids("zwembad")) == {first.external_id, second.external_id}
    with committed():
        services.unpublish(first)
    assert ids("zwembad") == [second.external_id]


def test_operator_results_never_answer_a_public_search(search_index, committed, site_structure):
    with committed():
        internal = make_item("fiche", title="Sauna personeelskorting", visibility="internal")
    assert ids("sauna", Scope.OPERATOR) == [internal.external_id]
    assert ids("sauna", Scope.PUBLIC) == []
    assert ids("sauna", Scope.OPERATOR) == [internal.external_id]


def test_the_index_version_changes_with_each_write(search_index):
    doc = {"id": "gen-1", "type": "fiche", "title": "Zwembad", "short_answer": "Open.", "url": "/vragen/zwembad/",
           "visibility": "public"}
    assert search_index.index_version() is None  # no index yet: nothing is cached
    search_index.upsert([doc])
    first = search_index.index_version()
    assert first is not None and first == search_index.index_version()
    search_index.upsert([{**doc, "title": "Zwembad Molenhoek"}])
    second = search_index.index_version()
    search_index.delete(["gen-1"])
    assert len({first, second, search_index.index_version()}) == 3
