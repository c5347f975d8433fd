"""Dashboard data: pure query functions, one :class:`Dataset` each.

Contract: every function takes a :class:`Period` (``since``, optional ``channel``) where it makes sense, reads
through the owners' read functions (``search.querylog``, ``kennisbank.selectors``, ``kennisbank.reviews``) or plain
queries on the feedback and content-gap tables, and returns a :class:`Dataset`: a title, column keys with labels,
rows as dicts, and which columns a chart draws (``label_key``, ``value_keys``). The same dataset feeds the chart, the
table fallback and the CSV export. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.models import Feedback
from channels.phone.models import ContentGap
from kennisbank.selectors import items
from kennisbank.vocabulary import Channel, FeedbackKind, Scope
from search.models import QueryLog
from search.querylog import top_queries, zero_result_queries

#: Channels a dashboard can filter on: the query log, feedback and content gaps use the same codes.
CHANNELS: dict[str, Any] = dict(Channel.choices)
DEFAULT_DAYS = 30
#: Score buckets of the Douma (Flesch-Douma) readability score, low to high.
SCORE_BUCKETS: list[tuple[float, float, str]] = [
    (-1e9, 30, "< 30"), (30, 50, "30–49"), (50, 60, "50–59"), (60, 70, "60–69"), (70, 80, "70–79"), (80, 1e9, "≥ 80"),
]


@dataclass(frozen=True)
class Period:
    """The window and channel a dashboard shows. ``channel`` None = all channels."""

    since: dt.datetime
    channel: str | None = None

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, channel: str | None = None,
                  now: dt.datetime | None = None) -> Period:
        if days < 1:
            raise ValueError(f"days: must be at least 1, got {days}")
        if channel is not None and channel not in CHANNELS:
            raise ValueError(f"channel: {channel!r} is not one of {', '.join(CHANNELS)}")
        return cls(since=(now or timezone.now()) - dt.timedelta(days=days), channel=channel)


@dataclass
class Dataset:
    """Tabular data for one dashboard block. ``columns`` maps row key → column label."""

    key: str
    title: str
    description: str
    columns: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    label_key: str = ""
    value_keys: tuple[str, ...] = ()
    chart: str = "bar"  # bar | line | none

    def __bool__(self) -> bool:
        return bool(self.rows)


# --- search ----------------------------------------------------------------------------------------------------
def top_searches(period: Period, *, limit: int = 20) -> Dataset:
    """Most frequent queries in the window (from the search query log)."""
    rows = [{"query": r["query"], "count": r["count"], "avg_results": round(r["avg_results"], 1)}
            for r in top_queries(period.since, period.channel, limit=limit)]
    return Dataset("top_searches", str(_("Meest gezocht")), str(_("Zoekopdrachten die het vaakst voorkomen.")),
                   {"query": _("Zoekopdracht"), "count": _("Aantal"), "avg_results": _("Gem. resultaten")},
                   rows, label_key="query", value_keys=("count",))


def zero_result_searches(period: Period, *, limit: int = 20) -> Dataset:
    """Queries that found nothing, most frequent first: candidates for new content or synonyms."""
    rows = [{"query": r["query"], "count": r["count"], "last_seen": timezone.localtime(r["last_seen"]).date()}
            for r in zero_result_queries(period.since, period.channel, limit=limit)]
    return Dataset("zero_results", str(_("Zoekopdrachten zonder resultaat")),
                   str(_("Hier ontbreekt inhoud of een synoniem.")),
                   {"query": _("Zoekopdracht"), "count": _("Aantal"), "last_seen": _("Laatst")},
                   rows, label_key="query", value_keys=("count",))


def searches_per_day(period: Period) -> Dataset:
    """Searches and searches without results per day."""
    qs = QueryLog.objects.filter(created_at__gte=period.since)
    if period.channel:
        qs = qs.filter(channel=period.channel)
    per_day = (qs.annotate(day=TruncDate("created_at")).values("day")
               .annotate(count=Count("id"), zero=Count("id", filter=Q(result_count=0))).order_by("day"))
    rows = [{"day": r["day"], "count": r["count"], "zero": r["zero"]} for r in per_day]
    return Dataset("searches_per_day", str(_("Zoekopdrachten per dag")), "",
                   {"day": _("Dag"), "count": _("Zoekopdrachten"), "zero": _("Zonder resultaat")},
                   rows, label_key="day", value_keys=("count", "zero"), chart="line")


def searches_per_channel(period: Period) -> Dataset:
    """Searches per channel (website, API/app, operator) with the share without results."""
    qs = QueryLog.objects.filter(created_at__gte=period.since)
    if period.channel:
        qs = qs.filter(channel=period.channel)
    data = (qs.values("channel").annotate(count=Count("id"), zero=Count("id", filter=Q(result_count=0)))
            .order_by("-count", "channel"))
    rows = [{"channel": str(CHANNELS.get(r["channel"], r["channel"])), "count": r["count"], "zero": r["zero"]}
            for r in data]
    return Dataset("searches_per_channel", str(_("Zoekopdrachten per kanaal")), "",
                   {"channel": _("Kanaal"), "count": _("Zoekopdrachten"), "zero": _("Zonder resultaat")},
                   rows, label_key="channel", value_keys=("count", "zero"))


# --- feedback and gaps -------------------------------------------------------------------------------------------
def feedback_per_item(period: Period, *, limit: int = 20) -> Dataset:
    """Feedback counts per item: useful yes/no (website) and error/outdated reports, most feedback first."""
    qs = Feedback.objects.filter(created_at__gte=period.since)
    if period.channel:
        qs = qs.filter(channel=period.channel)
    data = (qs.values("item_id", "item__title", "item__external_id")
            .annotate(n_total=Count("id"),
                      n_helpful=Count("id", filter=Q(helpful=True)),
                      n_not_helpful=Count("id", filter=Q(helpful=False, kind=FeedbackKind.HELPFUL)),
                      n_wrong=Count("id", filter=Q(kind=FeedbackKind.ERROR)),
                      n_outdated=Count("id", filter=Q(kind=FeedbackKind.OUTDATED)),
                      n_open=Count("id", filter=Q(handled=False, kind__in=[FeedbackKind.ERROR, FeedbackKind.OUTDATED])))
            .order_by("-n_total", "item__title")[:limit])
    rows = [{"item": r["item__title"], "external_id": r["item__external_id"], "page_id": r["item_id"],
             "total": r["n_total"], "helpful": r["n_helpful"], "not_helpful": r["n_not_helpful"],
             "wrong": r["n_wrong"], "outdated": r["n_outdated"], "open": r["n_open"]} for r in data]
    return Dataset("feedback_per_item", str(_("Feedback per item")),
                   str(_("Nuttig ja/nee van de website en meldingen 'fout' of 'verouderd' (o.a. van het onthaal).")),
                   {"item": _("Item"), "external_id": _("Externe id"), "total": _("Totaal"),
                    "helpful": _("Nuttig"), "not_helpful": _("Niet nuttig"), "wrong": _("Fout"),
                    "outdated": _("Verouderd"), "open": _("Open meldingen")},
                   rows, label_key="item", value_keys=("helpful", "not_helpful", "wrong", "outdated"))


def feedback_per_channel(period: Period) -> Dataset:
    """Feedback per channel and kind."""
    qs = Feedback.objects.filter(created_at__gte=period.since)
    if period.channel:
        qs = qs.filter(channel=period.channel)
    data = (qs.values("channel").annotate(n_total=Count("id"), n_wrong=Count("id", filter=Q(kind=FeedbackKind.ERROR)),
                                          n_outdated=Count("id", filter=Q(kind=FeedbackKind.OUTDATED)))
            .order_by("-n_total", "channel"))
    rows = [{"channel": str(CHANNELS.get(r["channel"], r["channel"])), "total": r["n_total"],
             "wrong": r["n_wrong"], "outdated": r["n_outdated"]} for r in data]
    return Dataset("feedback_per_channel", str(_("Feedback per kanaal")), "",
                   {"channel": _("Kanaal"), "total": _("Totaal"), "wrong": _("Fout"), "outdated": _("Verouderd")},
                   rows, label_key="channel", value_keys=("total",))


def content_gaps(period: Period, *, limit: int = 20) -> Dataset:
    """Open "niet gevonden" reports from the operator console, grouped by query."""
    qs = ContentGap.objects.filter(created_at__gte=period.since, resolved=False)
    if period.channel:
        qs = qs.filter(channel=period.channel)
    data = (qs.values("query").annotate(count=Count("id"), last=Max("created_at"))
            .order_by("-count", "-last", "query")[:limit])
    rows = [{"query": r["query"], "count": r["count"], "last": timezone.localtime(r["last"]).date()} for r in data]
    return Dataset("content_gaps", str(_("Niet gevonden (onthaal)")),
                   str(_("Vragen waarvoor het onthaal geen antwoord vond.")),
                   {"query": _("Vraag"), "count": _("Aantal"), "last": _("Laatst")},
                   rows, label_key="query", value_keys=("count",))


# --- catalogue ---------------------------------------------------------------------------------------------------
def _readability(page: Any) -> tuple[float, str] | None:
    """(score, verdict) of a page's short answer + body, cached per published revision."""
    from kennisbank.readability import analyse_sections

    key = f"kb-insight-readability:{page.pk}:{page.live_revision_id or page.latest_revision_id}"
    cached = cache.get(key)
    if cached is not None:
        return tuple(cached)  # type: ignore[return-value]
    sections = [{"heading": "", "text": page.short_answer or ""}, *page.sections()]
    report = analyse_sections(sections)
    if not report.word_count:
        return None
    value = (round(float(report.score), 1), str(report.verdict))
    cache.set(key, value, timeout=None)
    return value


