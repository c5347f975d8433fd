"""The public app API: visibility, filters, pagination, sparse fieldsets, errors, caching, search, preview."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from kennisbank import services
from kennisbank.models import ContentPage
from tests.channels.conftest import assert_no_secrets
from tests.factories import make_item, make_theme, make_user

pytestmark = pytest.mark.django_db


def ids(response) -> list[str]:
    return [item["id"] for item in response.json()["results"]]


def test_lists_show_only_public_live_items(client, catalogue):
    everything = client.get("/api/v1/items/")
    assert everything.status_code == 200
    assert sorted(ids(everything)) == ["afval-ophalen", "eid-aanvragen", "eid-verloren", "verhuis-doorgeven"]
    assert ids(client.get("/api/v1/products/")) == ["eid-aanvragen"]
    assert "eid-aanvragen" not in ids(client.get("/api/v1/fiches/"))
    for url in ("/api/v1/items/", "/api/v1/products/", "/api/v1/fiches/", "/api/v1/themes/", "/api/v1/life-events/"):
        assert_no_secrets(client.get(url).content.decode(), url)


def test_published_version_is_served_not_the_newer_draft(client, catalogue):
    body = client.get("/api/v1/items/afval-ophalen/").json()
    assert body["short_answer"] == "De afvalkalender staat online."


def test_filters_by_type_theme_life_event_and_audience(client, catalogue):
    assert ids(client.get("/api/v1/items/?type=product")) == ["eid-aanvragen"]
    assert sorted(ids(client.get("/api/v1/items/?theme=burgerzaken"))) == ["eid-aanvragen", "eid-verloren"]
    assert sorted(ids(client.get("/api/v1/items/?life_event=verhuizen"))) == ["eid-aanvragen", "verhuis-doorgeven"]
    assert ids(client.get("/api/v1/items/?audience=business")) == []
    # A theme only internal items use is as unknown to the public as one that does not exist: 400, same message.
    secret, missing = client.get("/api/v1/items/?theme=geheimthema"), client.get("/api/v1/items/?theme=bestaat-niet")
    assert secret.status_code == missing.status_code == 400
    assert secret.json()["error"]["code"] == "invalid" and "theme" in secret.json()["error"]["details"]
    assert "Onbekend thema" in str(missing.json()["error"]["details"]["theme"])


def test_detail_has_public_fields_and_never_internal_ones(client, catalogue):
    response = client.get("/api/v1/products/eid-aanvragen/")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "product"
    assert body["sections"][0]["heading"] == "Wat meebrengen?"
    assert "<li>een pasfoto</li>" in body["sections"][0]["html"]
    assert body["product"]["cost_lines"] == [{"label": "Volwassene", "amount": "25.30", "note": ""}]
    assert [r["id"] for r in body["related"]] == ["eid-verloren"]  # internal and draft related items dropped
    for forbidden in ("phone_notes", "phone_steps", "phone_questions", "phone_transfer", "owner_team", "owner",
                      "visibility"):
        assert forbidden not in body
    assert_no_secrets(response.content.decode(), "product detail")


NOT_PUBLIC = [
    "/api/v1/items/intern-geheim-xq/", "/api/v1/fiches/intern-geheim-xq/", "/api/v1/items/ontwerp-geheim-xq/",
    "/api/v1/products/eid-verloren/", "/api/v1/items/bestaat-niet/", "/api/v1/themes/geheimthema/",
    "/api/v1/themes/ontwerpthema/",
]


def test_internal_draft_wrong_type_and_unknown_are_404_in_the_error_format(client, catalogue):
    for url in NOT_PUBLIC:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"error": {"code": "not_found", "message": "Niet gevonden.", "details": {}}}


def test_sparse_fieldsets(client, catalogue):
    body = client.get("/api/v1/items/?fields=id,title").json()
    assert all(set(item) == {"id", "title"} for item in body["results"])
    detail = client.get("/api/v1/items/eid-aanvragen/?fields=id,sections").json()
    assert set(detail) == {"id", "sections"}
    bad = client.get("/api/v1/items/?fields=id,phone_notes")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid"
    assert "phone_notes" in bad.json()["error"]["details"]["fields"][0]


def test_unknown_and_invalid_query_parameters_are_400(client, catalogue):
    unknown = client.get("/api/v1/products/?thema=burgerzaken")
    assert unknown.status_code == 400
    error = unknown.json()["error"]
    assert error["code"] == "unknown_parameter" and "thema" in error["details"]
    assert client.get("/api/v1/items/eid-aanvragen/?limit=3").status_code == 400
    for query in ("limit=0", "limit=101", "limit=abc", "type=dienst", "audience=iedereen", "updated_since=gisteren"):
        response = client.get(f"/api/v1/items/?{query}")
        assert response.status_code == 400, query
        assert set(response.json()["error"]) == {"code", "message", "details"}


def test_damaged_cursor_is_a_404_in_the_error_format(client, catalogue):
    response = client.get("/api/v1/items/?cursor=kapot")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_cursor_pagination_walks_every_item_once(client, catalogue):
    seen: list[str] = []
    url = "/api/v1/items/?limit=1"
    while url:
        body = client.get(url).json()
        assert len(body["results"]) <= 1
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == ["afval-ophalen", "verhuis-doorgeven", "eid-aanvragen", "eid-verloren"]  # alphabetical by title


def test_updated_since_filters_the_list(client, catalogue):
    stamp = ContentPage.objects.get(external_id="afval-ophalen").last_published_at
    newer = ids(client.get("/api/v1/items/", {"updated_since": stamp.isoformat()}))
    assert "afval-ophalen" not in newer and "eid-aanvragen" in newer


def test_conditional_get_answers_304_until_the_content_changes(client, catalogue):
    urls = ["/api/v1/items/", "/api/v1/items/eid-aanvragen/", "/api/v1/themes/"]
    etags = {}
    for url in urls:
        first = client.get(url)
        etags[url], modified = first["ETag"], first["Last-Modified"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etags[url]).status_code == 304, url
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304, url
        assert client.get(url, HTTP_IF_NONE_MATCH='"iets-anders"').status_code == 200, url
    product = ContentPage.objects.get(external_id="eid-aanvragen").specific
    product.themes.add(make_theme("Wonen"))  # changes every one of the three bodies
    services.publish(product)
    for url in urls:
        changed = client.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert changed.status_code == 200 and changed["ETag"] != etags[url], url


def test_search_is_public_and_has_facets(client, catalogue):
    response = client.get("/api/v1/search/", {"q": "identiteitskaart"})
    assert response.status_code == 200
    body = response.json()
    assert {hit["id"] for hit in body["results"]} == {"eid-aanvragen", "eid-verloren"}
    assert set(body["results"][0]) == {"id", "type", "title", "short_answer", "url", "highlights", "matched",
                                       "language"}
    assert body["facets"]["type"] == {"product": 1, "fiche": 1}
    only_fiches = client.get("/api/v1/search/", {"q": "identiteitskaart", "type": "fiche"}).json()
    assert [hit["id"] for hit in only_fiches["results"]] == ["eid-verloren"]
    secret = client.get("/api/v1/search/", {"q": "pincode"})  # a word of the internal item's title
    assert secret.json()["total"] == 0
    assert_no_secrets(secret.content.decode(), "search")


def test_search_highlights_what_is_shown_unless_asked_for_all(client, catalogue):
    def highlights(q: str, **params: str) -> dict[str, dict[str, str]]:
        response = client.get("/api/v1/search/", {"q": q, **params})
        assert response.status_code == 200, response.content
        return {hit["id"]: hit["highlights"] for hit in response.json()["results"]}

    # "doc stop" is in the short answer and in the body of eid-verloren: the short answer is the snippet shown
    assert set(highlights("doc stop")["eid-verloren"]) == {"short_answer"}
    assert set(highlights("doc stop", highlight="all")["eid-verloren"]) == {"short_answer", "body"}
    # "kaart " is only in eid-aanvragen's body: there the body snippet stands in for the short answer
    assert "<em>kaart</em>" in highlights("kaart ")["eid-aanvragen"]["body"]
    assert all(marks == {} for marks in highlights("kaart ", highlight="none").values())
    bad = client.get("/api/v1/search/", {"q": "kaart", "highlight": "alles"})
    assert bad.status_code == 400 and "highlight" in bad.content.decode()


def test_operator_scope_needs_the_view_internal_permission(client, catalogue, operator_user):
    assert client.get("/api/v1/search/", {"q": "pincode", "scope": "operator"}).status_code == 403
    client.force_login(make_user("burger-met-account"))
    denied = client.get("/api/v1/search/", {"q": "pincode", "scope": "operator"})
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
    client.force_login(operator_user)
    allowed = client.get("/api/v1/search/", {"q": "pincode", "scope": "operator"})
    assert allowed.status_code == 200
    assert [hit["id"] for hit in allowed.json()["results"]] == ["intern-geheim-xq"]


def test_write_methods_are_refused(client, catalogue):
    response = client.post("/api/v1/items/", {"title": "x"})
    assert response.status_code in (403, 405)
    assert "error" in response.json()


def test_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/v1/bestaat/niet/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/bestaat").status_code == 404


def test_path_without_trailing_slash_redirects_with_its_query(client, db):
    response = client.get("/api/v1/search?q=eid&limit=5")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/search/?q=eid&limit=5"


def test_preview_is_only_for_editors_who_may_edit_the_page(client, catalogue, operator_user):
    url = "/api/v1/preview/afval-ophalen/"
    assert client.get(url).status_code == 403
    client.force_login(operator_user)
    assert client.get(url).status_code == 404
    editor = make_user("redacteur", groups=["Editors"])
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["short_answer"] == "WIJZIGINGNIETGEPUBLICEERD"
    draft = client.get("/api/v1/preview/ontwerp-geheim-xq/")
    assert draft.status_code == 200 and draft.json()["title"].startswith("ONTWERPTITEL")
    assert client.get("/api/v1/preview/bestaat-niet/").status_code == 404


def test_the_api_root_lists_its_endpoints(client, catalogue):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    urls = {e["name"]: e["url"] for e in body["endpoints"]}
    assert urls["item-list"] == "http://testserver/api/v1/items/" and "search" in urls and "changes" in urls
    for url in urls.values():
        assert client.get(url).status_code == 200, url


def test_every_api_timestamp_is_utc_with_z(client, catalogue):
    import re

    for url in ("/api/v1/items/", f"/api/v1/items/{catalogue.product.external_id}/", "/api/v1/changes/"):
        text = client.get(url).content.decode()
        stamps = re.findall(r'"(\d{4}-\d\d-\d\dT[^"]+)"', text)
        assert stamps, url
        assert all(s.endswith("Z") for s in stamps), (url, [s for s in stamps if not s.endswith("Z")])


def test_a_product_detail_costs_the_same_queries_for_one_or_four_service_points(client, site_structure, settings):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kennisbank.models import OpeningException, OpeningHours, ServicePoint

    settings.KENNISBANK_API_CACHE_SECONDS = 0  # the computed path
    counts = {}
    for n in (1, 4):
        product = make_item("product", title=f"Reispas aanvragen {n}", external_id=f"reispas-{n}")
        for i in range(n):
            point = ServicePoint.objects.create(name=f"Loket {n}-{i}", kind="town_hall", address="Markt 1")
            OpeningHours.objects.bulk_create([OpeningHours(point=point, weekday=d, opens=dt.time(9),
                                                           closes=dt.time(12)) for d in range(5)])
            OpeningException.objects.create(point=point, date=dt.date.today() + dt.timedelta(days=3))
            product.service_points.add(point)
        services.publish(product)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(f"/api/v1/items/{product.external_id}/").json()
        assert len(body["product"]["service_points"]) == n
        assert all(len(p["hours"]) == 7 and p["special_days"] for p in body["product"]["service_points"])
        counts[n] = len(queries)
    assert counts[4] == counts[1], counts  # opening hours are prefetched, not read per point and weekday


@pytest.mark.django_db
def test_search_mode_must_be_known(client):
    response = client.get("/api/v1/search/", {"q": "reispas", "mode": "telepathie"})
    assert response.status_code == 400
    assert "mode" in response.content.decode()
