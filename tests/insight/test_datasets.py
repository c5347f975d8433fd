"""Insight datasets (pure queries), charts (inline SVG) and CSV export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from channels.models import Feedback
from channels.phone.models import ContentGap
from insight import datasets
from insight.charts import bar_chart, line_chart, render_chart
from insight.export import csv_response, to_csv
from search import querylog
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def search_log(db):
    for q, channel, count in [("eid", "website", 3), ("eid", "website", 3), ("eid", "operator", 2),
                              ("hondenbelasting", "operator", 0), ("hondenbelasting", "website", 0),
                              ("hondenbelasting", "operator", 0), ("reispas", "api", 1)]:
        querylog.log_query(q, channel=channel, scope="public", result_count=count)


def period(channel=None) -> datasets.Period:
    return datasets.Period.last_days(30, channel)


def test_top_searches_all_channels_and_per_channel(search_log):
    rows = datasets.top_searches(period()).rows
    assert {(r["query"], r["count"]) for r in rows[:2]} == {("eid", 3), ("hondenbelasting", 3)}
    assert (rows[2]["query"], rows[2]["count"]) == ("reispas", 1)
    operator = datasets.top_searches(period("operator")).rows
    assert {(r["query"], r["count"]) for r in operator} == {("hondenbelasting", 2), ("eid", 1)}


def test_zero_result_searches(search_log):
    rows = datasets.zero_result_searches(period()).rows
    assert [(r["query"], r["count"]) for r in rows] == [("hondenbelasting", 3)]
    assert datasets.zero_result_searches(period("api")).rows == []


def test_searches_per_channel_and_per_day(search_log):
    per_channel = {r["channel"]: (r["count"], r["zero"]) for r in datasets.searches_per_channel(period()).rows}
    assert per_channel == {"Website": (3, 1), "Telefonisch onthaal": (3, 2), "API en app": (1, 0)}
    per_day = datasets.searches_per_day(period()).rows
    assert sum(r["count"] for r in per_day) == 7 and sum(r["zero"] for r in per_day) == 3


def test_old_searches_fall_outside_the_period(search_log):
    assert datasets.top_searches(datasets.Period(since=timezone.now() + dt.timedelta(hours=1))).rows == []


def test_period_rejects_bad_input():
    with pytest.raises(ValueError, match="channel"):
        datasets.Period.last_days(30, "fax")
    with pytest.raises(ValueError, match="days"):
        datasets.Period.last_days(0)


def test_feedback_per_item_and_channel(site_structure):
    a = make_item("fiche", title="Item A")
    b = make_item("fiche", title="Item B")
    Feedback.objects.create(item=a, kind="helpful", helpful=True, channel="website")
    Feedback.objects.create(item=a, kind="helpful", helpful=False, channel="website")
    Feedback.objects.create(item=a, kind="error", helpful=False, channel="operator", section="Termijn")
    Feedback.objects.create(item=b, kind="outdated", channel="operator")
    rows = datasets.feedback_per_item(period()).rows
    assert [r["item"] for r in rows] == ["Item A", "Item B"]
    assert {k: rows[0][k] for k in ("total", "helpful", "not_helpful", "wrong", "outdated", "open")} == {
        "total": 3, "helpful": 1, "not_helpful": 1, "wrong": 1, "outdated": 0, "open": 1}
    operator = datasets.feedback_per_item(period("operator")).rows
    assert {r["item"]: r["total"] for r in operator} == {"Item A": 1, "Item B": 1}
    per_channel = {r["channel"]: r["total"] for r in datasets.feedback_per_channel(period()).rows}
    assert per_channel == {"Website": 2, "Telefonisch onthaal": 2}


def test_content_gaps_grouped_open_only(db):
    for q in ("hondenbelasting", "hondenbelasting", "parkeerkaart"):
        ContentGap.objects.create(query=q)
    ContentGap.objects.create(query="opgelost", resolved=True)
    rows = datasets.content_gaps(period()).rows
    assert [(r["query"], r["count"]) for r in rows] == [("hondenbelasting", 2), ("parkeerkaart", 1)]


def test_readability_distribution_over_live_items_only(site_structure):
    make_item("fiche", title="Eenvoudig", short_answer="U krijgt de kaart snel. Dat is fijn.",
              sections=[("Uitleg", "Kom naar de balie. Breng uw kaart mee.")])
    make_item("fiche", title="Intern", visibility="internal", short_answer="Het loket doet dit. Het is kort.")
    make_item("fiche", title="Ontwerp", live=False, short_answer="Dit telt niet mee.")
    ds = datasets.readability_distribution()
    assert sum(r["count"] for r in ds.rows) == 2  # public + internal, not the draft
    assert sum(r["ok"] + r["warn"] + r["hard"] for r in ds.rows) == 2
    assert [r["bucket"] for r in ds.rows][0] == "< 30"


def test_readability_is_empty_without_items(site_structure):
    assert datasets.readability_distribution().rows == []


def test_review_status_dataset(review_catalogue):
    from tests.insight.conftest import TODAY

    rows = {r["team"]: (r["stale"], r["soon"]) for r in datasets.review_status(on=TODAY, within_days=30).rows}
    assert rows == {"Dienst Afval": (1, 0), "Dienst Burgerzaken": (1, 1), "Geen eigenaar": (1, 0)}


# --- charts and CSV --------------------------------------------------------------------------------------------
def sample(rows=None, chart="bar") -> datasets.Dataset:
    return datasets.Dataset("sample", "Voorbeeld <b>", "", {"label": "Label", "a": "Reeks A", "b": "Reeks B"},
                            rows if rows is not None else [{"label": "<script>x</script>", "a": 4, "b": 1},
                                                           {"label": "=SUM(A1)", "a": 2, "b": 0}],
                            label_key="label", value_keys=("a", "b"), chart=chart)


def test_bar_chart_is_accessible_inline_svg_with_escaped_text():
    svg = str(bar_chart(sample()))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="chart-sample-t">Voorbeeld &lt;b&gt;</title>' in svg
    assert "<desc" in svg and "Reeks A 4" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") >= 4  # 2 rows x 2 series (+ legend)


def test_line_chart_draws_one_polyline_per_series():
    svg = str(line_chart(sample(chart="line")))
    assert svg.count("<polyline") == 2 and 'role="img"' in svg


def test_empty_dataset_draws_nothing():
    assert render_chart(sample(rows=[])) == ""
    assert render_chart(sample(chart="none")) == ""


def test_csv_has_labels_semicolons_and_neutralised_formulas():
    text = to_csv(sample())
    lines = text.splitlines()
    assert lines[0] == "Label;Reeks A;Reeks B"
    assert lines[2] == "'=SUM(A1);2;0"


def test_csv_response_is_a_utf8_download():
    response = csv_response(sample(), suffix="-operator")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="kennisbank-sample-operator.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())


def test_line_chart_with_one_point_falls_back_to_bars():
    svg = str(line_chart(sample(rows=[{"label": "23/11", "a": 3, "b": 1}], chart="line")))
    assert "<polyline" not in svg and "kb-chart--bar" in svg
