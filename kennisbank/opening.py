"""When is a service point open: the one place that answers it (site, console, API and JSON-LD all call this).

Contract:
- All times are Europe/Brussels wall-clock times; ``now`` may be given in any time zone (aware) and is converted,
  so summer and winter time (DST) never shift opening hours.
- :func:`day_schedule` gives the blocks of one date: the regular :class:`~kennisbank.models.OpeningHours` of its
  weekday; none on a Belgian public holiday (:mod:`kennisbank.holidays`); none on a date an
  :class:`~kennisbank.models.OpeningException` closes (its reason is kept); plus the extra openings of that date
  (also on a holiday).
- :func:`status` says what a citizen wants to know now: ``Nu open · sluit om 16.00 uur``, ``Nu gesloten · open
  vandaag vanaf 13.30 uur``, ``Vandaag gesloten (Paasmaandag) · morgen open vanaf 8.30 uur``, ``… open op maandag
  6 april vanaf 8.30 uur`` (looking up to :data:`LOOKAHEAD_DAYS` ahead). Blocks by appointment say so.
- :func:`week` and :func:`special_days` feed the weekly table, the API and ``specialOpeningHoursSpecification``.
Works on prefetched ``hours`` and ``exceptions`` (``prefetch_related("hours", "exceptions")``): no extra queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .holidays import holiday_name
from .models import ServicePoint
from .vocabulary import OpeningMode, Weekday, label

TZ = ZoneInfo("Europe/Brussels")
LOOKAHEAD_DAYS = 21


@dataclass(frozen=True)
class Block:
    """One opening block: ``mode`` (walk_in / appointment) from ``opens`` until ``closes``."""

    mode: str
    opens: dt.time
    closes: dt.time

    @property
    def mode_label(self) -> str:
        return label(OpeningMode, self.mode)


@dataclass(frozen=True)
class Day:
    """The blocks of one date; ``note`` says why it differs from the regular week (holiday, closing, extra)."""

    date: dt.date
    blocks: tuple[Block, ...]
    note: str = ""

    @property
    def closed(self) -> bool:
        return not self.blocks


@dataclass(frozen=True)
class Status:
    """What :func:`status` found: open now or not, in which mode, and the sentence for people."""

    open_now: bool
    mode: str | None
    text: str


def clock(value: dt.time) -> str:
    """``8.30 uur``, ``16.00 uur`` (the Flemish way of writing a time)."""
    return _("%(h)s.%(m)02d uur") % {"h": value.hour, "m": value.minute}


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` (default: the current time) in Europe/Brussels."""
    return (now or timezone.now()).astimezone(TZ)


def _regular(point: ServicePoint, weekday: int) -> list[Block]:
    return [Block(h.mode, h.opens, h.closes) for h in point.hours.all() if h.weekday == weekday]


def day_schedule(point: ServicePoint, day: dt.date) -> Day:
    """The opening blocks of ``point`` on ``day`` (see the module docstring)."""
    exceptions = [e for e in point.exceptions.all() if e.date == day]
    closing = next((e for e in exceptions if e.closed), None)
    extra = [Block(e.mode, e.opens, e.closes) for e in exceptions if not e.closed and e.opens and e.closes]
    if closing is not None:
        return Day(day, tuple(sorted(extra, key=lambda b: b.opens)), closing.reason)
    holiday = holiday_name(day)
    regular = [] if holiday else _regular(point, day.weekday())
    note = holiday or (", ".join(e.reason for e in exceptions if not e.closed) if extra else "")
    blocks = sorted({*regular, *extra}, key=lambda b: (b.opens, b.closes))
    return Day(day, tuple(blocks), note)


def has_hours(point: ServicePoint) -> bool:
    """True when the point keeps regular or extra hours (an online counter has none: it is always open)."""
    return bool(point.hours.all()) or any(not e.closed for e in point.exceptions.all())


def _when(day: dt.date, today: dt.date) -> str:
    if day == today + dt.timedelta(days=1):
        return _("morgen")
    if day - today < dt.timedelta(days=7):
        return str(Weekday(day.weekday()).label)
    return _("op %(date)s") % {"date": formats.date_format(day, "l j F")}


def _opens_text(block: Block, day: dt.date, today: dt.date) -> str:
    if block.mode == OpeningMode.APPOINTMENT:
        return _("op afspraak %(when)s vanaf %(time)s") % {"when": _when(day, today), "time": clock(block.opens)}
    return _("%(when)s open vanaf %(time)s") % {"when": _when(day, today), "time": clock(block.opens)}


