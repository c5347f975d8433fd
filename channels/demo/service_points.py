"""The demo municipality's service points: address, contact details, accessibility and opening hours.

:func:`apply` is idempotent: it fills every service point the demo catalogue names (creating the ones that do not
exist yet) and replaces their hours and exceptions. Local closing days that are not national holidays (11 juli,
2 november, 26 december: usual in Flemish municipalities) are added for this year and the next.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from kennisbank.models import OpeningException, OpeningHours, ServicePoint

WEEKDAYS = range(5)
ADDRESS = {"postal_code": "8980", "city": "Zonnebeek"}

#: name → fields, regular hours (weekdays, mode, opens, closes) and local closing days (month, day, reason).
POINTS: dict[str, dict[str, Any]] = {
    "Snelbalie": {
        "fields": {"kind": "town_hall", "address": "Markt 1", **ADDRESS, "latitude": Decimal("50.871120"),
                   "longitude": Decimal("2.987360"), "phone": "051 12 34 00", "email": "onthaal@zonnebeek.example.org",
                   "notes": "Neem een volgnummer aan de ingang. Klaar in een paar minuten: attesten, afhalen van "
                            "documenten, adreswijziging melden.",
                   "accessibility": "Ingang zonder trappen aan de Markt. Lift naar de eerste verdieping. Twee "
                                    "parkeerplaatsen voor mensen met een handicap naast het gemeentehuis."},
        "hours": [(WEEKDAYS, "walk_in", "08:30", "12:00"), ((2,), "walk_in", "13:30", "16:00"),
                  ((5,), "walk_in", "09:00", "11:30")],
        "closed": [(7, 11, "Feest van de Vlaamse Gemeenschap"), (11, 2, "Allerzielen"), (12, 26, "Tweede kerstdag")],
    },
    "Op afspraak": {
        "fields": {"kind": "town_hall", "address": "Markt 1", **ADDRESS, "latitude": Decimal("50.871120"),
                   "longitude": Decimal("2.987360"), "phone": "051 12 34 56",
                   "email": "burgerzaken@zonnebeek.example.org", "url": "https://zonnebeek.example.org/afspraak",
                   "notes": "Maak online of telefonisch een afspraak. Kom vijf minuten op voorhand.",
                   "accessibility": "Ingang zonder trappen aan de Markt. Lift naar de eerste verdieping."},
        "hours": [(WEEKDAYS, "appointment", "08:30", "12:00"), (WEEKDAYS, "appointment", "13:30", "16:00"),
                  ((0,), "appointment", "16:00", "19:00")],
        "closed": [(7, 11, "Feest van de Vlaamse Gemeenschap"), (11, 2, "Allerzielen"), (12, 26, "Tweede kerstdag")],
    },
    "Deelgemeentehuis Molenhoek": {
        "fields": {"kind": "district_hall", "address": "Dorpsplein 3", "postal_code": "8980", "city": "Molenhoek",
                   "latitude": Decimal("50.842310"), "longitude": Decimal("2.954120"), "phone": "051 12 34 70",
                   "email": "molenhoek@zonnebeek.example.org",
                   "notes": "Alleen eenvoudige aanvragen: attesten, afvalzakken, een afspraak voor het gemeentehuis.",
                   "accessibility": "Gelijkvloers. Geen aangepast toilet."},
        "hours": [((1,), "walk_in", "09:00", "11:00"), ((3,), "walk_in", "16:00", "18:00")],
        "closed": [(7, 11, "Feest van de Vlaamse Gemeenschap"), (12, 26, "Tweede kerstdag")],
    },
    "Containerpark": {
        "fields": {"kind": "recycling_park", "address": "Industrielaan 12", **ADDRESS,
                   "latitude": Decimal("50.878450"), "longitude": Decimal("3.001270"), "phone": "051 12 34 80",
                   "notes": "Toegang met uw identiteitskaart. Sorteer thuis: dat gaat sneller.",
                   "accessibility": "Alle containers zijn bereikbaar zonder trappen; de parkwachter helpt bij zware "
                                    "stukken."},
        "hours": [((1, 2, 3, 4), "walk_in", "13:00", "18:00"), ((5,), "walk_in", "09:00", "16:00")],
        "closed": [(12, 26, "Tweede kerstdag")],
    },
    "Bibliotheek": {
        "fields": {"kind": "library", "address": "Kerkstraat 5", **ADDRESS, "latitude": Decimal("50.870340"),
                   "longitude": Decimal("2.985910"), "phone": "051 12 34 90",
                   "email": "bibliotheek@zonnebeek.example.org", "url": "https://zonnebeek.example.org/bib",
                   "accessibility": "Ingang zonder trappen. Vergrootloep en grootletterboeken aan de balie."},
        "hours": [((0,), "walk_in", "14:00", "19:00"), ((2,), "walk_in", "13:30", "18:00"),
                  ((4,), "walk_in", "16:00", "19:00"), ((5,), "walk_in", "09:00", "12:00")],
        "closed": [(7, 11, "Feest van de Vlaamse Gemeenschap"), (12, 26, "Tweede kerstdag")],
    },
    "Online": {
        "fields": {"kind": "online", "url": "https://zonnebeek.example.org/e-loket",
                   "notes": "Meld u aan met uw eID of itsme. Het e-loket is altijd open."},
        "hours": [],
        "closed": [],
    },
}


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


@transaction.atomic
def apply(today: dt.date | None = None) -> list[ServicePoint]:
    """Create or update the demo service points (see the module docstring); returns them."""
    today = today or dt.date.today()
    points = []
    for name, spec in POINTS.items():
        point, _created = ServicePoint.objects.update_or_create(name=name, defaults=spec["fields"])
        OpeningHours.objects.filter(point=point).delete()
        OpeningException.objects.filter(point=point).delete()
        order = 0
        for weekdays, mode, opens, closes in spec["hours"]:
            for weekday in weekdays:
                OpeningHours.objects.create(point=point, weekday=weekday, mode=mode, opens=_time(opens),
                                            closes=_time(closes), sort_order=order)
                order += 1
        for year in (today.year, today.year + 1):
            for month, day, reason in spec["closed"]:
                OpeningException.objects.create(point=point, date=dt.date(year, month, day), closed=True,
                                                reason=reason)
        points.append(point)
    return points
