"""The team directory for transfers: who handles what, how to reach them, and whether they can be reached now.

A team is reachable now unless it is away (``Team.away_until`` in the future) or outside its hours: the opening
hours of ``Team.hours_from`` (a service point, with its exceptions and Belgian holidays), or office hours on
working days when no service point is set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import opening
from .holidays import is_working_day
from .models import ContentPage, Team

#: Office hours when a team has no service point (Monday to Friday, not on public holidays).
OFFICE_HOURS = (dt.time(8, 30), dt.time(16, 30))


@dataclass(frozen=True)
class TeamView:
    """A team for the operator: its contact details and whether a transfer can go through now."""

    team: Team
    available: bool
    status: str


def availability(team: Team, now: dt.datetime | None = None) -> TeamView:
    """Whether ``team`` can take a transferred call at ``now``, with the sentence the operator reads."""
    moment = opening.local_now(now)
    if team.away_until and team.away_until > moment:
        until = timezone.localtime(team.away_until)
        text = _("Niet bereikbaar tot %(time)s") % {"time": f"{until:%d/%m} {opening.clock(until.time())}"}
        return TeamView(team, False, f"{text} ({team.away_note})" if team.away_note else text)
    if team.hours_from is not None:
        state = opening.status(team.hours_from, now)
        return TeamView(team, state.open_now, state.text)
    opens, closes = OFFICE_HOURS
    if is_working_day(moment.date()) and opens <= moment.time() < closes:
        return TeamView(team, True, _("Bereikbaar · tot %(time)s") % {"time": opening.clock(closes)})
    return TeamView(team, False, _("Niet bereikbaar (kantooruren %(a)s tot %(b)s op werkdagen)")
                    % {"a": opening.clock(opens), "b": opening.clock(closes)})


def transfer_options(page: ContentPage, now: dt.datetime | None = None) -> list[TeamView]:
    """Teams to transfer a caller about ``page`` to: the owner first, then teams that handle its themes."""
    theme_ids = [theme.pk for theme in page.themes.all()]
    teams = list(Team.objects.filter(Q(pk=page.owner_team_id) | Q(themes__in=theme_ids)).distinct()
                 .select_related("hours_from"))
    teams.sort(key=lambda t: (t.pk != page.owner_team_id, t.name))
    return [availability(team, now) for team in teams]


def find_teams(query: str, now: dt.datetime | None = None, *, limit: int = 5) -> list[TeamView]:
    """Teams whose name or themes match the words of ``query`` (every word; case-insensitive)."""
    words = [w for w in query.split() if len(w) >= 3]
    if not words:
        return []
    qs = Team.objects.all()
    for word in words:
        qs = qs.filter(Q(name__icontains=word) | Q(themes__name__icontains=word))
    return [availability(team, now) for team in qs.distinct().select_related("hours_from")[:limit]]


def directory(now: dt.datetime | None = None) -> list[TeamView]:
    """Every team, reachable ones first."""
    views = [availability(team, now) for team in Team.objects.select_related("hours_from").prefetch_related("themes")]
    return sorted(views, key=lambda v: (not v.available, v.team.name))
