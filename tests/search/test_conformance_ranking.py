"""Conformance: the Meilisearch behaviours the lexical engine follows (both backends; Meilisearch with MEILI_URL).

Matching strategy ``last`` that fills the list with documents matching fewer words, the ranking rules in
Meilisearch's order (words, typo, proximity, attribute, exactness), n-grams ("orgaan donatie" → orgaandonatie),
split words ("huisvuilophaling" → huisvuil ophaling), ``"phrases"`` and ``-word``.
"""

from __future__ import annotations

from search.port import SearchQuery

from .conftest import make_doc


def ids(backend, q: str, scope: str = "public", **kwargs) -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(q=q, scope=scope, **kwargs)).hits]


def test_last_fills_the_list_with_items_matching_fewer_words(backend):
    backend.upsert([
        make_doc("beide", "Afspraak maken bij de dienst burgerzaken"),
        make_doc("een-woord", "Afspraak verzetten of annuleren"),
        make_doc("geen", "Openingsuren van het recyclagepark"),
    ])
    result = backend.search(SearchQuery(q="afspraak maken "))
    assert [hit.id for hit in result.hits] == ["beide", "een-woord"]  # all words first, then fewer
    assert result.total == 2


def test_an_exact_match_never_ranks_below_a_typo_match(backend):
    backend.upsert([
        make_doc("typo-in-titel", "Zakken voor huisvuil kopen", short_answer="Koop zakken aan het loket."),
        make_doc("exact-in-tekst", "Ondernemen in de gemeente", body="Wij helpen u met uw zaken en uw vragen."),
    ])
    assert ids(backend, "zaken ")[0] == "exact-in-tekst"  # typo rule before attribute rule


def test_words_side_by_side_beat_scattered_words(backend):
    backend.upsert([
        make_doc("verspreid", "Drie documenten meebrengen", body="Na enkele weken krijgt u bericht."),
        make_doc("naast-elkaar", "Uw nieuwe kaart", body="De kaart is binnen drie weken klaar."),
    ])
    assert ids(backend, "drie weken ") == ["naast-elkaar", "verspreid"]  # proximity before attribute


def test_adjacent_query_words_are_joined(backend):
    backend.upsert([make_doc("orgaandonatie", "Orgaandonatie registreren"),
                    make_doc("huisvuilzakken", "Huisvuilzakken kopen")])
    assert ids(backend, "orgaan donatie ") == ["orgaandonatie"]
    assert ids(backend, "huis vuil zakken ") == ["huisvuilzakken"]


def test_one_word_is_split_into_two_indexed_words(backend):
    backend.upsert([make_doc("ophaling", "Huisvuil ophaling in uw straat"),
                    make_doc("ander", "Huisvuilzakken kopen")])
    assert ids(backend, "huisvuilophaling ")[0] == "ophaling"


def test_a_quoted_phrase_needs_the_words_together_and_in_order(backend):
    backend.upsert([
        make_doc("samen", "Uw kaart", body="De kaart is binnen drie weken klaar."),
        make_doc("los", "Weken en dagen", body="Reken op drie of vier werkdagen."),
    ])
    assert ids(backend, '"drie weken"') == ["samen"]
    assert set(ids(backend, "drie weken ")) == {"samen", "los"}


def test_a_minus_word_excludes_items_with_that_word(loaded):
    assert "intern-reispas-spoed" in ids(loaded, "reispas ", scope="operator")
    assert "intern-reispas-spoed" not in ids(loaded, "reispas -spoed ", scope="operator")
    assert "reispas" in ids(loaded, "reispas -spoed ", scope="operator")
    assert ids(loaded, 'reispas -"bij spoed" ', scope="operator") == [
        i for i in ids(loaded, "reispas ", scope="operator") if i != "intern-reispas-spoed"]


def test_a_hyphen_inside_a_word_is_not_a_minus(loaded):
    assert "geboorteaangifte" in ids(loaded, "geboorte-aangifte ")