def status(point: ServicePoint, now: dt.datetime | None = None) -> Status:
    """Open now, and when it closes or opens next (see the module docstring)."""
    if not has_hours(point):
        return Status(open_now=point.is_online, mode=None, text=_("Altijd open") if point.is_online else "")
    moment = local_now(now)
    today, time = moment.date(), moment.time()
    schedule = day_schedule(point, today)
    for block in schedule.blocks:
        if block.opens <= time < block.closes:
            if block.mode == OpeningMode.APPOINTMENT:
                text = _("Nu open op afspraak · tot %(time)s") % {"time": clock(block.closes)}
            else:
                text = _("Nu open · sluit om %(time)s") % {"time": clock(block.closes)}
            return Status(open_now=True, mode=block.mode, text=text)
    later = next((b for b in schedule.blocks if b.opens > time), None)
    if later is not None:
        if later.mode == OpeningMode.APPOINTMENT:
            text = _("Nu gesloten · vandaag op afspraak vanaf %(time)s") % {"time": clock(later.opens)}
        else:
            text = _("Nu gesloten · open vandaag vanaf %(time)s") % {"time": clock(later.opens)}
        return Status(open_now=False, mode=None, text=text)
    if schedule.closed:
        head = _("Vandaag gesloten (%(why)s)") % {"why": schedule.note} if schedule.note else _("Vandaag gesloten")
    else:
        head = _("Nu gesloten")
    for offset in range(1, LOOKAHEAD_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        blocks = day_schedule(point, day).blocks
        if blocks:
            return Status(open_now=False, mode=None, text=f"{head} · {_opens_text(blocks[0], day, today)}")
    return Status(open_now=False, mode=None, text=head)


def week(point: ServicePoint, start: dt.date | None = None) -> list[Day]:
    """Seven :class:`Day` objects from ``start`` (default: today in Brussels)."""
    first = start or local_now().date()
    return [day_schedule(point, first + dt.timedelta(days=n)) for n in range(7)]


def regular_week(point: ServicePoint) -> list[tuple[str, list[Block]]]:
    """Monday to Sunday: (Dutch day name, regular blocks) — the table people read, without exceptions."""
    return [(str(name), sorted(_regular(point, int(day)), key=lambda b: b.opens))
            for day, name in Weekday.choices]


def special_days(point: ServicePoint, start: dt.date | None = None, days: int = 60) -> list[Day]:
    """Dates in the next ``days`` that differ from the regular week: holidays, closings, extra openings."""
    if not has_hours(point):
        return []
    first = start or local_now().date()
    dates = {e.date for e in point.exceptions.all() if first <= e.date < first + dt.timedelta(days=days)}
    dates |= {first + dt.timedelta(days=n) for n in range(days) if holiday_name(first + dt.timedelta(days=n))}
    return [day_schedule(point, d) for d in sorted(dates)]


def hours_text(point: ServicePoint) -> str:
    """The regular week as one line per open day: ``maandag: 8.30–12.00 (vrij binnenlopen)``."""
    lines = []
    for name, blocks in regular_week(point):
        if blocks:
            parts = [f"{b.opens:%H.%M}–{b.closes:%H.%M} ({b.mode_label.lower()})" for b in blocks]
            lines.append(f"{name}: {', '.join(parts)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class PointView:
    """Everything a channel shows about one service point, computed once (site, console, contact page)."""

    point: ServicePoint
    status: Status
    regular_week: list[tuple[str, list[Block]]]
    special_days: list[Day]
    has_hours: bool
    map_url: str


def point_view(point: ServicePoint, now: dt.datetime | None = None, *, special_days_ahead: int = 30) -> PointView:
    """A :class:`PointView` of ``point`` at ``now``."""
    map_url = ""
    if point.latitude is not None and point.longitude is not None:
        map_url = (f"https://www.openstreetmap.org/?mlat={point.latitude}&mlon={point.longitude}"
                   f"#map=18/{point.latitude}/{point.longitude}")
    start = local_now(now).date()
    return PointView(point=point, status=status(point, now), regular_week=regular_week(point),
                     special_days=special_days(point, start=start, days=special_days_ahead),
                     has_hours=has_hours(point), map_url=map_url)


def ordered_points(points: list[ServicePoint]) -> list[ServicePoint]:
    """Places first (gemeentehuis, deelgemeentehuis, ...), the online counter last; then by name."""
    order = {kind: n for n, kind in enumerate(("town_hall", "district_hall", "social_house", "library",
                                               "recycling_park", "other", "online"))}
    return sorted(points, key=lambda p: (order.get(p.kind, 5), p.name))
