"""Round trip: our LDES, read by our IPDC importer into an empty catalogue, gives the same products."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from importers.ipdc import import_ipdc
from importers.record import record_from_page
from kennisbank.models import ContentPage, ProductPage, ServicePoint
from kennisbank.selectors import Scope, products

pytestmark = pytest.mark.django_db


def _comparable(page: ProductPage) -> dict:
    record = record_from_page(page)
    return {
        "short_answer": record.short_answer,
        "sections": [(s.kind, s.heading, s.text) for s in record.sections if s.text.strip()],
        "cost": [(c.label, c.amount, c.note) for c in record.cost], "product_type": record.product_type,
        "keywords": record.keywords, "audiences": tuple(a for a in record.audiences if a != "employee"),
        "ipdc_themes": sorted({t.ipdc_theme for t in page.themes.all()}),
        "action_urls": [a.url for a in record.actions if a.url.startswith("http")],
        "addresses": sorted((p.address, p.postal_code) for p in page.service_points.all()
                            if p.address and p.postal_code),
    }


def test_our_stream_fed_to_our_importer_in_an_empty_catalogue_gives_the_same_products(demo_catalogue, tmp_path):
    before = {p.title: _comparable(p) for p in products(Scope.PUBLIC).specific()}
    client, number = Client(), 0
    while (response := client.get("/doc/instancesnapshot", {"pageNumber": number})).status_code == 200:
        (tmp_path / f"page-{number}.json").write_text(json.dumps(response.json()))
        number += 1
    for page in ContentPage.objects.all():  # an empty catalogue (themes and their IPDC mapping stay: admin set-up)
        page.delete()
    ServicePoint.objects.all().delete()
    report = import_ipdc(tmp_path)
    assert report.ok, [str(e) for e in report.errors]
    after = {p.title: _comparable(p) for p in ProductPage.objects.live().specific()}
    assert sorted(after) == sorted(before)
    for title, expected in before.items():
        differences = {key: (value, after[title][key]) for key, value in expected.items() if after[title][key] != value}
        assert not differences, (title, differences)
