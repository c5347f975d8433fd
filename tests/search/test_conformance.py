"""Search conformance suite: every backend must pass every test here.

The embedded backend always runs; the Meilisearch half runs when MEILI_URL is set.
"""

from __future__ import annotations

import pytest

from search.port import SearchQuery, SearchResult


def search(backend, q: str, scope: str = "public", **kwargs) -> SearchResult:
    return backend.search(SearchQuery(q=q, scope=scope, **kwargs))


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


# -- matching ---------------------------------------------------------------------------------
def test_exact_match_ranks_first(loaded):
    result = search(loaded, "reispas ")
    assert ids(result)[0] == "reispas"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("reipas ", "reispas"),  # 6 letters, one letter missing
        ("identiteitskart ", "eid-aanvragen"),
        ("parkeerkaat ", "parkeerkaart"),
    ],
)
def test_one_typo_from_five_letters(loaded, q, expected):
    assert expected in ids(search(loaded, q))


def test_no_typo_under_five_letters(loaded):
    # "fits" is one letter away from "fiets", but 4-letter words get no typo.
    assert search(loaded, "fits ").total == 0
    assert "fiets-graveren" in ids(search(loaded, "fiets "))


def test_two_typos_from_nine_letters(loaded):
    assert "omgevingsvergunning" in ids(search(loaded, "omgevingsvorgunnang "))


def test_two_typos_not_allowed_under_nine_letters(loaded):
    # "paspoort" has 8 letters: one typo allowed, this has two.
    assert search(loaded, "pospoirt ").total == 0
    assert "reispas" in ids(search(loaded, "paspoirt "))


def test_transposition_counts_as_one_typo(loaded):
    assert "reispas" in ids(search(loaded, "riespas "))


@pytest.mark.parametrize(
    ("q", "expected"),
    [("omgevingsv", "omgevingsvergunning"), ("eid aan", "eid-aanvragen"), ("geboort", "geboorteaangifte")],
)
def test_prefix_on_last_word_as_you_type(loaded, q, expected):
    assert ids(search(loaded, q))[0] == expected


def test_no_prefix_after_trailing_space(loaded):
    assert search(loaded, "omgevingsv ").total == 0


def test_synonym_finds_other_term(loaded):
    # The eID document says "identiteitskaart", never "ID-kaart".
    assert "eid-aanvragen" in ids(search(loaded, "ID-kaart "))


def test_synonym_works_in_the_other_direction(loaded):
    # The lost-card document says "ID-kaart", never "identiteitskaart".
    assert "id-kaart-verloren" in ids(search(loaded, "identiteitskaart "))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("cafe ", "drankvergunning"),
        ("CAFÉ ", "drankvergunning"),
        ("belgie ", "belg-worden"),
        ("geboorte-aangifte ", "geboorteaangifte"),
    ],
)
def test_accent_case_and_hyphen_folding(loaded, q, expected):
    assert expected in ids(search(loaded, q))


def test_stop_words_in_a_question_are_ignored(loaded):
    result = search(loaded, "hoe vraag ik een reispas aan")
    assert ids(result)[0] == "reispas"


def test_query_of_only_stop_words_does_not_fail(loaded):
    result = search(loaded, "hoe moet ik")
    assert isinstance(result, SearchResult)
    assert all(hit.visibility == "public" for hit in result.hits)


def test_matching_strategy_last_drops_words_from_the_end(loaded):
    result = search(loaded, "reispas kwzxqj ")
    assert "reispas" in ids(result)


def test_placeholder_search_lists_all_public_documents(loaded, corpus):
    public = {d["id"] for d in corpus if d["visibility"] == "public"}
    result = search(loaded, "", limit=50)
    assert set(ids(result)) == public
    assert result.total == len(public)


