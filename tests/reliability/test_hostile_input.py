"""NUL, control characters and lone surrogates never reach the database or break a page, and the buffered query
log survives one row the database refuses (on PostgreSQL a NUL used to discard the whole batch)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from channels.phone.models import ContentGap
from kennisbank.textclean import clean_text, forbidden_characters
from search import querylog
from search.models import QueryLog
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(site_structure, search_index):
    from search.documents import iter_documents

    make_item("fiche", title="Grofvuil laten ophalen", external_id="grofvuil", short_answer="Maak een afspraak.")
    search_index.upsert(iter_documents())


def test_clean_text_removes_nul_controls_and_lone_surrogates():
    assert clean_text("gr\x00of\x07vuil\ud800 ophalen\ttab\nregel") == "grofvuil ophalen\ttab\nregel"
    assert forbidden_characters("a\x00b\udfffc\x00") == ["U+0000", "U+DFFF"]
    assert forbidden_characters("gewone tekst: é, ü, 😀") == []


def test_website_search_with_nul_answers_and_logs_clean_text(client, catalogue):
    response = client.get("/zoeken/", {"q": "grof\x00vuil"})
    assert response.status_code == 200 and "ophalen" in response.content.decode()
    assert list(QueryLog.objects.values_list("query", flat=True)) == ["grofvuil"]
    assert client.get("/zoeken/resultaten/?q=%00").status_code == 200


def test_api_search_refuses_nul_with_a_clear_error(client, catalogue):
    response = client.get("/api/v1/search/", {"q": "grof\x00vuil"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid" and "q" in response.json()["error"]["details"]


def test_console_search_and_not_found_with_nul(client, catalogue):
    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    assert client.get("/onthaal/zoeken/", {"q": "grof\x00vuil"}).status_code == 200
    response = client.post("/onthaal/niet-gevonden/", {"q": "gft\x00 container\x1b", "note": "beller\x00"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    gap = ContentGap.objects.get()
    assert (gap.query, gap.note) == ("gft container", "beller")


def test_one_refused_row_does_not_lose_the_batch():
    now = timezone.now()
    rows = [QueryLog(query="eerste", channel="website", scope="public", result_count=1, created_at=now),
            QueryLog(query="kapot", channel="website", scope="public", result_count=-5, created_at=now),
            QueryLog(query="derde", channel="api", scope="public", result_count=0, created_at=now)]
    assert querylog._write(rows)  # noqa: SLF001 - the buffered writer's batch step
    assert sorted(QueryLog.objects.values_list("query", flat=True)) == ["derde", "eerste"]


def _editor_post(client, page, **changes):
    """Save a draft of ``page`` through Wagtail's real edit view with ``changes`` to its fields."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {"title": page.title, "slug": page.slug, "short_answer": page.short_answer, "external_id": page.external_id,
            "visibility": page.visibility, "body": streamfield([]), "related_links": inline_formset([]),
            "comments": inline_formset([]), "keywords": "", "review_interval_months": "", "last_reviewed": "",
            "phone_questions": "", "phone_steps": "", "phone_transfer": "", "phone_notes": "",
            "readability_override_reason": "", "search_description": "", "seo_title": ""}
    data.update(changes)
    return client.post(f"/admin/pages/{page.pk}/edit/", nested_form_data(data))


def test_editor_strips_nul_from_what_an_editor_saves(client, site_structure):
    page = make_item("fiche", title="Hondenbelasting", short_answer="U betaalt geen hondenbelasting.")
    client.force_login(make_user("redacteur", superuser=True))
    response = _editor_post(client, page, title="Honden\x00belasting", short_answer="U betaalt\x1b niets.")
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert (draft.title, draft.short_answer) == ("Hondenbelasting", "U betaalt niets.")
    follow = client.get(response["Location"])
    assert "Ongeldige tekens" in follow.content.decode()


@pytest.mark.parametrize("date", ["9999-12-31", "10000-01-01", "1066-10-14"])
def test_editor_refuses_a_review_date_out_of_range_instead_of_crashing(client, site_structure, date):
    page = make_item("fiche", title="Hondenbelasting", short_answer="U betaalt geen hondenbelasting.")
    client.force_login(make_user("redacteur", superuser=True))
    response = _editor_post(client, page, last_reviewed=date, review_interval_months="12")
    assert response.status_code == 200  # the form again, with the error: not a 500
    assert "last_reviewed" in response.context["form"].errors


def test_editor_refuses_a_review_interval_of_centuries(client, site_structure):
    page = make_item("fiche", title="Hondenbelasting", short_answer="U betaalt geen hondenbelasting.")
    client.force_login(make_user("redacteur", superuser=True))
    response = _editor_post(client, page, last_reviewed="2026-01-01", review_interval_months="30000")
    assert response.status_code == 200
    assert "review_interval_months" in response.context["form"].errors
