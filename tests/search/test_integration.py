"""The search index follows the content: publish, unpublish, visibility, delete, drafts, synonyms, query log.

Real database, real Wagtail pages (tests.factories.make_item through kennisbank.services), the real
embedded backend in a temporary directory, tasks through django-tasks' immediate backend. Index
updates are enqueued on transaction commit, so every write runs inside ``committed()``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kennisbank import services
from kennisbank.models import ContentPage, FicheIndexPage, Synonym
from kennisbank.selectors import Scope
from search import querylog, service
from search.documents import document_for, iter_documents
from search.models import QueryLog
from search.port import InvalidQuery
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def ids(q: str, scope: Scope = Scope.PUBLIC, **kwargs) -> list[str]:
    return [hit.id for hit in service.search_items(q, scope=scope, log=False, **kwargs).hits]


def test_published_item_is_findable_with_its_public_url(search_index, committed, site_structure):
    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen", themes=["Sport"])
    result = service.search_items("zwembad", scope=Scope.PUBLIC, log=False)
    assert [h.id for h in result.hits] == [item.external_id]
    hit = result.hits[0]
    assert hit.url == item.get_url() == f"/vragen/{item.slug}/"
    assert "<em>Zwembad</em>" in hit.highlights["title"]


def test_typo_and_prefix_find_the_item(search_index, committed, site_structure):
    with committed():
        item = make_item("product", title="Omgevingsvergunning aanvragen")
    assert ids("omgevingsvergunnig") == [item.external_id]  # one typo
    assert ids("omgevingsv") == [item.external_id]  # type-as-you-go prefix


def test_unpublished_item_is_gone(search_index, committed, site_structure):
    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen")
    assert ids("zwembad") == [item.external_id]
    with committed():
        services.unpublish(item)
    assert ids("zwembad") == []
    assert ids("zwembad", Scope.OPERATOR) == []
    assert item.external_id not in search_index.ids()


def test_internal_item_only_in_operator_scope_with_console_url(search_index, committed, site_structure):
    with committed():
        internal_fiche = make_item("fiche", title="Interne procedure pincode geheim", visibility="internal",
                                   short_answer="GEHEIM-INTERN: enkel voor het loket.")
    assert ids("pincode geheim") == []
    assert ids("GEHEIM-INTERN") == []
    result = service.search_items("pincode geheim", scope=Scope.OPERATOR, log=False)
    assert [h.id for h in result.hits] == [internal_fiche.external_id]
    assert result.hits[0].url == f"/onthaal/item/{internal_fiche.external_id}/"
    assert result.hits[0].visibility == "internal"


def test_item_turned_internal_leaves_public_scope_but_stays_for_operators(search_index, committed, site_structure):
    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen")
    assert ids("zwembad") == [item.external_id]
    item.visibility = "internal"
    with committed():
        services.publish(item)
    assert ids("zwembad") == []
    hits = service.search_items("zwembad", scope=Scope.OPERATOR, log=False).hits
    assert [h.id for h in hits] == [item.external_id]
    assert hits[0].url == f"/onthaal/item/{item.external_id}/"
    # ... and back to public
    item.visibility = "public"
    with committed():
        services.publish(item)
    assert ids("zwembad") == [item.external_id]


def test_deleted_item_is_gone(search_index, committed, site_structure):
    with committed():
        item = make_item("product", title="Zwembad abonnement kopen")
        other = make_item("product", title="Zwembad openingsuren")
    assert set(ids("zwembad")) == {item.external_id, other.external_id}
    with committed():
        ContentPage.objects.get(pk=item.pk).delete()
    assert ids("zwembad") == [other.external_id]
    assert item.external_id not in search_index.ids()


def test_draft_changes_are_not_indexed_until_published(search_index, committed, site_structure):
    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen")
        draft_only = make_item("fiche", title="Sporthal reserveren", live=False)
    assert ids("sporthal", Scope.OPERATOR) == []
    assert document_for(draft_only) is None
    item.title = "Sporthal huren"
    with committed():
        services.save_draft(item)
    assert ids("sporthal", Scope.OPERATOR) == []
    assert ids("zwembad") == [item.external_id]
    with committed():
        services.publish(item)
    assert ids("sporthal") == [item.external_id]
    assert ids("zwembad") == []


def test_changed_external_id_replaces_the_old_document(search_index, committed, site_structure):
    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen", external_id="zwembad-oud")
    item.external_id = "zwembad-nieuw"
    with committed():
        services.publish(item)
    assert ids("zwembad") == ["zwembad-nieuw"]
    assert "zwembad-oud" not in search_index.ids()


def test_renamed_index_page_updates_urls_of_items_below(search_index, committed, site_structure):
    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen")
    index = FicheIndexPage.objects.get()
    index.slug = "faq"
    with committed():
        services.publish(index)
    hit = service.search_items("zwembad", scope=Scope.PUBLIC, log=False).hits[0]
    assert hit.url == f"/faq/{item.slug}/"


def test_synonym_snippet_makes_synonym_queries_find_the_item(search_index, committed, site_structure):
    with committed():
        item = make_item("product", title="Identiteitskaart aanvragen",
                         short_answer="Vraag uw kaart aan aan de balie van het stadhuis.")
    assert ids("eid") == []
    with committed():
        synonym = Synonym.objects.create(terms="eID, identiteitskaart, ID-kaart")
    assert ids("eid") == [item.external_id]
    assert ids("id-kaart ") == [item.external_id]
    with committed():
        synonym.delete()
    assert ids("eid") == []


def test_editor_scope_and_unknown_channel_are_refused(search_index):
    with pytest.raises(InvalidQuery, match="scope"):
        service.search_items("eid", scope=Scope.EDITOR)
    with pytest.raises(InvalidQuery, match="channel"):
        service.search_items("eid", scope=Scope.PUBLIC, channel="fax")
    with pytest.raises(InvalidQuery, match="filters"):
        service.search_items("eid", scope=Scope.PUBLIC, filters={"visibility": "internal"})


def test_filters_and_facets(search_index, committed, site_structure):
    with committed():
        fiche = make_item("fiche", title="Zwembad abonnement kopen", themes=["Sport"], audiences=["citizen"])
        product = make_item("product", title="Zwembad huren voor verenigingen", themes=["Sport"],
                            audiences=["association"])
        make_item("product", title="Zwembad intern rooster", themes=["Sport"], visibility="internal")
    result = service.search_items("zwembad", scope=Scope.PUBLIC, facets=["type", "theme", "audience"], log=False)
    assert {h.id for h in result.hits} == {fiche.external_id, product.external_id}
    assert result.facets["type"] == {"fiche": 1, "product": 1}
    assert result.facets["theme"] == {"sport": 2}
    assert ids("zwembad", filters={"audience": "association"}) == [product.external_id]
    assert ids("zwembad", filters={"type": "fiche", "theme": "sport"}) == [fiche.external_id]


def test_query_is_logged_with_result_count_and_channel(search_index, committed, site_structure):
    with committed():
        make_item("fiche", title="Zwembad abonnement kopen")
    since = timezone.now() - dt.timedelta(minutes=1)
    service.search_items("  Zwembad  ", scope=Scope.PUBLIC, channel="api")
    # Lexical: no item holds both words (hybrid search could find the swimming pool by meaning).
    service.search_items("Sauna met korting", scope=Scope.PUBLIC, channel="website", mode="lexical")
    service.search_items("sauna met   KORTING", scope=Scope.OPERATOR, channel="operator", mode="lexical")
    service.search_items("zwemb", scope=Scope.PUBLIC, channel="website", log=False)  # typing: not logged
    service.search_items("", scope=Scope.PUBLIC, channel="website")  # listing: not logged

    rows = list(QueryLog.objects.order_by("pk").values_list("query", "channel", "scope", "result_count"))
    assert rows == [
        ("zwembad", "api", "public", 1),
        ("sauna met korting", "website", "public", 0),
        ("sauna met korting", "operator", "operator", 0),
    ]
    zero = querylog.zero_result_queries(since)
    assert [(z["query"], z["count"]) for z in zero] == [("sauna met korting", 2)]
    assert [z["query"] for z in querylog.zero_result_queries(since, channel="api")] == []
    assert [z["query"] for z in querylog.zero_result_queries(since, channel="operator")] == ["sauna met korting"]
    top = querylog.top_queries(since)
    assert [(t["query"], t["count"]) for t in top] == [("sauna met korting", 2), ("zwembad", 1)]
    assert top[1]["avg_results"] == 1.0
    assert querylog.zero_result_queries(timezone.now() + dt.timedelta(minutes=1)) == []


def test_query_log_holds_no_personal_data(search_index):
    assert {f.name for f in QueryLog._meta.get_fields()} == {
        "id", "query", "channel", "scope", "result_count", "low_confidence", "created_at"}
    service.search_items("mijn rijksregisternummer is 85.07.30-033.28, mail jan.peeters@example.org",
                         scope=Scope.PUBLIC)
    service.search_items("bel me op 0470 12 34 56", scope=Scope.PUBLIC)
    assert list(QueryLog.objects.order_by("pk").values_list("query", flat=True)) == [
        "mijn rijksregisternummer is [nummer], mail [e-mail]",
        "bel me op [nummer]",
    ]


def test_prune_keeps_recent_rows(search_index, settings):
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "QUERY_LOG_RETENTION_DAYS": 30}
    old = QueryLog.objects.create(query="oud", channel="website", scope="public", result_count=0,
                                  created_at=timezone.now() - dt.timedelta(days=31))
    recent = QueryLog.objects.create(query="recent", channel="website", scope="public", result_count=0,
                                     created_at=timezone.now() - dt.timedelta(days=29))
    assert querylog.prune() == 1
    assert list(QueryLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not QueryLog.objects.filter(pk=old.pk).exists()


def test_iter_documents_covers_live_items_in_batches(site_structure, django_assert_max_num_queries):
    for n in range(7):
        make_item("fiche", title=f"Fiche {n}", themes=["Sport", "Vrije tijd"], life_events=["Verhuizen"],
                  visibility="internal" if n == 3 else "public")
    make_item("fiche", title="Ontwerp", live=False)
    # 3 batches of 3: per batch the items, 3 prefetches and the public check; plus the final empty read.
    with django_assert_max_num_queries(3 * 6 + 2):
        docs = list(iter_documents(batch_size=3))
    assert len(docs) == 7
    assert [d["visibility"] for d in docs].count("internal") == 1
    internal = next(d for d in docs if d["visibility"] == "internal")
    assert internal["url"].startswith("/onthaal/item/")
    assert docs[0]["themes"] == ["Sport", "Vrije tijd"] and docs[0]["theme_slugs"] == ["sport", "vrije-tijd"]
    assert docs[0]["life_event_slugs"] == ["verhuizen"] and docs[0]["audience"] == ["citizen"]
    assert all(d["type"] == "fiche" and d["updated_at"] for d in docs)


def test_view_restricted_item_leaves_public_scope(search_index, committed, site_structure):
    from wagtail.models import PageViewRestriction

    with committed():
        item = make_item("fiche", title="Zwembad abonnement kopen")
    with committed():
        restriction = PageViewRestriction.objects.create(page=item, restriction_type="password", password="x")
    assert ids("zwembad") == []
    hits = service.search_items("zwembad", scope=Scope.OPERATOR, log=False).hits
    assert [(h.id, h.url) for h in hits] == [(item.external_id, f"/onthaal/item/{item.external_id}/")]
    with committed():
        restriction.delete()
    assert ids("zwembad") == [item.external_id]
