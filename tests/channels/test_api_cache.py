"""The API's server-side cache, per process and shared (Redis): faster repeats, never stale after publish, unpublish
or turning internal; an unreachable Redis only means no cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from kennisbank import services
from kennisbank.cache import cache_settings
from kennisbank.models import ServicePoint, Theme
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def server_cache(request):
    """Every test runs on the per-process cache and on the shared Redis cache (production, ``REDIS_URL``)."""
    caches = cache_settings(request.getfixturevalue("redis_url") if request.param == "redis" else "",
                            prefix="kb-test")
    with override_settings(KENNISBANK_API_CACHE_SECONDS=30, CACHES=caches):
        cache.clear()
        yield request.param
        cache.clear()


def _ids(client: Client) -> list[str]:
    return [row["id"] for row in client.get("/api/v1/items/").json()["results"]]


def test_repeated_request_is_served_from_cache_with_the_same_etag(public_fiche):
    client = Client()
    first = client.get("/api/v1/items/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/v1/items/")
    assert second.status_code == 200 and second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert len(queries) == 1  # only the content-version lookup
    assert client.get("/api/v1/items/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_cache_never_hides_a_change(public_fiche, internal_fiche):
    client = Client()
    assert _ids(client) == [public_fiche.external_id]
    new = make_item("fiche", title="Nieuwe fiche over de markt")
    assert set(_ids(client)) == {public_fiche.external_id, new.external_id}
    new.visibility = "internal"
    services.publish(new)
    assert _ids(client) == [public_fiche.external_id]
    services.unpublish(public_fiche)
    assert _ids(client) == []
    assert client.get(f"/api/v1/items/{public_fiche.external_id}/").status_code == 404
    assert internal_fiche.external_id not in client.get("/api/v1/items/").content.decode()


def test_renamed_theme_shows_at_once(public_fiche):
    client = Client()
    item = make_item("fiche", title="Zwembad", themes=["Sport"])
    detail = f"/api/v1/items/{item.external_id}/"
    assert client.get(detail).json()["themes"] == ["sport"]
    assert [t["name"] for t in client.get("/api/v1/themes/").json() if t["slug"] == "sport"] == ["Sport"]
    theme = Theme.objects.get(slug="sport")
    theme.name, theme.slug = "Sport en vrije tijd", "sport-en-vrije-tijd"
    theme.save()
    assert client.get(detail).json()["themes"] == ["sport-en-vrije-tijd"]
    assert "Sport en vrije tijd" in client.get("/api/v1/themes/").content.decode()


def test_moved_service_point_shows_at_once():
    client = Client()
    point = ServicePoint.objects.create(name="Snelbalie Stadhuis", kind="town_hall", address="Markt 1")
    product = make_item("product", title="Reispas aanvragen")
    product.service_points.set([point])
    services.publish(product)
    detail = f"/api/v1/items/{product.external_id}/"
    assert client.get(detail).json()["product"]["service_points"][0]["address"] == "Markt 1"
    point.address = "Stationsstraat 5"
    point.save()
    assert client.get(detail).json()["product"]["service_points"][0]["address"] == "Stationsstraat 5"


def test_lifted_view_restriction_shows_the_item_again(public_fiche):
    client = Client()
    restriction = PageViewRestriction.objects.create(page=public_fiche, restriction_type=PageViewRestriction.LOGIN)
    assert _ids(client) == []
    restriction.delete()
    assert _ids(client) == [public_fiche.external_id]


def _detail(client: Client, page) -> dict:  # noqa: ANN001
    response = client.get(f"/api/v1/items/{page.external_id}/")
    assert response.status_code == 200
    return response.json()


def test_one_publish_invalidates_only_the_details_it_changed():
    from kennisbank.models import RelatedItem

    client = Client()
    a = make_item("fiche", title="Zwembad openingsuren")
    b = make_item("fiche", title="Sporthal huren")
    target = make_item("product", title="Zwembadabonnement kopen")
    RelatedItem.objects.create(page=a, target=target)
    services.publish(a)
    first_a = _detail(client, a)
    assert _detail(client, b)["title"] == "Sporthal huren"
    assert [r["title"] for r in first_a["related"]] == ["Zwembadabonnement kopen"]

    b.title = "Sporthal reserveren"
    services.publish(b)  # another item: A's cached detail stays valid
    with CaptureQueriesContext(connection) as queries:
        assert _detail(client, a) == first_a
    assert len(queries) == 2  # the item version (item + related rows) and the shared version parts: a cache hit
    assert _detail(client, b)["title"] == "Sporthal reserveren"  # B itself is fresh at once

    target.title = "Zwembadabonnement online kopen"
    services.publish(target)  # an item A links to: A's detail shows the new title at once
    assert [r["title"] for r in _detail(client, a)["related"]] == ["Zwembadabonnement online kopen"]
    services.unpublish(target)
    assert _detail(client, a)["related"] == []
    target.visibility = "internal"
    services.publish(target)  # back, but internal: never in a public detail
    assert _detail(client, a)["related"] == []


def test_a_detail_changes_with_its_own_move_and_visibility(public_fiche):
    client = Client()
    before = _detail(client, public_fiche)
    public_fiche.slug = "nieuwe-slug-voor-de-fiche"
    services.publish(public_fiche)
    assert _detail(client, public_fiche)["url"] != before["url"]
    public_fiche.visibility = "internal"
    services.publish(public_fiche)
    assert client.get(f"/api/v1/items/{public_fiche.external_id}/").status_code == 404
