"""The number of SQL queries per list request does not grow with the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kennisbank.models import Audience, FichePage
from kennisbank.site_structure import ensure_site_structure
from tests.factories import make_life_event, make_theme

pytestmark = pytest.mark.django_db


def bulk_fiches(n: int) -> None:
    """``n`` live public fiches with a theme, life event and audience (fast: no revisions needed)."""
    parent = ensure_site_structure().fiches
    theme, event = make_theme("Burgerzaken"), make_life_event("Verhuizen")
    burger = Audience.objects.get(code="citizen")
    now = timezone.now()
    pages = []
    for i in range(n):
        page = FichePage(title=f"Vraag {i:03d}", short_answer="Een kort antwoord.", live=True,
                         first_published_at=now, last_published_at=now)
        parent.add_child(instance=page)
        pages.append(page)
    FichePage.themes.through.objects.bulk_create(
        [FichePage.themes.through(contentpage_id=p.pk, theme_id=theme.pk) for p in pages])
    FichePage.life_events.through.objects.bulk_create(
        [FichePage.life_events.through(contentpage_id=p.pk, lifeevent_id=event.pk) for p in pages])
    FichePage.audiences.through.objects.bulk_create(
        [FichePage.audiences.through(contentpage_id=p.pk, audience_id=burger.pk) for p in pages])


@pytest.mark.parametrize("url", ["/api/v1/items/", "/api/v1/fiches/"])
def test_list_queries_are_constant_in_page_size(client, site_structure, url, django_assert_max_num_queries):
    bulk_fiches(100)
    client.get(url)  # warm per-process caches (content types, site root paths)
    counts = {}
    for size in (10, 50, 100):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"limit": size})
        assert len(response.json()["results"]) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[10] == counts[50] == counts[100], counts
    with django_assert_max_num_queries(12):
        client.get(url, {"limit": 100})
