"""The social team's calendar: what goes out when, one entry per post and moment (its networks together).

``month_view`` and ``week_view`` build what ``admin_views.calendar_view`` renders: days with entries, each entry a
post at one local time with the networks it goes to and, for past slots, how each publication went. Times are
Brussels time; the grid starts on Monday.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field

from . import networks, publishers
from .models import Publication, SocialPost
from .schedule import TZ, UTC
from .services import active_slots


@dataclass
class Entry:
    """One post at one moment: the networks it goes to and the publication of each (when there is one)."""

    post: SocialPost
    time: str
    networks: list[dict[str, object]] = field(default_factory=list)


@dataclass
class Day:
    date: dt.date
    in_range: bool
    today: bool
    entries: list[Entry] = field(default_factory=list)


def _days_with_entries(days: list[dt.date], *, network: str | None, today: dt.date,
                       in_range: set[dt.date]) -> tuple[list[Day], int]:
    start = dt.datetime.combine(days[0], dt.time(0), tzinfo=TZ).astimezone(UTC)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(0), tzinfo=TZ).astimezone(UTC)
    slots = active_slots(start, end, network=network, pause_problems=False)
    done = {(p.post_id, p.network, p.slot_at): p
            for p in Publication.objects.filter(slot_at__gte=start, slot_at__lt=end)}
    entries: dict[tuple[dt.date, str, int], Entry] = {}
    for slot in slots:
        local = slot.slot_at.astimezone(TZ)
        key = (local.date(), local.strftime("%H:%M"), slot.post.pk)
        entry = entries.setdefault(key, Entry(post=slot.post, time=key[1]))
        entry.networks.append({"code": slot.network, "label": networks.get(slot.network).label,
                               "publication": done.get((slot.post.pk, slot.network, slot.slot_at))})
    by_day: dict[dt.date, list[Entry]] = {}
    for (day, _time, _post), entry in sorted(entries.items(), key=lambda item: (item[0][0], item[0][1])):
        by_day.setdefault(day, []).append(entry)
    return ([Day(date=d, in_range=d in in_range, today=d == today, entries=by_day.get(d, [])) for d in days],
            len(slots))


def month_view(year: int, month: int, *, network: str | None, today: dt.date) -> tuple[list[list[Day]], int]:
    """Weeks (Monday first) of the month's grid, and the number of slots in it."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    flat = [d for week in weeks for d in week]
    days, count = _days_with_entries(flat, network=network, today=today,
                                     in_range={d for d in flat if d.month == month})
    return [days[i:i + 7] for i in range(0, len(days), 7)], count


def week_view(monday: dt.date, *, network: str | None, today: dt.date) -> tuple[list[Day], int]:
    """The seven days from ``monday``, and the number of slots in them."""
    week = [monday + dt.timedelta(days=i) for i in range(7)]
    return _days_with_entries(week, network=network, today=today, in_range=set(week))


def direct_posting() -> list[dict[str, object]]:
    """Per network: whether Kennisbank posts there itself (an account is configured) or only exports."""
    configured = publishers.configured_networks()
    return [{"code": code, "label": net.label, "direct": code in configured}
            for code, net in networks.NETWORKS.items()]