def readability_distribution() -> Dataset:
    """How many live items fall in each Douma score bucket (short answer + body), with verdict counts."""
    counts: Counter[str] = Counter()
    verdicts: dict[str, Counter[str]] = {label: Counter() for *_r, label in SCORE_BUCKETS}
    for page in items(Scope.OPERATOR).only("pk", "short_answer", "body", "live_revision_id", "latest_revision_id"):
        result = _readability(page)
        if result is None:
            continue
        score, verdict = result
        label = next(lbl for low, high, lbl in SCORE_BUCKETS if low <= score < high)
        counts[label] += 1
        verdicts[label][verdict] += 1
    rows = [{"bucket": label, "count": counts[label], "ok": verdicts[label]["ok"], "warn": verdicts[label]["warn"],
             "hard": verdicts[label]["hard"]} for *_r, label in SCORE_BUCKETS]
    return Dataset("readability", str(_("Leesbaarheid van de catalogus")),
                   str(_("Aantal gepubliceerde items per Douma-score (hoger = eenvoudiger; ≥ 70 is het doel).")),
                   {"bucket": _("Douma-score"), "count": _("Items"), "ok": _("In orde"), "warn": _("Let op"),
                    "hard": _("Moeilijk")},
                   rows if any(counts.values()) else [], label_key="bucket", value_keys=("count",))