# -- filters and facets ------------------------------------------------------------------------
def test_filter_by_theme_with_facet_counts(loaded):
    result = search(loaded, "", filters={"theme": "identiteit"}, facets=["type", "theme"])
    assert set(ids(result)) == {"eid-aanvragen", "id-kaart-verloren", "belg-worden"}
    assert result.facets["type"] == {"product": 1, "fiche": 2}
    assert result.facets["theme"] == {"identiteit": 3}


def test_filter_values_are_ored_and_filters_anded(loaded):
    result = search(loaded, "", filters={"theme": ["wonen", "gezin"]})
    assert set(ids(result)) == {"omgevingsvergunning", "geboorteaangifte"}
    result = search(loaded, "", filters={"theme": ["wonen", "gezin"], "audience": "business"})
    assert ids(result) == ["omgevingsvergunning"]


def test_filter_by_type_and_life_event(loaded):
    assert set(ids(search(loaded, "", filters={"type": "fiche"}))) == {"id-kaart-verloren", "belg-worden"}
    assert ids(search(loaded, "", filters={"life_event": "verhuizen"})) == ["omgevingsvergunning"]


def test_filters_combine_with_text(loaded):
    assert ids(search(loaded, "vergunning ", filters={"audience": "business"})) == ["drankvergunning"]
    assert search(loaded, "reispas ", filters={"theme": "wonen"}).total == 0


def test_facet_counts_public_exclude_internal(loaded):
    public = search(loaded, "", facets=["type", "audience"])
    assert public.facets["type"] == {"product": 7, "fiche": 2}
    assert "employee" not in public.facets["audience"]
    operator = search(loaded, "", scope="operator", facets=["type", "audience"])
    assert operator.facets["type"] == {"product": 7, "fiche": 3}
    assert operator.facets["audience"]["employee"] == 1


# -- highlighting ------------------------------------------------------------------------------
def test_highlights_mark_matches_with_em(loaded):
    hit = search(loaded, "reispas ").hits[0]
    assert "<em>Reispas</em>" in hit.highlights["title"]
    assert "<em>reispas</em>" in hit.highlights["short_answer"]
    assert "<em>" in hit.highlights["body"]


def test_highlight_shown_marks_the_body_only_when_the_short_answer_has_no_match(loaded):
    from search.port import SearchQuery

    full = search(loaded, "reispas ").hits[0]
    assert {"title", "short_answer", "body"} <= set(full.highlights)
    shown = loaded.search(SearchQuery(q="reispas ", highlight="shown")).hits[0]
    assert shown.id == full.id
    assert shown.highlights == {k: full.highlights[k] for k in ("title", "short_answer")}  # the body is not shown
    body_only = [h for h in loaded.search(SearchQuery(q="pasfoto ", highlight="shown", limit=50)).hits
                 if "short_answer" not in h.highlights]
    assert body_only and all("<em>" in h.highlights["body"] for h in body_only)  # there the body is the snippet
    assert all(not h.highlights for h in loaded.search(SearchQuery(q="reispas ", highlight="none")).hits)


def test_an_unknown_highlight_mode_is_refused(loaded):
    from search.port import InvalidQuery, SearchQuery

    with pytest.raises(InvalidQuery, match="highlight"):
        loaded.search(SearchQuery(q="reispas", highlight="everything"))


def test_highlights_mark_typo_and_prefix_matches(loaded):
    hit = search(loaded, "omgevingsv").hits[0]
    assert "<em>Omgevingsv" in hit.highlights["title"]  # the typed part at least
    hit = search(loaded, "riespas ").hits[0]
    assert "<em>Reispas</em>" in hit.highlights["title"]


def test_highlights_are_html_safe(loaded):
    hit = search(loaded, "parkeerkaart ").hits[0]
    title = hit.highlights["title"]
    assert "<b>" not in title
    assert "&amp;" in title and "&lt;b&gt;" in title
    assert "<em>Parkeerkaart</em>" in title


# -- scope -------------------------------------------------------------------------------------
def test_public_scope_never_returns_internal_documents(loaded):
    assert "intern-reispas-spoed" not in ids(search(loaded, "reispas ", limit=100))
    assert search(loaded, "werkwijze ").total == 0
    assert search(loaded, "", filters={"audience": "employee"}).total == 0


