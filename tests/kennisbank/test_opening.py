"""Opening hours of service points: holidays, exceptions and summer/winter time, with fixed clocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kennisbank import opening
from kennisbank.holidays import easter_sunday, public_holidays
from kennisbank.models import OpeningException, OpeningHours, ServicePoint

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = dt.UTC


def at(year, month, day, hour, minute=0, tz=BRUSSELS) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


@pytest.fixture
def town_hall():
    point = ServicePoint.objects.create(name="Gemeentehuis", kind="town_hall", address="Markt 1",
                                        postal_code="8980", city="Zonnebeek")
    for weekday in range(5):  # Monday–Friday 8.30–12.00 walk-in
        OpeningHours.objects.create(point=point, weekday=weekday, mode="walk_in", opens=dt.time(8, 30),
                                    closes=dt.time(12))
    OpeningHours.objects.create(point=point, weekday=0, mode="appointment", opens=dt.time(13, 30),
                                closes=dt.time(19))  # Monday evening by appointment
    OpeningHours.objects.create(point=point, weekday=2, mode="walk_in", opens=dt.time(13, 30), closes=dt.time(16))
    return ServicePoint.objects.prefetch_related("hours", "exceptions").get(pk=point.pk)


def test_belgian_public_holidays_follow_easter():
    assert easter_sunday(2026) == dt.date(2026, 4, 5) and easter_sunday(2027) == dt.date(2027, 3, 28)
    days = public_holidays(2026)
    assert len(days) == 10
    assert days[dt.date(2026, 4, 6)] == "Paasmaandag"
    assert days[dt.date(2026, 5, 14)] == "Onze-Lieve-Heer-Hemelvaart"
    assert days[dt.date(2026, 5, 25)] == "Pinkstermaandag"
    assert days[dt.date(2026, 7, 21)] == "Nationale feestdag"


def test_open_now_says_when_it_closes(town_hall):
    assert opening.status(town_hall, at(2026, 12, 2, 10)).text == "Nu open · sluit om 12.00 uur"
    assert opening.status(town_hall, at(2026, 12, 2, 12, 15)).text == "Nu gesloten · open vandaag vanaf 13.30 uur"
    assert opening.status(town_hall, at(2026, 12, 2, 15, 59)).open_now
    assert opening.status(town_hall, at(2026, 12, 2, 16)).text == "Nu gesloten · morgen open vanaf 8.30 uur"


def test_appointment_blocks_say_so(town_hall):
    monday = at(2026, 11, 30, 14)
    assert opening.status(town_hall, monday).text == "Nu open op afspraak · tot 19.00 uur"
    assert opening.status(town_hall, at(2026, 11, 30, 12, 30)).text == \
        "Nu gesloten · vandaag op afspraak vanaf 13.30 uur"


def test_weekend_and_holiday_point_to_the_next_opening(town_hall):
    saturday = at(2026, 12, 5, 10)
    assert opening.status(town_hall, saturday).text == "Vandaag gesloten · maandag open vanaf 8.30 uur"
    easter_monday = at(2026, 4, 6, 10)
    assert opening.status(town_hall, easter_monday).text == \
        "Vandaag gesloten (Paasmaandag) · morgen open vanaf 8.30 uur"


def test_summer_and_winter_time_do_not_shift_the_hours(town_hall):
    # Wednesday 1 April 2026 (summer time, UTC+2): 9.45 UTC is 11.45 in Brussels → open.
    assert opening.status(town_hall, dt.datetime(2026, 4, 1, 9, 45, tzinfo=UTC)).open_now
    # Wednesday 4 November 2026 (winter time, UTC+1): 11.15 UTC is 12.15 in Brussels → closed until 13.30.
    assert opening.status(town_hall, dt.datetime(2026, 11, 4, 11, 15, tzinfo=UTC)).text == \
        "Nu gesloten · open vandaag vanaf 13.30 uur"
    # The night of the change (Sunday 25 October 2026, 3.00 → 2.00): Monday opens at 8.30 as always.
    assert opening.status(town_hall, dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)).text == \
        "Vandaag gesloten · morgen open vanaf 8.30 uur"


def test_a_closing_day_and_an_extra_opening(town_hall):
    OpeningException.objects.create(point=town_hall, date=dt.date(2026, 12, 4), closed=True, reason="Personeelsfeest")
    OpeningException.objects.create(point=town_hall, date=dt.date(2026, 12, 5), closed=False, mode="walk_in",
                                    opens=dt.time(9), closes=dt.time(12), reason="Verkiezingen")
    point = ServicePoint.objects.prefetch_related("hours", "exceptions").get(pk=town_hall.pk)
    assert opening.status(point, at(2026, 12, 4, 10)).text == \
        "Vandaag gesloten (Personeelsfeest) · morgen open vanaf 9.00 uur"
    assert opening.status(point, at(2026, 12, 5, 10)).text == "Nu open · sluit om 12.00 uur"
    special = opening.special_days(point, start=dt.date(2026, 12, 1), days=30)
    assert [(d.date.day, d.closed, d.note) for d in special] == [
        (4, True, "Personeelsfeest"), (5, False, "Verkiezingen"), (25, True, "Kerstmis")]


def test_far_next_opening_names_the_date(town_hall):
    for day in range(21, 32):
        OpeningException.objects.create(point=town_hall, date=dt.date(2026, 12, day), closed=True,
                                        reason="Kerstvakantie")
    point = ServicePoint.objects.prefetch_related("hours", "exceptions").get(pk=town_hall.pk)
    text = opening.status(point, at(2026, 12, 21, 10)).text
    assert text == "Vandaag gesloten (Kerstvakantie) · op maandag 4 januari open vanaf 8.30 uur"


def test_online_counter_is_always_open():
    point = ServicePoint.objects.create(name="E-loket", kind="online", url="https://zonnebeek.example.org/e-loket")
    assert opening.status(point, at(2026, 12, 5, 3)).text == "Altijd open"


def test_regular_week_table(town_hall):
    table = dict(opening.regular_week(town_hall))
    assert [(b.opens, b.mode) for b in table["maandag"]] == [(dt.time(8, 30), "walk_in"),
                                                              (dt.time(13, 30), "appointment")]
    assert table["zaterdag"] == []
    assert "woensdag: 08.30–12.00 (vrij binnenlopen), 13.30–16.00 (vrij binnenlopen)" in opening.hours_text(town_hall)
