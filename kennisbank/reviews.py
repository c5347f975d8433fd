"""Review cycle: which items are due for review, per owner team, and the reminder e-mails.

Contract:
- Every product/fiche has an owner team and a review interval; ``ContentPage.next_review_date`` is computed on save
  (last reviewed + interval). An item is *stale* ("te herzien") when that date is before today.
- :func:`due_items` lists stale and soon-due items (next review within ``within_days``), oldest date first, over
  the live items (operator scope: public and internal; offline or never published items need no review).
  Reads go through the selectors.
- :func:`due_by_team` groups them per owner team (``None`` = no owner).
- :func:`send_reminders` sends ONE e-mail per owner team with an address, listing its stale and soon-due items;
  it returns the number of e-mails sent. Items without owner (or a team without e-mail) go to
  ``settings.KENNISBANK_REVIEW_FALLBACK_EMAILS`` when set (else they are only shown in the admin).
- :data:`send_review_reminders` is the django-tasks task (queue ``reminders``); schedule it with cron/systemd:
  ``manage.py send_review_reminders --enqueue`` (or run it inline without ``--enqueue``).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .conf import kennisbank_settings
from .models import ContentPage, Team
from .selectors import Scope, items

#: Items due within this many days are "soon due" in reminders and the dashboard.
DEFAULT_WITHIN_DAYS = 30


def today() -> dt.date:
    """Today in the site's time zone."""
    return timezone.localdate()


def due_items(*, on: dt.date | None = None, within_days: int = 0, team: Team | None = None,
              scope: Scope = Scope.OPERATOR) -> QuerySet[ContentPage]:
    """Items whose next review date is before ``on + within_days`` (stale when before ``on``), oldest first."""
    if within_days < 0:
        raise ValueError(f"within_days: must be >= 0, got {within_days}")
    limit = (on or today()) + dt.timedelta(days=within_days)
    qs = items(scope).filter(next_review_date__isnull=False)
    qs = qs.filter(next_review_date__lt=limit) if within_days == 0 else qs.filter(next_review_date__lte=limit)
    if team is not None:
        qs = qs.filter(owner_team=team)
    return qs.select_related("owner_team").order_by("next_review_date", "title")


def stale_items(*, on: dt.date | None = None, scope: Scope = Scope.OPERATOR) -> QuerySet[ContentPage]:
    """Items past their review date."""
    return due_items(on=on, within_days=0, scope=scope)


@dataclass
class TeamDue:
    """The items one owner team must review: ``stale`` (overdue) and ``soon`` (due within the window)."""

    team: Team | None
    stale: list[ContentPage] = field(default_factory=list)
    soon: list[ContentPage] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.stale) + len(self.soon)


def due_by_team(*, on: dt.date | None = None, within_days: int = DEFAULT_WITHIN_DAYS) -> list[TeamDue]:
    """Stale and soon-due items grouped per owner team (teams by name; "no owner" last)."""
    on = on or today()
    groups: OrderedDict[int | None, TeamDue] = OrderedDict()
    for page in due_items(on=on, within_days=within_days):
        group = groups.setdefault(page.owner_team_id, TeamDue(team=page.owner_team))
        (group.stale if page.next_review_date and page.next_review_date < on else group.soon).append(page)
    return sorted(groups.values(), key=lambda g: (g.team is None, g.team.name if g.team else ""))


def _admin_edit_url(page: ContentPage) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/pages/{page.pk}/edit/"


def send_reminders(*, on: dt.date | None = None, within_days: int = DEFAULT_WITHIN_DAYS,
                   dry_run: bool = False) -> int:
    """E-mail every owner team its stale and soon-due items (one mail per address). Returns mails (to be) sent."""
    on = on or today()
    fallback = list(kennisbank_settings.REVIEW_FALLBACK_EMAILS)
    sent = 0
    for group in due_by_team(on=on, within_days=within_days):
        recipients = [group.team.email] if group.team and group.team.email else fallback
        if not recipients or not group.total:
            continue
        context = {
            "team": group.team, "on": on, "within_days": within_days,
            "stale": [(p, _admin_edit_url(p)) for p in group.stale],
            "soon": [(p, _admin_edit_url(p)) for p in group.soon],
            "dashboard_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/inzicht/te-herzien/",
        }
        subject = _("Kennisbank: %(n)s items te herzien") % {"n": group.total}
        if group.team:
            subject = f"{subject} ({group.team.name})"
        if not dry_run:
            send_mail(subject, render_to_string("kennisbank/review_reminder.txt", context),
                      settings.DEFAULT_FROM_EMAIL, recipients)
        sent += 1
    return sent


@task(queue_name="reminders")
def send_review_reminders(within_days: int = DEFAULT_WITHIN_DAYS) -> int:
    """Task: :func:`send_reminders` for today. Enqueue with ``send_review_reminders.enqueue()``."""
    return send_reminders(within_days=within_days)
