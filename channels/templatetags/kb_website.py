"""Template helpers of the public website (public scope only, through the selectors)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils.safestring import SafeString

from channels.website.feedback import FeedbackForm
from channels.website.jsonld import json_ld_script, structured_data
from kennisbank import opening, prices
from kennisbank.identity import Identity, identity
from kennisbank.models import ContentPage, LifeEvent, ServicePoint, Theme
from kennisbank.selectors import Scope, items, visible_related

register = template.Library()


def _with_counts(model: type[Theme] | type[LifeEvent]) -> QuerySet:
    public_ids = items(Scope.PUBLIC).values("pk")
    return (model.objects.annotate(item_count=Count("items", filter=Q(items__in=public_ids), distinct=True))
            .filter(item_count__gt=0).order_by("sort_order", "name"))


@register.simple_tag
def public_themes() -> QuerySet[Theme]:
    """Themes with public items (``item_count`` annotated)."""
    return _with_counts(Theme)


@register.simple_tag
def public_life_events() -> QuerySet[LifeEvent]:
    """Life events with public items (``item_count`` annotated)."""
    return _with_counts(LifeEvent)


@register.simple_tag
def public_items(item_type: str) -> QuerySet[ContentPage]:
    """Public products or fiches, alphabetical."""
    return items(Scope.PUBLIC, item_type=item_type).order_by("title")


@register.simple_tag
def related_items(page: ContentPage) -> list[ContentPage]:
    """Related items the public may see."""
    return visible_related(page, Scope.PUBLIC)


@register.simple_tag(takes_context=True)
def json_ld(context: template.Context, page: ContentPage) -> SafeString:
    """schema.org JSON-LD for a product (GovernmentService) or fiche (FAQPage)."""
    return json_ld_script(structured_data(page, context.get("request")))


@register.simple_tag
def feedback_form(page: ContentPage) -> FeedbackForm:
    """An unbound "Was dit nuttig?" form for the page."""
    return FeedbackForm(initial={"item": page.external_id})


@register.simple_tag
def service_point_views(points: Iterable[ServicePoint]) -> list[opening.PointView]:
    """What the site shows for each service point (status now, week, exceptions), places first, online last."""
    listed = list(points)
    prefetch_related_objects(listed, "hours", "exceptions")
    return [opening.point_view(point) for point in opening.ordered_points(listed)]


@register.simple_tag
def municipality() -> Identity:
    """The municipality's identity (site settings), for the header, footer and contact page."""
    return identity()


@register.simple_tag
def has_section(page: ContentPage, kind: str) -> bool:
    """Whether the page has a section of ``kind`` (the cost lines are shown inside a "Kostprijs" section)."""
    return any(section["kind"] == kind for section in page.sections())


@register.filter
def euro(amount: Decimal) -> str:
    """``€ 25,30``: the one way a price is written (``kennisbank.prices.euro``)."""
    return prices.euro(amount)