def test_operator_scope_includes_internal_documents(loaded):
    assert "intern-reispas-spoed" in ids(search(loaded, "reispas ", scope="operator"))
    assert ids(search(loaded, "werkwijze ", scope="operator")) == ["intern-reispas-spoed"]


def test_internal_hit_is_flagged_for_operators(loaded):
    hit = search(loaded, "werkwijze ", scope="operator").hits[0]
    assert hit.visibility == "internal"


# -- writes ------------------------------------------------------------------------------------
def test_count_and_ids(loaded, corpus):
    assert loaded.count() == len(corpus)
    assert loaded.ids() == {d["id"] for d in corpus}


def test_delete_removes_document(loaded, corpus):
    loaded.delete(["fiets-graveren", "does-not-exist"])
    assert search(loaded, "fiets ").total == 0
    assert loaded.count() == len(corpus) - 1
    assert "fiets-graveren" not in loaded.ids()


def test_upsert_replaces_without_duplicates(loaded, corpus, make_doc):
    loaded.upsert([make_doc("reispas", "Reispas of paspoort aanvragen", short_answer="Nieuwe tekst over kinderen.")])
    assert loaded.count() == len(corpus)
    result = search(loaded, "reispas ", limit=100)
    assert ids(result).count("reispas") == 1
    assert ids(search(loaded, "kinderen "))[0] == "reispas"
    assert search(loaded, "pasfoto ").total == 0  # old body is gone


def test_upsert_same_id_twice_in_one_batch_keeps_the_last(backend, make_doc):
    backend.upsert([make_doc("dubbel", "Eerste versie"), make_doc("dubbel", "Tweede versie")])
    assert backend.count() == 1
    assert search(backend, "tweede ").hits[0].id == "dubbel"
    assert search(backend, "eerste ").total == 0


def test_sync_upserts_and_deletes_in_one_call(loaded, corpus, make_doc):
    sent = loaded.sync([make_doc("nieuw", "Nieuwe dienstverlening"), make_doc("reispas", "Reispas vernieuwd")],
                       ["fiets-graveren", "reispas", "bestaat-niet"])
    assert sent == (2, 2)  # "reispas" is in both: it is upserted, not deleted
    assert loaded.ids() == {d["id"] for d in corpus} - {"fiets-graveren"} | {"nieuw"}
    assert ids(search(loaded, "vernieuwd "))[0] == "reispas"
    assert search(loaded, "fiets ").total == 0
    assert loaded.sync([], []) == (0, 0)


def test_rebuild_replaces_everything(loaded, corpus):
    subset = [d for d in corpus if d["id"] in {"reispas", "belg-worden", "parkeerkaart"}]
    assert loaded.rebuild(subset) == 3
    assert loaded.count() == 3
    assert loaded.ids() == {"reispas", "belg-worden", "parkeerkaart"}
    assert search(loaded, "omgevingsvergunning ").total == 0
    assert ids(search(loaded, "reispas "))[0] == "reispas"


def test_rebuild_into_empty_backend_then_upsert(backend, corpus, make_doc):
    assert backend.count() == 0
    assert backend.rebuild(corpus) == len(corpus)
    backend.upsert([make_doc("nieuw", "Nieuwe dienstverlening")])
    assert backend.count() == len(corpus) + 1


def test_health_reports_ok(loaded, corpus):
    health = loaded.health()
    assert health["ok"] is True
    assert health["documents"] == len(corpus)
    assert health["settings"] == loaded.settings.fingerprint()


def test_pagination(loaded):
    first = search(loaded, "", limit=4)
    second = search(loaded, "", limit=4, offset=4)
    assert len(first.hits) == 4 and len(second.hits) == 4
    assert not set(ids(first)) & set(ids(second))
    assert first.total == second.total == 9
