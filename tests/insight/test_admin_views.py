"""Insight dashboard and review views in the Wagtail admin: charts, CSV, channel filter, panel, permissions."""

from __future__ import annotations

import pytest

from search import querylog
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def search_log(db):
    querylog.log_query("hondenbelasting", channel="operator", scope="operator", result_count=0)
    querylog.log_query("parkeerkaart", channel="website", scope="public", result_count=0)
    querylog.log_query("eid", channel="website", scope="public", result_count=4)


def test_dashboard_shows_svg_charts_with_table_fallback(editor_client, search_log):
    response = editor_client.get("/admin/inzicht/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Meest gezocht" in html and "Zoekopdrachten zonder resultaat" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart') >= 3
    assert "Toon als tabel" in html and "<table" in html
    for key in ("top_searches", "zero_results", "feedback_per_item", "readability", "review_status",
                "searches_per_channel", "content_gaps"):
        assert f"dataset={key}" in html and "format=csv" in html


def test_dashboard_channel_filter(editor_client, search_log):
    html = editor_client.get("/admin/inzicht/", {"channel": "operator"}).content.decode()
    assert "hondenbelasting" in html and "parkeerkaart" not in html


def test_csv_export_per_dataset_and_channel(editor_client, search_log):
    response = editor_client.get("/admin/inzicht/", {"dataset": "zero_results", "format": "csv",
                                                     "channel": "website"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Zoekopdracht;Aantal;Laatst"
    assert "parkeerkaart;1;" in text and "hondenbelasting" not in text
    assert 'filename="kennisbank-zero_results-website.csv"' in response["Content-Disposition"]


def test_unknown_dataset_is_404_and_bad_filters_fall_back(editor_client, search_log):
    assert editor_client.get("/admin/inzicht/", {"dataset": "nope", "format": "csv"}).status_code == 404
    assert editor_client.get("/admin/inzicht/", {"days": "abc", "channel": "fax"}).status_code == 200


def test_menu_item_only_for_insight_users(editor_client, client):
    assert '"url": "/admin/inzicht/"' in editor_client.get("/admin/").content.decode()  # sidebar JSON
    social = make_user("sociaal", groups=["Socialemediateam"])
    client.force_login(social)
    assert '"url": "/admin/inzicht/"' not in client.get("/admin/").content.decode()
    denied = client.get("/admin/inzicht/")  # Wagtail turns PermissionDenied into a redirect with a message
    assert denied.status_code == 302 and denied["Location"] == "/admin/"


def test_operator_has_no_admin_access_to_insight(client, db):
    client.force_login(make_user("onthaal9", groups=["Operators"]))
    response = client.get("/admin/inzicht/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_anonymous_is_sent_to_admin_login(client, db):
    response = client.get("/admin/inzicht/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_review_list_per_team_with_csv(editor_client, review_catalogue):
    html = editor_client.get("/admin/inzicht/te-herzien/").content.decode()
    assert "Verloren identiteitskaart" in html and "Te herzien sinds 10 januari 2026" in html
    assert "Grofvuil ophalen" in html and "Ontwerp zonder publicatie" not in html
    only_afval = editor_client.get("/admin/inzicht/te-herzien/", {"team": review_catalogue.afval.pk})
    assert "Grofvuil ophalen" in only_afval.content.decode()
    assert "Verloren identiteitskaart" not in only_afval.content.decode()
    csv = editor_client.get("/admin/inzicht/te-herzien/", {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Item;Externe id;Team")
    assert "Verloren identiteitskaart" in csv


def test_dashboard_panel_te_herzien_per_owner(editor_client, review_catalogue):
    html = editor_client.get("/admin/").content.decode()
    assert 'id="kb-te-herzien' in html or "kb-te-herzien" in html
    panel = html[html.index("kb-te-herzien"):]
    assert "Dienst Burgerzaken" in panel and "Dienst Afval" in panel and "Geen eigenaar" in panel
    assert "Verloren identiteitskaart" in panel


def test_page_editor_warns_when_stale(client, review_catalogue):
    client.force_login(make_user("beheerder", superuser=True, staff=True))
    html = client.get(f"/admin/pages/{review_catalogue.stale.pk}/edit/").content.decode()
    assert "Te herzien sinds 10 januari 2026" in html
    fresh = client.get(f"/admin/pages/{review_catalogue.later.pk}/edit/").content.decode()
    assert "Te herzien sinds" not in fresh


def test_editor_marks_a_content_gap_resolved(editor_client, db):
    from channels.phone.models import ContentGap

    gap = ContentGap.objects.create(query="hondenbelasting", note="vraag over tarief")
    listing = editor_client.get("/admin/snippets/kb_phone/contentgap/")
    assert listing.status_code == 200 and "hondenbelasting" in listing.content.decode()
    response = editor_client.post(f"/admin/snippets/kb_phone/contentgap/edit/{gap.pk}/", {"resolved": "on"})
    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.resolved is True and gap.query == "hondenbelasting"  # read-only fields unchanged
