"""Embedded (tantivy) backend specifics: several instances/processes on one directory, atomic
rebuild under concurrent readers, settings shared through the index directory."""

from __future__ import annotations

import multiprocessing
import threading

from search.backends.embedded import EmbeddedBackend
from search.port import SearchQuery
from search.settings import default_settings


def _upsert_in_process(path: str, start: int, count: int) -> None:
    from tests.search.conftest import make_doc

    backend = EmbeddedBackend(path)
    for i in range(start, start + count):
        backend.upsert([make_doc(f"doc-{i}", f"Document nummer {i}")])


def test_second_instance_sees_writes_of_the_first(tmp_path, corpus, search_settings):
    writer = EmbeddedBackend(tmp_path, settings=search_settings)
    reader = EmbeddedBackend(tmp_path, settings=search_settings)
    assert reader.count() == 0
    writer.upsert(corpus)
    assert reader.count() == len(corpus)
    writer.delete(["reispas"])
    assert "reispas" not in reader.ids()


def test_writes_from_several_processes_are_serialised(tmp_path):
    EmbeddedBackend(tmp_path).count()  # create the index
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_upsert_in_process, args=(str(tmp_path), n * 10, 10)) for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert EmbeddedBackend(tmp_path).count() == 30


def test_readers_never_see_a_half_built_index(tmp_path, make_doc):
    backend = EmbeddedBackend(tmp_path)
    backend.upsert([make_doc(f"old-{i}", f"Oud document {i}") for i in range(50)])
    reader = EmbeddedBackend(tmp_path)
    seen: set[int] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.add(reader.count())

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for round_ in range(3):
            size = 400 + round_
            backend.rebuild([make_doc(f"new-{i}", f"Nieuw document {i}") for i in range(size)])
    finally:
        stop.set()
        thread.join()
    assert seen <= {50, 400, 401, 402}
    assert reader.count() == 402
    assert reader.ids() == {f"new-{i}" for i in range(402)}
    # Only the live index and the previous one stay on disk.
    assert len(list(tmp_path.glob("index-*"))) == 2


def test_settings_applied_by_one_instance_reach_the_others(tmp_path, corpus):
    first = EmbeddedBackend(tmp_path, settings=default_settings())
    second = EmbeddedBackend(tmp_path, settings=default_settings())
    first.upsert(corpus)
    assert "eid-aanvragen" not in [h.id for h in second.search(SearchQuery(q="ID-kaart ")).hits]
    first.apply_settings(default_settings(synonyms=[["ID-kaart", "identiteitskaart"]]))
    assert "eid-aanvragen" in [h.id for h in second.search(SearchQuery(q="ID-kaart ")).hits]
    # A new instance without explicit settings loads the stored ones.
    assert EmbeddedBackend(tmp_path).settings == first.settings


def test_query_of_only_stop_words_searches_them(tmp_path, corpus):
    # Meilisearch does not index stop words; the embedded engine keeps them for such queries.
    backend = EmbeddedBackend(tmp_path)
    backend.upsert(corpus)
    assert [h.id for h in backend.search(SearchQuery(q="hoe ")).hits] == ["reispas"]


def test_public_scope_is_enforced_by_the_port_even_if_a_backend_leaks(tmp_path, corpus):
    class LeakyBackend(EmbeddedBackend):
        def _search(self, query, *, public_only):  # ignores public_only on purpose
            return super()._search(query, public_only=False)

    backend = LeakyBackend(tmp_path)
    backend.upsert(corpus)
    result = backend.search(SearchQuery(q="reispas "))
    assert "intern-reispas-spoed" not in [h.id for h in result.hits]
    assert "reispas" in [h.id for h in result.hits]
