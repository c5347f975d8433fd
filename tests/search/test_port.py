"""Port-level contracts: document and query validation, settings, factory."""

from __future__ import annotations

import pytest

from search.backends import get_backend
from search.backends.embedded import EmbeddedBackend
from search.port import DocumentError, InvalidQuery, SearchQuery, validate_document
from search.settings import SearchSettings, default_settings


def test_document_validation_names_id_and_field(make_doc):
    with pytest.raises(DocumentError, match=r"'reispas'.*'visibility'"):
        validate_document(make_doc("reispas", "Reispas", visibility="geheim"))
    with pytest.raises(DocumentError, match=r"'x'.*'audience'.*ambtenaar"):
        validate_document(make_doc("x", "X", audience=["ambtenaar"]))
    with pytest.raises(DocumentError, match=r"'title' is required"):
        validate_document(make_doc("x", ""))
    with pytest.raises(DocumentError, match="'id'"):
        validate_document(make_doc("met spatie", "X"))
    with pytest.raises(DocumentError, match="'keywords' must be a list"):
        validate_document(make_doc("x", "X", keywords="paspoort"))


def test_invalid_document_in_a_batch_writes_nothing(tmp_path, make_doc):
    backend = EmbeddedBackend(tmp_path)
    with pytest.raises(DocumentError):
        backend.upsert([make_doc("goed", "Goed"), make_doc("fout", "Fout", type="blog")])
    assert backend.count() == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (SearchQuery(scope="iedereen"), "scope"),
        (SearchQuery(limit=0), "limit"),
        (SearchQuery(limit=101), "limit"),
        (SearchQuery(offset=-1), "offset"),
        (SearchQuery(filters={"kleur": "rood"}), "kleur"),
        (SearchQuery(filters={"visibility": "internal"}), "visibility"),
        (SearchQuery(facets=["visibility"]), "visibility"),
        (SearchQuery(filters={"type": []}), "type"),
    ],
)
def test_invalid_queries_are_rejected(tmp_path, query, message):
    with pytest.raises(InvalidQuery, match=message):
        EmbeddedBackend(tmp_path).search(query)


def test_operator_may_filter_on_visibility(loaded):
    result = loaded.search(SearchQuery(scope="operator", filters={"visibility": "internal"}))
    assert [h.id for h in result.hits] == ["intern-reispas-spoed"]


def test_settings_round_trip_and_meilisearch_form():
    settings = default_settings(synonyms=[["eID", "ID-kaart", "identiteitskaart"], ["x"]])
    assert SearchSettings.from_dict(settings.to_dict()) == settings
    assert settings.synonyms == (("eID", "ID-kaart", "identiteitskaart"),)  # one-term groups dropped
    body = settings.meilisearch_settings()
    assert body["synonyms"]["id kaart"] == ["eid", "identiteitskaart"]
    assert body["synonyms"]["eid"] == ["id kaart", "identiteitskaart"]
    assert body["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert body["searchableAttributes"] == ["title", "keywords", "short_answer", "body"]
    assert {"hoe", "wat", "ik", "een"} <= set(body["stopWords"])
    assert "visibility" in body["filterableAttributes"]


def test_factory_defaults_to_embedded_in_the_data_dir(tmp_path, monkeypatch, settings):
    monkeypatch.delenv("MEILI_URL", raising=False)
    settings.KENNISBANK_SEARCH = {"INDEX_DIR": tmp_path / "idx", "MEILI_URL": ""}
    backend = get_backend()
    assert backend.name == "embedded"
    assert backend.path == tmp_path / "idx"
    assert get_backend(index_dir=tmp_path / "other").path == tmp_path / "other"


def test_factory_picks_meilisearch_when_a_url_is_configured(settings):
    settings.KENNISBANK_SEARCH = {"MEILI_URL": "http://127.0.0.1:1", "MEILI_MASTER_KEY": "k", "MEILI_INDEX": "kb_test"}
    meili = get_backend()
    assert meili.name == "meilisearch"
    assert meili.index_uid == "kb_test"
    assert meili.health()["ok"] is False  # nothing listens there: reported, not raised
