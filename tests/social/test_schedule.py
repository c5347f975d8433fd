"""Republication dates: local 09:00 stays 09:00 across DST (March/October 2026 and 2027); paused = nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from channels.social import schedule, services
from channels.social.models import PostStatus, RepublicationRule
from channels.social.schedule import TZ, UTC

NINE = dt.time(9, 0)


def _utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("before", "after", "utc_before", "utc_after"), [
    (dt.date(2026, 3, 22), dt.date(2026, 3, 29), 8, 7),    # spring forward 29 March 2026
    (dt.date(2026, 10, 18), dt.date(2026, 10, 25), 7, 8),  # fall back 25 October 2026
    (dt.date(2027, 3, 21), dt.date(2027, 3, 28), 8, 7),    # spring forward 28 March 2027
    (dt.date(2027, 10, 24), dt.date(2027, 10, 31), 7, 8),  # fall back 31 October 2027
])
def test_weekly_nine_oclock_stays_nine_oclock_local(before, after, utc_before, utc_after):
    got = schedule.occurrences(start_date=before, interval_weeks=1, times=[NINE],
                               start=_utc(before.year, 1, 1), end=_utc(before.year + 1, 1, 1), end_date=after)
    assert got == [_utc(before.year, before.month, before.day, utc_before),
                   _utc(after.year, after.month, after.day, utc_after)]
    assert all(g.astimezone(TZ).time() == NINE for g in got)


def test_every_six_weeks_for_two_years_always_local_time():
    got = schedule.occurrences(start_date=dt.date(2026, 1, 5), interval_weeks=6, times=[NINE, dt.time(17, 30)],
                               start=_utc(2026, 1, 1), end=_utc(2028, 1, 1))
    assert len(got) == 2 * len(range(0, (dt.date(2027, 12, 31) - dt.date(2026, 1, 5)).days + 1, 42))
    assert {g.astimezone(TZ).time() for g in got} == {NINE, dt.time(17, 30)}
    assert {g.astimezone(TZ).weekday() for g in got} == {0}
    offsets = {g.astimezone(TZ).utcoffset() for g in got}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}  # both winter and summer time were crossed


def test_gap_and_fold_times_are_well_defined():
    gap = schedule.local_to_utc(dt.date(2026, 3, 29), dt.time(2, 30))
    assert gap == _utc(2026, 3, 29, 1, 30)  # 02:30 does not exist: goes out at 03:30 summer time
    fold = schedule.local_to_utc(dt.date(2026, 10, 25), dt.time(2, 30))
    assert fold == _utc(2026, 10, 25, 0, 30)  # first (summer-time) 02:30 only, not twice


def test_window_and_end_date_and_review_date_bound_the_rule():
    kwargs = {"start_date": dt.date(2026, 1, 5), "interval_weeks": 2, "times": [NINE]}
    window = schedule.occurrences(**kwargs, start=_utc(2026, 2, 1), end=_utc(2026, 3, 1))
    assert [g.date() for g in window] == [dt.date(2026, 2, 2), dt.date(2026, 2, 16)]
    assert schedule.occurrences(**kwargs, start=_utc(2026, 1, 1), end=_utc(2027, 1, 1),
                                end_date=dt.date(2026, 1, 19))[-1].date() == dt.date(2026, 1, 19)
    assert schedule.occurrences(**kwargs, start=_utc(2026, 1, 1), end=_utc(2027, 1, 1),
                                last_date=dt.date(2026, 1, 18))[-1].date() == dt.date(2026, 1, 5)


@pytest.mark.django_db
def test_paused_rules_and_paused_posts_produce_nothing(social_fiche):
    post = services.create_post(social_fiche, network_codes=["mastodon", "x"], approve_now=True)
    rule = RepublicationRule.objects.create(post=post, interval_weeks=1, start_date=dt.date(2026, 1, 5),
                                            times="09:00")
    window = (_utc(2026, 1, 1), _utc(2026, 3, 1))
    post.refresh_from_db()
    assert len(schedule.post_slots(post, *window)) == 2 * 8
    rule.paused = True
    rule.save()
    assert schedule.post_slots(post, *window) == []
    rule.paused = False
    rule.save()
    services.pause(post, "handmatig")
    assert schedule.post_slots(post, *window) == []
    post.status = PostStatus.DRAFT
    assert schedule.post_slots(post, *window) == []


@pytest.mark.django_db
def test_rule_stops_when_source_review_is_due(social_fiche):
    post = services.create_post(social_fiche, network_codes=["mastodon"], approve_now=True)
    RepublicationRule.objects.create(post=post, interval_weeks=1, start_date=dt.date(2026, 1, 5), times="09:00")
    slots = schedule.post_slots(post, _utc(2026, 1, 1), _utc(2026, 3, 1), review_date=dt.date(2026, 1, 20))
    assert [s.slot_at.date() for s in slots] == [dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 19)]


def test_times_are_validated():
    from channels.social.models import parse_times

    assert parse_times("17:30, 09:00,09:00") == [NINE, dt.time(17, 30)]
    with pytest.raises(ValueError, match="UU:MM"):
        parse_times("9 uur")
    with pytest.raises(ValueError, match="stappen van 5"):
        parse_times("09:02")
