"""Wagtail admin views of the insight dashboard (``/admin/inzicht/``).

Access: Wagtail admin access (the ``register_admin_urls`` hook wraps these views) plus ``kb_insight.view_insight``
(editors and moderators; superusers). Query parameters: ``days`` (1–365, default 30), ``channel`` (a
:class:`kennisbank.vocabulary.Channel` code; empty = all); ``dataset=<key>&format=csv`` downloads one dataset as CSV.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from importers import ipdc_concepts
from importers.models import ConceptLink
from kennisbank import reviews
from kennisbank.models import Team, Theme

from . import datasets, feedback, search_gaps
from .charts import render_chart
from .export import csv_response
from .permissions import CHANGE_FEEDBACK, VIEW_INSIGHT

MAX_DAYS = 365
#: Datasets on the dashboard, in order.
DASHBOARD = ("searches_per_day", "top_searches", "zero_results", "content_gaps", "searches_per_channel",
             "feedback_per_item", "feedback_per_channel", "readability", "review_status",
             "contacts_top_items", "first_contact_resolution", "contacts_per_channel", "contacts_per_type",
             "contacts_per_outcome", "contacts_per_theme", "callbacks_per_team")


def parse_period(request: HttpRequest) -> tuple[datasets.Period, int]:
    """Period from ``?days=`` and ``?channel=``; invalid values fall back to the defaults."""
    try:
        days = min(MAX_DAYS, max(1, int(request.GET.get("days", datasets.DEFAULT_DAYS))))
    except ValueError:
        days = datasets.DEFAULT_DAYS
    channel = request.GET.get("channel") or None
    if channel not in datasets.CHANNELS:
        channel = None
    return datasets.Period.last_days(days, channel), days


class InsightPermissionMixin:
    page_title: Any = ""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]  # type: ignore[misc]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(VIEW_INSIGHT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class InsightDashboardView(InsightPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "insight/dashboard.html"
    page_title = _("Inzicht")
    header_icon = "table"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "csv":
            key = request.GET.get("dataset", "")
            if key not in datasets.DATASETS:
                raise Http404
            period, days = parse_period(request)
            suffix = f"-{period.channel}" if period.channel else ""
            return csv_response(datasets.DATASETS[key](period), suffix=suffix)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        period, days = parse_period(self.request)
        blocks = []
        for key in DASHBOARD:
            ds = datasets.DATASETS[key](period)
            query = self.request.GET.copy()
            query["dataset"], query["format"] = key, "csv"
            blocks.append({"dataset": ds, "chart": render_chart(ds), "csv_url": f"?{query.urlencode()}"})
        context.update({"blocks": blocks, "days": days, "channel": period.channel or "",
                        "channels": datasets.CHANNELS, "day_choices": (7, 30, 90, 365)})
        return context


class ReviewListView(InsightPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """All items due for review per owner team (``?team=<id>`` narrows; ``?format=csv`` exports), and the products
    whose IPDC concept changed or was archived ("herziening nodig"; POST ``confirm=<link id>`` clears it)."""

    template_name = "insight/review_list.html"
    page_title = _("Te herzien")
    header_icon = "date"

    def _team_id(self) -> int | None:
        try:
            return int(self.request.GET["team"])
        except (KeyError, ValueError):
            return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "csv":
            return csv_response(datasets.review_items(team_id=self._team_id()))
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """``confirm=<link id>``: the editor brought the product up to date with its IPDC concept."""
        confirm = str(request.POST.get("confirm", ""))
        link = ConceptLink.objects.select_related("product", "concept").filter(pk=int(confirm)).first() \
            if confirm.isdigit() else None
        if link is None:
            raise Http404
        if not link.product.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        ipdc_concepts.confirm_up_to_date(link)
        messages.success(request, _("«%(title)s» is bijgewerkt tot de laatste versie van concept %(n)s.")
                         % {"title": link.product.title, "n": link.concept.product_number})
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        team_id = self._team_id()
        groups = reviews.due_by_team(within_days=reviews.DEFAULT_WITHIN_DAYS)
        concept_reviews = ipdc_concepts.links_to_review()
        if team_id is not None:
            groups = [g for g in groups if g.team and g.team.pk == team_id]
            concept_reviews = [link for link in concept_reviews if link.product.owner_team_id == team_id]
        context.update({"groups": groups, "teams": Team.objects.all(), "team_id": team_id,
                        "concept_reviews": concept_reviews,
                        "within_days": reviews.DEFAULT_WITHIN_DAYS, "today": reviews.today()})
        return context


class SearchGapsView(InsightPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Searches that found nothing, each with the items nearest in meaning; POST ``query`` + ``item`` adds the
    query as a keyword of that item (a new revision, reindexed by the index task)."""

    template_name = "insight/search_gaps.html"
    page_title = _("Niet gevonden")
    header_icon = "search"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        query = str(request.POST.get("query", "")).strip()
        external_id = str(request.POST.get("item", ""))
        if not query or not external_id:
            raise Http404
        try:
            page, published = search_gaps.add_query_as_keyword(query, external_id, request.user)
        except LookupError as exc:
            raise Http404 from exc
        if published:
            messages.success(request, _("«%(query)s» is een zoekwoord van «%(title)s» en staat online.")
                             % {"query": query, "title": page.title})
        else:
            messages.success(request, _("«%(query)s» staat als zoekwoord in het concept van «%(title)s» (of stond er "
                                        "al); het gaat online als u dat concept publiceert.")
                             % {"query": query, "title": page.title})
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        period, days = parse_period(self.request)
        context.update({"gaps": search_gaps.gaps(period.since, period.channel), "days": days,
                        "day_choices": (7, 30, 90, 365)})
        return context


class FeedbackInboxView(InsightPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Citizens' comments per page: filter (``theme``, ``team``, ``handled``), mark handled (POST), CSV export."""

    template_name = "insight/feedback_inbox.html"
    page_title = _("Feedback")
    header_icon = "comment"
    per_page = 50

    def _filters(self) -> feedback.InboxFilter:
        params = self.request.GET
        try:
            team_id: int | None = int(params["team"])
        except (KeyError, ValueError):
            team_id = None
        handled = params.get("handled", "open")
        return feedback.InboxFilter(theme=params.get("theme", ""), team_id=team_id,
                                    handled=handled if handled in feedback.HANDLED_CHOICES else "open")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "csv":
            return csv_response(feedback.inbox_dataset(self._filters()))
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(CHANGE_FEEDBACK):
            raise PermissionDenied
        ids = [int(i) for i in request.POST.getlist("feedback") if i.isdigit()]
        count = feedback.mark_handled(ids, handled=request.POST.get("action") != "reopen")
        messages.success(request, ngettext("%(count)d opmerking bijgewerkt.", "%(count)d opmerkingen bijgewerkt.",
                                           count) % {"count": count})
        return redirect(f"{request.path}?{request.GET.urlencode()}")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filters = self._filters()
        page = Paginator(feedback.inbox(filters), self.per_page).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        query["format"] = "csv"
        context.update({"page_obj": page, "filters": filters, "teams": Team.objects.all(),
                        "themes": Theme.objects.all(), "csv_url": f"?{query.urlencode()}",
                        "can_change": self.request.user.has_perm(CHANGE_FEEDBACK)})
        return context
