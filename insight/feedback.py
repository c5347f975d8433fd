"""The editors' feedback inbox: citizens' comments ("Wat kunnen we beter doen?") and operators' error reports.

Queries and the one write (mark handled) live here; ``insight.views.FeedbackInboxView`` only renders. Comments are
anonymous (``channels.models.Feedback`` stores no personal data) and never leave the admin: no public page, API
or feed reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from channels.models import Feedback

from .datasets import Dataset

#: ``?handled=`` values of the inbox filter.
HANDLED_CHOICES = ("open", "handled", "all")


@dataclass(frozen=True)
class InboxFilter:
    """What the inbox shows: a theme slug, an owner team id, and open / handled / all comments."""

    theme: str = ""
    team_id: int | None = None
    handled: str = "open"


def inbox(filters: InboxFilter) -> QuerySet[Feedback]:
    """Feedback with a written comment, newest first, narrowed by ``filters``."""
    qs = (Feedback.objects.exclude(comment="").select_related("item", "item__owner_team")
          .order_by("-created_at", "-pk"))
    if filters.theme:
        qs = qs.filter(item__themes__slug=filters.theme)
    if filters.team_id is not None:
        qs = qs.filter(item__owner_team_id=filters.team_id)
    if filters.handled == "open":
        qs = qs.filter(handled=False)
    elif filters.handled == "handled":
        qs = qs.filter(handled=True)
    return qs.distinct()


def mark_handled(ids: list[int], *, handled: bool = True) -> int:
    """Set ``handled`` on the given feedback rows; returns how many changed."""
    return Feedback.objects.filter(pk__in=ids).exclude(handled=handled).update(handled=handled)


def inbox_dataset(filters: InboxFilter) -> Dataset:
    """The inbox as a dataset for the CSV export (same rows as the screen, every page)."""
    rows = [{"created_at": f.created_at, "item": f.item.title, "external_id": f.item.external_id,
             "team": f.item.owner_team.name if f.item.owner_team else "", "section": f.section,
             "kind": f.get_kind_display(), "channel": f.get_channel_display(), "helpful": f.helpful,
             "comment": f.comment, "handled": f.handled} for f in inbox(filters)]
    return Dataset("feedback", str(_("Feedback")), "",
                   {"created_at": _("Ontvangen op"), "item": _("Item"), "external_id": _("Externe id"),
                    "team": _("Team"), "section": _("Rubriek"), "kind": _("Soort"), "channel": _("Kanaal"),
                    "helpful": _("Nuttig"), "comment": _("Opmerking"), "handled": _("Afgehandeld")},
                   rows, chart="none")
