"""Insight into the front office: what people ask (from registered contacts) and how callbacks are handled.

Same contract as :mod:`insight.datasets`: each function takes a :class:`~insight.datasets.Period` and returns a
:class:`~insight.datasets.Dataset`. Contacts come from the operator console, so a channel filter other than
"operator" leaves these datasets empty. No personal data is read: callbacks are counted, never listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.phone.models import CallbackRequest, Contact
from kennisbank.vocabulary import CallbackStatus, Channel, ContactChannel, ContactOutcome, ContactType

from .datasets import Dataset, Period


def _contacts(period: Period):  # noqa: ANN202 - a queryset
    if period.channel and period.channel != Channel.OPERATOR:
        return Contact.objects.none()
    return Contact.objects.filter(created_at__gte=period.since)


def top_items_per_week(period: Period, *, per_week: int = 5) -> Dataset:
    """The items consulted most in registered contacts, per ISO week (newest week first)."""
    weeks: dict[str, Counter[str]] = defaultdict(Counter)
    for created, title in _contacts(period).values_list("created_at", "items__title"):
        if title:
            iso = timezone.localtime(created).isocalendar()
            weeks[f"{iso.year}-W{iso.week:02d}"][title] += 1
    rows = [{"week": week, "item": title, "count": n}
            for week in sorted(weeks, reverse=True) for title, n in weeks[week].most_common(per_week)]
    return Dataset("contacts_top_items", str(_("Meest gevraagd per week (contactmomenten)")),
                   str(_("De fiches en producten die het vaakst open stonden bij een geregistreerd contact.")),
                   {"week": _("Week"), "item": _("Item"), "count": _("Contacten")}, rows, chart="none")


def _breakdown(period: Period, field: str, choices: dict[str, Any], key: str, title: str) -> Dataset:
    data = _contacts(period).values(field).annotate(n=Count("id")).order_by("-n", field)
    rows = [{"value": str(choices.get(r[field], r[field])), "count": r["n"]} for r in data]
    return Dataset(key, title, "", {"value": _("Waarde"), "count": _("Contacten")}, rows, label_key="value",
                   value_keys=("count",))


def contacts_per_channel(period: Period) -> Dataset:
    return _breakdown(period, "channel", dict(ContactChannel.choices), "contacts_per_channel",
                      str(_("Contacten per kanaal")))


def contacts_per_type(period: Period) -> Dataset:
    return _breakdown(period, "type", dict(ContactType.choices), "contacts_per_type", str(_("Contacten per soort")))


def contacts_per_outcome(period: Period) -> Dataset:
    return _breakdown(period, "outcome", dict(ContactOutcome.choices), "contacts_per_outcome",
                      str(_("Contacten per afloop")))


def contacts_per_theme(period: Period) -> Dataset:
    data = (_contacts(period).exclude(items__themes__isnull=True).values(theme=F("items__themes__name"))
            .annotate(n=Count("id", distinct=True)).order_by("-n", "theme"))
    rows = [{"value": r["theme"], "count": r["n"]} for r in data]
    return Dataset("contacts_per_theme", str(_("Contacten per thema")), "",
                   {"value": _("Thema"), "count": _("Contacten")}, rows, label_key="value", value_keys=("count",))


def first_contact_resolution(period: Period) -> Dataset:
    """Share of contacts answered at once (no transfer, callback or referral), overall and per channel."""
    data = (_contacts(period).values("channel")
            .annotate(total=Count("id"), answered=Count("id", filter=Q(outcome=ContactOutcome.ANSWERED)))
            .order_by("channel"))
    labels = dict(ContactChannel.choices)
    rows = [{"channel": str(labels.get(r["channel"], r["channel"])), "total": r["total"],
             "answered": r["answered"], "rate": round(100 * r["answered"] / r["total"], 1)} for r in data]
    total, answered = sum(r["total"] for r in rows), sum(r["answered"] for r in rows)
    if total:
        rows.insert(0, {"channel": str(_("Alle kanalen")), "total": total, "answered": answered,
                        "rate": round(100 * answered / total, 1)})
    return Dataset("first_contact_resolution", str(_("Meteen beantwoord (first contact resolution)")),
                   str(_("Het deel van de contacten dat meteen beantwoord werd, in procent.")),
                   {"channel": _("Kanaal"), "total": _("Contacten"), "answered": _("Meteen beantwoord"),
                    "rate": _("Procent")}, rows, label_key="channel", value_keys=("rate",))


def callbacks_per_team(period: Period) -> Dataset:
    """Per team: callbacks closed in the window, how many within their due time, and how many are overdue now."""
    if period.channel and period.channel != Channel.OPERATOR:
        return Dataset("callbacks_per_team", str(_("Terugbelverzoeken per team")), "", {}, [], chart="none")
    now = timezone.now()
    data = (CallbackRequest.objects.values(name=F("team__name"))
            .annotate(closed=Count("id", filter=Q(status=CallbackStatus.DONE, closed_at__gte=period.since)),
                      on_time=Count("id", filter=Q(status=CallbackStatus.DONE, closed_at__gte=period.since,
                                                   closed_at__lte=F("due_at"))),
                      overdue=Count("id", filter=~Q(status=CallbackStatus.DONE) & Q(due_at__lt=now)))
            .order_by("-overdue", "name"))
    rows = [{"team": r["name"], "closed": r["closed"], "on_time": r["on_time"],
             "rate": round(100 * r["on_time"] / r["closed"], 1) if r["closed"] else None, "overdue": r["overdue"]}
            for r in data]
    return Dataset("callbacks_per_team", str(_("Terugbelverzoeken per team")),
                   str(_("Afgehandeld in de periode, waarvan binnen de termijn, en nu te laat.")),
                   {"team": _("Team"), "closed": _("Afgehandeld"), "on_time": _("Binnen de termijn"),
                    "rate": _("Procent op tijd"), "overdue": _("Nu te laat")}, rows, label_key="team",
                   value_keys=("overdue",))


CONTACT_DATASETS = {
    "contacts_top_items": top_items_per_week,
    "contacts_per_channel": contacts_per_channel,
    "contacts_per_type": contacts_per_type,
    "contacts_per_outcome": contacts_per_outcome,
    "contacts_per_theme": contacts_per_theme,
    "first_contact_resolution": first_contact_resolution,
    "callbacks_per_team": callbacks_per_team,
}