def review_status(*, on: dt.date | None = None, within_days: int | None = None) -> Dataset:
    """Per owner team: items past their review date and items due soon."""
    from kennisbank import reviews

    within = reviews.DEFAULT_WITHIN_DAYS if within_days is None else within_days
    rows = [{"team": g.team.name if g.team else str(_("Geen eigenaar")), "team_id": g.team.pk if g.team else "",
             "stale": len(g.stale), "soon": len(g.soon)}
            for g in reviews.due_by_team(on=on, within_days=within)]
    return Dataset("review_status", str(_("Te herzien per team")),
                   str(_("Verstreken herzieningsdatum en binnen %(d)s dagen te herzien.")) % {"d": within},
                   {"team": _("Team"), "stale": _("Te herzien"), "soon": _("Binnenkort")},
                   rows, label_key="team", value_keys=("stale", "soon"))


def review_items(*, on: dt.date | None = None, within_days: int | None = None, team_id: int | None = None) -> Dataset:
    """The items due for review (stale first), one row each."""
    from kennisbank import reviews

    on = on or reviews.today()
    within = reviews.DEFAULT_WITHIN_DAYS if within_days is None else within_days
    qs = reviews.due_items(on=on, within_days=within)
    if team_id is not None:
        qs = qs.filter(owner_team_id=team_id)
    rows = [{"item": p.title, "external_id": p.external_id, "page_id": p.pk,
             "team": p.owner_team.name if p.owner_team else "", "next_review_date": p.next_review_date,
             "stale": p.next_review_date < on} for p in qs]  # type: ignore[operator]
    return Dataset("review_items", str(_("Items te herzien")), "",
                   {"item": _("Item"), "external_id": _("Externe id"), "team": _("Team"),
                    "next_review_date": _("Te herzien op"), "stale": _("Verstreken")},
                   rows, chart="none")


#: Dataset key → builder for the dashboard and CSV export. Builders take a Period (or ignore it).
DATASETS: dict[str, Any] = {
    "top_searches": lambda p: top_searches(p),
    "zero_results": lambda p: zero_result_searches(p),
    "searches_per_day": lambda p: searches_per_day(p),
    "searches_per_channel": lambda p: searches_per_channel(p),
    "content_gaps": lambda p: content_gaps(p),
    "feedback_per_item": lambda p: feedback_per_item(p),
    "feedback_per_channel": lambda p: feedback_per_channel(p),
    "readability": lambda p: readability_distribution(),
    "review_status": lambda p: review_status(),
    "review_items": lambda p: review_items(),
}


def _register_contact_datasets() -> None:
    from .contacts import CONTACT_DATASETS

    DATASETS.update(CONTACT_DATASETS)


_register_contact_datasets()
