"""Editors close the loop: a search nobody found shows the nearest items by meaning; one click adds the query as a
keyword of the chosen item (a new revision, published, reindexed) and the next search finds it."""

from __future__ import annotations

import pytest

from kennisbank.models import ContentPage
from kennisbank.selectors import Scope
from search import querylog, service
from search.models import PendingIndexChange
from search.tasks import sync_pending
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the on-commit callbacks (the index tasks) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def catalogue(search_index, committed, site_structure):
    with committed():
        swim = make_item("product", title="Zwembad De Golf",
                         short_answer="Baantjes zwemmen en zwemles voor kinderen in het gemeentelijk zwembad.")
        make_item("product", title="Huisvuilzakken kopen", short_answer="Koop rode zakken in de supermarkt.")
    return swim


@pytest.fixture
def moderator_client(client):
    client.force_login(make_user("moderator", groups=["Moderators"]))
    return client


def test_a_search_nobody_found_shows_the_nearest_items_and_one_click_fixes_it(catalogue, moderator_client,
                                                                              committed):
    q = "zwemlessen dochter"  # no item holds these words: lexically nothing, the swimming pool is nearest in meaning
    assert service.search_items(q, scope=Scope.PUBLIC, mode="lexical").total == 0
    querylog.log_query(q, channel="website", scope="public", result_count=0)

    html = moderator_client.get("/admin/inzicht/niet-gevonden/").content.decode()
    assert q in html
    first = html.index(q)
    assert html.index("Zwembad De Golf", first) < html.find("Huisvuilzakken kopen", first) or \
        "Huisvuilzakken kopen" not in html[first:]

    with committed():
        response = moderator_client.post("/admin/inzicht/niet-gevonden/", {"query": q,
                                                                           "item": catalogue.external_id})
    assert response.status_code == 302
    page = ContentPage.objects.get(pk=catalogue.pk).specific
    assert q in page.keyword_list and not page.has_unpublished_changes
    sync_pending()  # the index task (the immediate task backend of the tests ran it on commit already)
    assert not PendingIndexChange.objects.exists()
    hits = service.search_items(q, scope=Scope.PUBLIC, mode="lexical").hits
    assert [h.id for h in hits] == [catalogue.external_id]

    with committed():  # a second click changes nothing
        moderator_client.post("/admin/inzicht/niet-gevonden/", {"query": q, "item": catalogue.external_id})
    assert ContentPage.objects.get(pk=catalogue.pk).specific.keyword_list.count(q) == 1


def test_an_editor_who_may_not_publish_gets_the_keyword_in_a_draft(catalogue, editor_client):
    editor_client.post("/admin/inzicht/niet-gevonden/", {"query": "zwemlessen dochter",
                                                          "item": catalogue.external_id})
    live = ContentPage.objects.get(pk=catalogue.pk).specific
    assert "zwemlessen dochter" not in live.keyword_list
    assert "zwemlessen dochter" in live.get_latest_revision_as_object().keyword_list


def test_an_item_with_a_draft_gets_the_keyword_in_the_draft(catalogue, moderator_client):
    catalogue.short_answer = "Nieuwe tekst in voorbereiding."
    catalogue.save_revision()
    moderator_client.post("/admin/inzicht/niet-gevonden/", {"query": "zwemlessen dochter",
                                                          "item": catalogue.external_id})
    live = ContentPage.objects.get(pk=catalogue.pk).specific
    assert "zwemlessen dochter" not in live.keyword_list  # nothing unreviewed went live
    draft = live.get_latest_revision_as_object()
    assert "zwemlessen dochter" in draft.keyword_list and draft.short_answer == "Nieuwe tekst in voorbereiding."


def test_only_editors_of_the_item_may_add(catalogue, client):
    viewer = make_user("kijker", perms=["wagtailadmin.access_admin", "kb_insight.view_insight"])
    client.force_login(viewer)
    response = client.post("/admin/inzicht/niet-gevonden/", {"query": "x", "item": catalogue.external_id})
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    assert "x" not in ContentPage.objects.get(pk=catalogue.pk).specific.keyword_list


def test_a_search_found_by_meaning_only_is_logged_as_low_confidence_and_listed(catalogue, moderator_client):
    from search.models import QueryLog

    result = service.search_items("zwemlessen dochter", scope=Scope.PUBLIC, channel="website")
    assert [h.id for h in result.hits][:1] == [catalogue.external_id] and result.hits[0].matched == "semantic"
    service.search_items("zwembad", scope=Scope.PUBLIC, channel="website")  # found by its words
    rows = {row.query: row for row in QueryLog.objects.all()}
    assert rows["zwemlessen dochter"].low_confidence and rows["zwemlessen dochter"].result_count >= 1
    assert not rows["zwembad"].low_confidence
    html = moderator_client.get("/admin/inzicht/niet-gevonden/").content.decode()
    assert "zwemlessen dochter" in html and "alleen op betekenis" in html
    assert "<strong>zwembad</strong>" not in html
