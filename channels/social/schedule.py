"""When posts go out: one-off moments and republication rules → UTC slots. Pure computation, no writes.

Time slots are wall-clock times in Europe/Brussels, converted to UTC per occurrence, so a 09:00 slot stays 09:00
local across DST changes. A slot in the spring-forward gap (02:00–03:00) moves forward by the gap (02:30 →
03:30 summer time); an ambiguous autumn slot (02:00–03:00) takes its first, summer-time occurrence (fold=0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from .models import PostVariant, SocialPost

TZ = ZoneInfo("Europe/Brussels")
UTC = dt.UTC


def local_to_utc(day: dt.date, at: dt.time, tz: ZoneInfo = TZ) -> dt.datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``tz`` (see the module doc for gaps and folds)."""
    return dt.datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def occurrences(*, start_date: dt.date, interval_weeks: int, times: list[dt.time], start: dt.datetime,
                end: dt.datetime, end_date: dt.date | None = None, last_date: dt.date | None = None,
                tz: ZoneInfo = TZ) -> list[dt.datetime]:
    """UTC datetimes in ``[start, end)`` of a rule: ``start_date`` + k·``interval_weeks`` weeks at each time.

    ``end_date`` and ``last_date`` (e.g. the source's review date) bound the local date, both inclusive.
    """
    if interval_weeks < 1 or not times:
        return []
    step = 7 * interval_weeks
    first_day = start.astimezone(tz).date() - dt.timedelta(days=1)
    last_day = end.astimezone(tz).date() + dt.timedelta(days=1)
    k = max(0, (first_day - start_date).days // step)
    out = []
    while True:
        day = start_date + dt.timedelta(days=step * k)
        if day > last_day or (end_date and day > end_date) or (last_date and day > last_date):
            break
        for at in times:
            instant = local_to_utc(day, at, tz)
            if start <= instant < end:
                out.append(instant)
        k += 1
    return out


@dataclass(frozen=True)
class Slot:
    """One moment one variant of a post is due."""

    post: SocialPost
    variant: PostVariant
    slot_at: dt.datetime  # UTC
    rule_id: int | None

    @property
    def network(self) -> str:
        return self.variant.network

    @property
    def key(self) -> str:
        """Stable identity of the slot (feeds' guid, ICS UID, idempotency)."""
        return f"{self.post.pk}-{self.network}-{self.slot_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def post_slots(post: SocialPost, start: dt.datetime, end: dt.datetime, *,
               review_date: dt.date | None = None, network: str | None = None) -> list[Slot]:
    """Slots of an approved post in ``[start, end)``, per enabled variant; [] for drafts, paused, archived.

    Paused rules give nothing; rules with ``stop_when_review_due`` stop after ``review_date``. Two sources of
    the same instant (one-off + rule) give one slot.
    """
    from .models import PostStatus

    if post.status != PostStatus.APPROVED:
        return []
    moments: dict[dt.datetime, int | None] = {}
    for rule in post.rules.all():
        if rule.paused:
            continue
        try:
            times = rule.time_list()
        except ValueError:
            continue
        for instant in occurrences(start_date=rule.start_date, interval_weeks=rule.interval_weeks, times=times,
                                   start=start, end=end, end_date=rule.end_date,
                                   last_date=review_date if rule.stop_when_review_due else None):
            moments.setdefault(instant, rule.pk)
    if post.publish_at and start <= post.publish_at < end:
        moments.setdefault(post.publish_at.astimezone(UTC), None)
    variants = [v for v in post.variants.all() if v.enabled and (network is None or v.network == network)]
    return [Slot(post, v, instant, rule_id) for instant, rule_id in sorted(moments.items()) for v in variants]
