"""The change feed for offline sync: upserts since a moment and tombstones for items that left the public."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from channels.models import Tombstone
from kennisbank import services
from kennisbank.models import ContentPage

pytestmark = pytest.mark.django_db


def feed(client, since):
    response = client.get("/api/v1/changes/", {"since": since.isoformat()} if since else {})
    assert response.status_code == 200
    return response.json()


def page(external_id: str) -> ContentPage:
    return ContentPage.objects.get(external_id=external_id).specific


def test_full_snapshot_without_since(client, catalogue):
    body = feed(client, None)
    assert body["since"] is None and body["deleted"] == []
    assert sorted(item["id"] for item in body["upserts"]) == [
        "afval-ophalen", "eid-aanvragen", "eid-verloren", "verhuis-doorgeven"]
    assert "sections" in body["upserts"][0]


def test_feed_reports_upserts_and_every_way_an_item_leaves_the_public(client, catalogue):
    start = timezone.now()
    assert feed(client, start)["upserts"] == [] and feed(client, start)["deleted"] == []

    services.unpublish(page("eid-verloren"))                       # unpublished
    turned = page("verhuis-doorgeven")
    turned.visibility = "internal"
    services.publish(turned)                                        # turned internal
    page("afval-ophalen").delete()                                  # deleted
    product = page("eid-aanvragen")
    PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.LOGIN)  # restricted
    services.unpublish(page("intern-geheim-xq"))                    # was never public: no tombstone
    page("ontwerp-geheim-xq").delete()                              # draft, never public: no tombstone

    body = feed(client, start)
    assert body["upserts"] == []
    assert {(d["id"], d["reason"]) for d in body["deleted"]} == {
        ("eid-verloren", "unpublished"), ("verhuis-doorgeven", "internal"), ("afval-ophalen", "deleted"),
        ("eid-aanvragen", "restricted"),
    }
    assert set(body["deleted"][0]) == {"id", "type", "reason", "deleted_at"}
    assert not Tombstone.objects.filter(external_id__in=["intern-geheim-xq", "ontwerp-geheim-xq"]).exists()

    # A later sync only sees what happened after the previous 'until'.
    until = body["until"]
    republished = page("eid-verloren")
    services.publish(republished)
    later = client.get("/api/v1/changes/", {"since": until}).json()
    assert [item["id"] for item in later["upserts"]] == ["eid-verloren"]
    assert later["deleted"] == []
    # From the start: the republished item is an upsert, no longer a deletion.
    again = feed(client, start)
    assert [item["id"] for item in again["upserts"]] == ["eid-verloren"]
    assert "eid-verloren" not in {d["id"] for d in again["deleted"]}


def test_unpublished_draft_changes_and_internal_items_are_not_in_the_feed(client, catalogue):
    body = client.get("/api/v1/changes/").content.decode()
    assert "WIJZIGINGNIETGEPUBLICEERD" not in body and "intern-geheim-xq" not in body
    assert "ontwerp-geheim-xq" not in body


def test_editor_saving_a_draft_writes_no_tombstone(catalogue):
    editor_page = page("eid-aanvragen")
    editor_page.visibility = "internal"
    services.save_draft(editor_page)  # the live version stays public
    assert not Tombstone.objects.exists()
    assert Group.objects.filter(name="Editors").exists()


def test_snapshot_queries_do_not_grow_with_the_number_of_items(client, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kennisbank.models import RelatedItem
    from tests.factories import make_item

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            feed(client, None)
        return len(ctx.captured_queries)

    feed(client, None)  # warm per-process lookups (site root paths)
    before = queries()
    for n in range(4):
        product = make_item("product", title=f"Parkeerkaart {n}", themes=["Mobiliteit"])
        RelatedItem.objects.create(page=product, target=page("eid-verloren"))
        services.publish(ContentPage.objects.get(pk=product.pk).specific)
    body = feed(client, None)
    assert len(body["upserts"]) == 8
    assert [r["id"] for r in next(i for i in body["upserts"] if i["title"] == "Parkeerkaart 0")["related"]] == [
        "eid-verloren"]
    assert queries() == before
