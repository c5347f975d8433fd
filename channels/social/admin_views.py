"""Admin calendar: what goes out when, across networks (month grid, Brussels time)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import networks
from .models import Publication
from .schedule import TZ, UTC
from .services import active_slots

MANAGE_PERM = "kb_social.manage_social"


def _month(value: str | None, today: dt.date) -> tuple[int, int]:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        dt.date(year, month, 1)
        return year, month
    except ValueError:
        return today.year, today.month


def calendar_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    today = timezone.now().astimezone(TZ).date()
    year, month = _month(request.GET.get("month"), today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start = dt.datetime.combine(weeks[0][0], dt.time(0), tzinfo=TZ).astimezone(UTC)
    end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time(0), tzinfo=TZ).astimezone(UTC)
    network = request.GET.get("network") or None
    if network not in networks.NETWORKS:
        network = None
    slots = active_slots(start, end, network=network, pause_problems=False)
    done = {(p.post_id, p.network, p.slot_at): p for p in Publication.objects.filter(slot_at__gte=start,
                                                                                      slot_at__lt=end)}
    by_day: dict[dt.date, list[dict]] = {}
    for slot in slots:
        local = slot.slot_at.astimezone(TZ)
        by_day.setdefault(local.date(), []).append({
            "time": local.strftime("%H:%M"), "network": networks.get(slot.network).label, "post": slot.post,
            "publication": done.get((slot.post.pk, slot.network, slot.slot_at)), "rule": slot.rule_id,
        })
    grid = [[{"date": d, "in_month": d.month == month, "today": d == today, "slots": by_day.get(d, [])}
             for d in week] for week in weeks]
    first = dt.date(year, month, 1)
    prev_month = (first - dt.timedelta(days=1)).strftime("%Y-%m")
    next_month = (first + dt.timedelta(days=32)).strftime("%Y-%m")
    return render(request, "social/admin/calendar.html", {
        "grid": grid, "month": first, "prev_month": prev_month, "next_month": next_month, "count": len(slots),
        "networks": networks.NETWORK_CHOICES, "network": network or "",
        "weekdays": ["ma", "di", "wo", "do", "vr", "za", "zo"],
    })
