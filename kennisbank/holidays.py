"""Belgian public holidays (wettelijke feestdagen), computed for any year; no data file, no network.

The ten days of the Royal Decree of 18 April 1974: Nieuwjaar, Paasmaandag, Dag van de Arbeid, Onze-Lieve-Heer-
Hemelvaart, Pinkstermaandag, Nationale feestdag, Onze-Lieve-Vrouw-Hemelvaart, Allerheiligen, Wapenstilstand and
Kerstmis. Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/Butcher). Local closing days of a
municipality (11 juli, 2 november, the day after Christmas, ...) are not national holidays: they are
:class:`~kennisbank.models.OpeningException` rows of the service points they close.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils.translation import gettext_lazy as _


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of ``year`` in the Gregorian calendar."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Date → Dutch name of every Belgian public holiday in ``year``."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): _("Nieuwjaar"),
        easter + dt.timedelta(days=1): _("Paasmaandag"),
        dt.date(year, 5, 1): _("Dag van de Arbeid"),
        easter + dt.timedelta(days=39): _("Onze-Lieve-Heer-Hemelvaart"),
        easter + dt.timedelta(days=50): _("Pinkstermaandag"),
        dt.date(year, 7, 21): _("Nationale feestdag"),
        dt.date(year, 8, 15): _("Onze-Lieve-Vrouw-Hemelvaart"),
        dt.date(year, 11, 1): _("Allerheiligen"),
        dt.date(year, 11, 11): _("Wapenstilstand"),
        dt.date(year, 12, 25): _("Kerstmis"),
    }
    return {day: str(name) for day, name in sorted(days.items())}


def holiday_name(day: dt.date) -> str | None:
    """The holiday's Dutch name, or None on an ordinary day."""
    return public_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Belgian public holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The same clock time ``days`` working days after ``start`` (weekends and public holidays skipped).

    A start outside working days counts from the next working day's start of business as given by the clock
    time of ``start`` (a request on Saturday at 10:00 with 2 days is due on Tuesday at 10:00).
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    day, left = start.date(), days
    while left > 0 or not is_working_day(day):
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return start.replace(year=day.year, month=day.month, day=day.day)
