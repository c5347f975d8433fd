"""The Meilisearch adapter's HTTP calls, against a local imitation of the Meilisearch v1.x API (runs in CI).

What is checked: the request shapes the real server accepts (settings and search bodies with known fields only,
documents add / delete-batch / fetch, task polling), the keys used (never the master key at run time), that body
snippets are highlighted, and that every failure (5xx, timeout, refused connection, a body that is no JSON or of
the wrong shape, a failed task) leaves the port as ``BackendUnavailable``.
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from search.backends.meilisearch import HIGHLIGHT, MeilisearchBackend
from search.port import BackendUnavailable, SearchQuery
from search.settings import default_settings

from .meili_imitation import DEFAULT_KEYS, MeiliImitation


def doc(doc_id: str, title: str, **extra):
    return {"id": doc_id, "type": "fiche", "title": title, "short_answer": extra.pop("short_answer", "Kort."),
            "body": extra.pop("body", ""), "visibility": extra.pop("visibility", "public"), "url": f"/{doc_id}/",
            **extra}


@pytest.fixture
def meili():
    with MeiliImitation() as server:
        yield server


@pytest.fixture
def backend(meili):
    return MeilisearchBackend(meili.url, index_uid="kb", settings=default_settings(), master_key=meili.master_key,
                              timeout=1.0)


def raw(meili, method, path, body=None, key=None):
    """One request to the imitation as the real client would send it; returns (status, JSON body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(meili.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {key or meili.master_key}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_imitation_rejects_what_the_real_server_rejects(meili):
    assert raw(meili, "GET", "/indexes/nope") == (404, {
        "message": "Index `nope` not found.", "code": "index_not_found", "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#index_not_found"})
    raw(meili, "POST", "/indexes", {"uid": "x", "primaryKey": "id"})
    status, body = raw(meili, "PATCH", "/indexes/x/settings", {"searchableAttributes": ["title"], "typo": {}})
    assert (status, body["code"]) == (400, "bad_request") and "Unknown field `typo`" in body["message"]
    status, body = raw(meili, "POST", "/indexes/x/search", {"q": "a", "marin": "hello"})
    assert (status, body["code"]) == (400, "bad_request")
    status, body = raw(meili, "POST", "/indexes/x/search", {"q": ["doggo"]})
    assert (status, body["code"]) == (400, "invalid_search_q")
    status, body = raw(meili, "POST", "/indexes/x/documents", [{"id": "a"}], key=DEFAULT_KEYS["search"]["key"])
    assert (status, body["code"]) == (403, "invalid_api_key")


def test_settings_are_pushed_with_known_fields_only_and_every_task_is_awaited(meili, backend):
    backend.apply_settings(default_settings())
    patch = meili.calls("PATCH", "/indexes/kb/settings")
    assert patch, "the settings were not pushed"
    assert set(patch[-1].body) <= {"searchableAttributes", "filterableAttributes", "synonyms", "stopWords",
                                   "typoTolerance", "rankingRules", "displayedAttributes", "faceting",
                                   "pagination", "sortableAttributes", "separatorTokens", "nonSeparatorTokens",
                                   "dictionary", "proximityPrecision", "embedders"}
    assert meili.indexes["kb"].settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    polled = {int(r.path.rsplit("/", 1)[1]) for r in meili.calls("GET", "/tasks/")}
    assert polled == set(meili.tasks), "every write task is polled until it is done"
    assert all(meili.polls[uid] >= 2 for uid in polled), "a 'processing' task is polled again"


def test_highlight_modes_shape_the_request_and_the_hits(meili, backend):
    backend.upsert([doc("eid", "Identiteitskaart aanvragen", short_answer="Vraag uw kaart aan bij burgerzaken.",
                        body="De dienst burgerzaken van de gemeente maakt de kaart.")])
    shown = backend.search(SearchQuery(q="burgerzaken", highlight="shown")).hits[0]
    assert set(shown.highlights) == {"short_answer"}  # the body snippet is not shown next to a marked short answer
    assert set(backend.search(SearchQuery(q="burgerzaken")).hits[0].highlights) == {"short_answer", "body"}
    assert backend.search(SearchQuery(q="burgerzaken", highlight="none")).hits[0].highlights == {}
    body = meili.calls("POST", "/indexes/kb/search")[-1].body
    assert "attributesToHighlight" not in body and "attributesToCrop" not in body  # nothing computed server-side


def test_documents_are_added_found_with_body_highlights_and_deleted(meili, backend):
    backend.upsert([doc("eid", "Identiteitskaart aanvragen",
                        body="U vraagt een nieuwe kaart aan bij de dienst burgerzaken van de gemeente."),
                    doc("intern", "Noodprocedure kaart", visibility="internal")])
    assert backend.count() == 2 and backend.ids() == {"eid", "intern"}
    result = backend.search(SearchQuery(q="burgerzaken", scope="public"))
    assert [h.id for h in result.hits] == ["eid"]
    assert "<em>burgerzaken</em>" in result.hits[0].highlights["body"]
    body = meili.calls("POST", "/indexes/kb/search")[-1].body
    assert body["attributesToHighlight"] == HIGHLIGHT and "body" in body["attributesToCrop"]
    assert body["filter"] == ['visibility = "public"']
    assert set(body) <= {"q", "offset", "limit", "attributesToRetrieve", "attributesToHighlight",
                         "attributesToCrop", "cropLength", "cropMarker", "highlightPreTag", "highlightPostTag",
                         "matchingStrategy", "showRankingScore", "filter", "facets"}
    operator = backend.search(SearchQuery(q="kaart", scope="operator", facets=("type",)))
    assert {h.id for h in operator.hits} == {"eid", "intern"} and operator.facets["type"] == {"fiche": 2}
    backend.delete(["intern"])
    assert meili.calls("POST", "/indexes/kb/documents/delete-batch")[-1].body == ["intern"]
    assert backend.ids() == {"eid"}


def test_runtime_calls_use_the_admin_and_search_keys_never_the_master_key(meili, backend):
    backend.upsert([doc("eid", "Identiteitskaart")])
    backend.search(SearchQuery(q="identiteitskaart", scope="public"))
    used = {(r.method, r.path.split("?")[0]): r.authorization for r in meili.requests}
    assert used[("GET", "/keys")] == f"Bearer {meili.master_key}"
    others = {k: v for k, v in used.items() if k != ("GET", "/keys")}
    assert f"Bearer {meili.master_key}" not in others.values()
    assert used[("POST", "/indexes/kb/search")] == f"Bearer {DEFAULT_KEYS['search']['key']}"
    assert used[("POST", "/indexes/kb/documents")] == f"Bearer {DEFAULT_KEYS['admin']['key']}"


def test_a_missing_index_reads_as_empty_and_is_never_created_by_a_read(meili, backend):
    assert backend.count() == 0 and backend.ids() == set()
    assert backend.search(SearchQuery(q="iets", scope="public")).total == 0
    assert "kb" not in meili.indexes


def test_rebuild_swaps_a_complete_new_index_in(meili, backend):
    backend.upsert([doc("oud", "Oud item")])
    assert backend.rebuild([doc("nieuw", "Nieuw item")]) == 1
    assert backend.ids() == {"nieuw"}
    assert meili.calls("POST", "/swap-indexes") and list(meili.indexes) == ["kb"]


@pytest.mark.parametrize("fault", ["500", "garbage", "shape"])
def test_every_failure_leaves_the_port_as_backend_unavailable(meili, backend, fault):
    backend.upsert([doc("eid", "Identiteitskaart")])
    meili.fault = fault
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery(q="identiteitskaart", scope="public"))
    with pytest.raises(BackendUnavailable):
        backend.upsert([doc("reispas", "Reispas")])
    assert backend.health()["ok"] is False


def test_a_server_that_hangs_fails_within_the_timeout(meili, backend):
    backend.upsert([doc("eid", "Identiteitskaart")])
    meili.fault, meili.hang_seconds = "hang", 4
    started = time.monotonic()
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery(q="identiteitskaart", scope="public"))
    assert time.monotonic() - started < 3


def test_a_refused_connection_is_backend_unavailable(meili, backend):
    backend.upsert([doc("eid", "Identiteitskaart")])
    meili.close()
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery(q="identiteitskaart", scope="public"))
    with pytest.raises(BackendUnavailable):
        backend.count()


def test_a_failed_task_is_backend_unavailable(meili, backend):
    backend.upsert([doc("eid", "Identiteitskaart")])
    meili.fail_next_task = "disk full"
    with pytest.raises(BackendUnavailable, match="failed"):
        backend.upsert([doc("reispas", "Reispas")])
