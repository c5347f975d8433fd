"""Consistency checks at publish: what a citizen would notice is wrong, said to the editor in the admin.

Contract: :func:`check` returns :class:`Finding` objects (a code and a Dutch message) for one product or fiche; it
never blocks anything. The admin shows them as warnings after every save and publish (``kennisbank.wagtail_hooks``).
Checks:

- ``price_in_text``: the short answer or a section names a euro amount that none of the cost lines has (prices live
  in cost lines only; a sentence about a premie, subsidie, toelage, tegemoetkoming or korting is not a price);
- ``appointment_flag``: "Afspraak nodig" is off, but every place where the product is delivered works by appointment
  only — or it is on, while every such place only has walk-in hours;
- ``booking_link``: there is an "Afspraak maken" action but "Afspraak nodig" is off, or an action of another kind
  opens an appointment tool (the button would not say what it does);
- ``owner_without_contact``: the owner team has neither an e-mail address nor an extension;
- ``point_without_hours``: a service point of the product (not the online counter) has no opening hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..opening import has_hours
from ..prices import amounts_in, euro
from ..vocabulary import BOOKING_URL_RE, ActionKind, ItemType, OpeningMode

if TYPE_CHECKING:
    from ..models import ContentPage

_BENEFIT_RE = re.compile(r"(premie|subsidie|toelage|tegemoetkoming|korting|terugbetaling)", re.IGNORECASE)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


def _text_amounts(page: ContentPage) -> list:
    found = []
    for text in [page.short_answer, *(s["text"] for s in page.sections())]:
        for sentence in _SENTENCE_RE.split(text or ""):
            if not _BENEFIT_RE.search(sentence):
                found.extend(amounts_in(sentence))
    return found


def check(page: ContentPage) -> list[Finding]:
    """Every finding for ``page`` (see the module docstring)."""
    findings: list[Finding] = []
    is_product = page.item_type == ItemType.PRODUCT
    lines = list(page.cost_lines.all()) if is_product else []
    listed = {line.amount for line in lines}
    unlisted = list(dict.fromkeys(a for a in _text_amounts(page) if a not in listed))
    if unlisted:
        where = _("geen prijsregel heeft dat bedrag") if is_product else _("een fiche heeft geen prijsregels")
        findings.append(Finding("price_in_text", _(
            "De tekst noemt %(amounts)s, maar %(where)s. Zet prijzen alleen in de prijsregels van het product (en "
            "verwijs vanuit een fiche naar het product), anders lopen ze uit elkaar.")
            % {"amounts": ", ".join(euro(a) for a in unlisted), "where": where}))
    if is_product:
        points = [p for p in page.service_points.all() if not p.is_online]
        modes = [{h.mode for h in p.hours.all()} for p in points if p.hours.all()]
        if modes and not page.appointment_required and all(m == {OpeningMode.APPOINTMENT} for m in modes):
            findings.append(Finding("appointment_flag", _(
                "'Afspraak nodig' staat op nee, maar waar dit product geleverd wordt, werkt men alleen op afspraak.")))
        if modes and page.appointment_required and all(m == {OpeningMode.WALK_IN} for m in modes):
            findings.append(Finding("appointment_flag", _(
                "'Afspraak nodig' staat op ja, maar waar dit product geleverd wordt, zijn er alleen uren om vrij "
                "binnen te lopen.")))
        actions = list(page.actions.all())
        if any(a.kind == ActionKind.BOOK_APPOINTMENT for a in actions) and not page.appointment_required:
            findings.append(Finding("booking_link", _(
                "Er is een knop 'Afspraak maken', maar 'Afspraak nodig' staat op nee.")))
        for action in actions:
            if action.kind != ActionKind.BOOK_APPOINTMENT and action.url and BOOKING_URL_RE.search(action.url):
                findings.append(Finding("booking_link", _(
                    "De knop '%(text)s' opent een afsprakentool: kies de soort 'Afspraak maken'.")
                    % {"text": action.text}))
        for point in points:
            if not has_hours(point):
                findings.append(Finding("point_without_hours", _(
                    "Het dienstverleningspunt '%(name)s' heeft geen openingsuren: burgers zien niet wanneer ze "
                    "kunnen langskomen.") % {"name": point.name}))
    team = page.owner_team
    if team is not None and not team.email and not team.phone_extension:
        findings.append(Finding("owner_without_contact", _(
            "Het team '%(team)s' heeft geen e-mailadres en geen toestel: feedback en doorverbinden lukken niet.")
            % {"team": team.name}))
    return findings
