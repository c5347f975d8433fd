"""Wagtail admin hooks of the insight dashboard and the review cycle.

- Menu item "Inzicht" (``/admin/inzicht/``), the review list (``/admin/inzicht/te-herzien/``) and the feedback inbox
  (``/admin/inzicht/feedback/``, menu item "Feedback"), shown to users with ``kb_insight.view_insight``.
- Dashboard panel "Te herzien": stale and soon-due items per owner team.
- Page editor: a warning when the item is past its review date ("Te herzien sinds …") or its IPDC concept changed.

Wagtail finds this module by its name (``<app>/wagtail_hooks.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from importers.models import ConceptLink
from kennisbank import reviews

from .permissions import VIEW_INSIGHT
from .views import FeedbackInboxView, InsightDashboardView, ReviewListView, SearchGapsView

#: Items listed per team in the dashboard panel (the review list shows all).
PANEL_ITEMS_PER_TEAM = 5


@hooks.register("register_admin_urls")
def register_insight_urls() -> list[Any]:
    return [
        path("inzicht/", InsightDashboardView.as_view(), name="kb_insight"),
        path("inzicht/te-herzien/", ReviewListView.as_view(), name="kb_insight_reviews"),
        path("inzicht/feedback/", FeedbackInboxView.as_view(), name="kb_insight_feedback"),
        path("inzicht/niet-gevonden/", SearchGapsView.as_view(), name="kb_insight_search_gaps"),
    ]


class InsightMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(VIEW_INSIGHT)


@hooks.register("register_admin_menu_item")
def register_insight_menu_item() -> MenuItem:
    return InsightMenuItem(gettext_lazy("Inzicht"), reverse("kb_insight"), name="inzicht", icon_name="table",
                           order=900)


@hooks.register("register_admin_menu_item")
def register_feedback_menu_item() -> MenuItem:
    return InsightMenuItem(gettext_lazy("Feedback"), reverse("kb_insight_feedback"), name="feedback",
                           icon_name="comment", order=910)


class ReviewPanel(Component):
    """Dashboard panel: what each owner team must review (stale first)."""

    name = "kb_te_herzien"
    template_name = "insight/review_panel.html"
    order = 150

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        groups = reviews.due_by_team(within_days=reviews.DEFAULT_WITHIN_DAYS)
        for group in groups:
            group.stale = group.stale[:PANEL_ITEMS_PER_TEAM]
            group.soon = group.soon[:max(0, PANEL_ITEMS_PER_TEAM - len(group.stale))]
        return {"groups": groups, "request": (parent_context or {}).get("request")}


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels: list[Any]) -> None:
    if request.user.has_perm(VIEW_INSIGHT):
        panels.append(ReviewPanel())


@hooks.register("before_edit_page")
def warn_when_stale(request, page) -> None:
    """Editors see that an item is past its review date when they open it."""
    if request.method != "GET":
        return
    specific = getattr(page, "specific", page)
    is_stale = getattr(specific, "is_stale", None)
    if callable(is_stale) and is_stale():
        messages.warning(request, _("Te herzien sinds %(date)s: kijk de inhoud na en vul 'laatst nagekeken op' in.")
                         % {"date": date_format(specific.next_review_date, "j F Y")})


@hooks.register("before_edit_page")
def warn_when_concept_changed(request, page) -> None:
    """Editors see that IPDC changed or archived the concept a product is based on, and what changed."""
    if request.method != "GET":
        return
    link = ConceptLink.objects.filter(product_id=page.pk).exclude(review_status="").select_related("concept").first()
    if link is not None:
        messages.warning(request, _("%(status)s (IPDC-concept %(n)s). Gewijzigd: %(changes)s. Bevestig in "
                                    "Inzicht → Te herzien wanneer het product is nagekeken.")
                         % {"status": link.get_review_status_display(), "n": link.concept.product_number,
                            "changes": ", ".join(link.changes) or "—"})
