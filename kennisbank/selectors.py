"""The ONE place that decides what an audience may see (reads only).

Scopes:
- ``public``: website, public API, public search, feeds, sitemaps, social posts and public exports. Only live,
  publicly viewable (no Wagtail view restriction) items with visibility ``public``.
- ``operator``: phone operators and employees. Live items, public and internal.
- ``editor``: editors in the admin. Every item, drafts included (latest revision via Wagtail).

Every channel calls these functions instead of filtering on its own; tests cover every state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from wagtail.query import PageQuerySet

from .models import ContentPage, FichePage, LifeEvent, ProductPage, Theme
from .vocabulary import ItemType, Scope, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

VIEW_INTERNAL_PERM = "kennisbank.view_internal"


__all__ = ["Scope", "can_view", "document_visible", "fiches", "get_item", "is_visible", "items",
           "life_events_in_use", "products", "scope_for_user", "themes_in_use", "visible_external_ids",
           "visible_related", "visible_related_many"]


def scope_for_user(user: AbstractBaseUser | AnonymousUser | None) -> Scope:
    """The widest read scope a user has: ``operator`` with the view_internal permission, else ``public``.

    Editing (the ``editor`` scope) is granted by Wagtail's own page permissions, never by this function.
    """
    if (user is not None and user.is_authenticated and user.is_active
            and user.has_perm(VIEW_INTERNAL_PERM)):  # type: ignore[attr-defined]
        return Scope.OPERATOR
    return Scope.PUBLIC


def _restrict(qs: PageQuerySet, scope: Scope) -> PageQuerySet:
    if scope == Scope.EDITOR:
        return qs
    qs = qs.live()
    if scope == Scope.PUBLIC:
        qs = qs.public().filter(visibility=Visibility.PUBLIC)
    return qs


def items(scope: Scope, *, item_type: str | None = None) -> PageQuerySet:
    """Products and fiches the scope may see. ``item_type`` narrows to ``product`` or ``fiche``."""
    model: type[ContentPage] = {ItemType.PRODUCT: ProductPage, ItemType.FICHE: FichePage}.get(
        item_type or "", ContentPage)  # type: ignore[call-overload]
    return _restrict(model.objects.all(), Scope(scope))


def products(scope: Scope) -> PageQuerySet:
    return items(scope, item_type=ItemType.PRODUCT)


def fiches(scope: Scope) -> PageQuerySet:
    return items(scope, item_type=ItemType.FICHE)


def get_item(external_id: str, scope: Scope) -> ContentPage | None:
    """The specific page with this external id if the scope may see it, else None (no hint it exists)."""
    page = items(scope).filter(external_id=external_id).first()
    return page.specific if page is not None else None


def visible_external_ids(external_ids: Iterable[str], scope: Scope) -> set[str]:
    """The ids among ``external_ids`` of items the scope may see: the same answer as
    ``items(scope).filter(external_id__in=...)``, at a cost independent of the catalogue (it runs on every search).

    Two small queries: the items' rows through the unique ``external_id`` index (written as a filter next to the
    scope's conditions, SQLite's planner scanned the ``visibility`` index instead: the cost grew with the catalogue),
    and, for the public scope, the paths of Wagtail's view restrictions, applied here exactly as ``.public()`` does
    (a page at or below a restricted page is not public).
    """
    ids = list(external_ids)
    if not ids or scope == Scope.EDITOR:
        return set(ContentPage.objects.filter(external_id__in=ids).values_list("external_id", flat=True))
    rows = ContentPage.objects.filter(external_id__in=ids, live=True).order_by().values_list(
        "external_id", "visibility", "path")
    if scope != Scope.PUBLIC:
        return {external_id for external_id, _visibility, _path in rows}
    from wagtail.models import PageViewRestriction

    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    return {external_id for external_id, visibility, path in rows
            if visibility == Visibility.PUBLIC and not path.startswith(restricted or ("\0",))}


def is_visible(page: ContentPage, scope: Scope) -> bool:
    """Whether a page (any state) may be shown in the scope."""
    return items(scope).filter(pk=page.pk).exists()


def can_view(page: ContentPage, user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether a user may open the page on the website (internal pages only with view_internal)."""
    return is_visible(page, scope_for_user(user))


def visible_related(page: ContentPage, scope: Scope) -> list[ContentPage]:
    """Related items of a page that the scope may see, in editor order."""
    target_ids = [link.target_id for link in page.related_links.all()]
    visible = {p.pk: p for p in items(scope).filter(pk__in=target_ids).specific()}
    return [visible[i] for i in target_ids if i in visible]


def visible_related_many(pages: list[ContentPage], scope: Scope) -> dict[int, list[ContentPage]]:
    """:func:`visible_related` for many live pages at once (three queries in all), keyed by page id."""
    from .models import RelatedItem

    links = list(RelatedItem.objects.filter(page_id__in=[p.pk for p in pages])
                 .order_by("page_id", "sort_order", "pk").values_list("page_id", "target_id"))
    visible = {p.pk: p for p in items(scope).filter(pk__in={t for _, t in links}).specific()}
    related: dict[int, list[ContentPage]] = {p.pk: [] for p in pages}
    for page_id, target_id in links:
        if target_id in visible:
            related[page_id].append(visible[target_id])
    return related


def document_visible(document_id: int, scope: Scope) -> bool:
    """Whether a Wagtail document may be served in the scope.

    A document that products or fiches link to (``/documents/<id>/…`` in their body) follows those items: it is
    served only when at least one linking item is visible in the scope, so a document linked only from internal
    items or drafts is not public. A document no item links to keeps Wagtail's own rules (collections' view
    restrictions).
    """
    marker = f"/documents/{int(document_id)}/"
    if not ContentPage.objects.filter(body__icontains=marker).exists():
        return True
    return items(scope).filter(body__icontains=marker).exists()


def themes_in_use(scope: Scope) -> QuerySet[Theme]:
    """Themes that have at least one item visible in the scope."""
    return Theme.objects.filter(items__in=items(scope)).distinct()


@dataclass(frozen=True)
class GuideStep:
    """A step of a life-event guide the scope may see: the item and why now."""

    number: int
    item: ContentPage
    why_now: str


def guide_steps(event: LifeEvent, scope: Scope) -> list[GuideStep]:
    """The guide's steps in editor order, leaving out items the scope may not see (numbered from 1 after that)."""
    steps = list(event.steps.all().order_by("sort_order", "pk").values_list("item_id", "why_now"))
    visible = {p.pk: p for p in items(scope).filter(pk__in=[i for i, _w in steps]).specific()}
    shown = [(visible[item_id], why) for item_id, why in steps if item_id in visible]
    return [GuideStep(number=n, item=item, why_now=why) for n, (item, why) in enumerate(shown, start=1)]


def life_events_in_use(scope: Scope) -> QuerySet[LifeEvent]:
    """Life events that have at least one item visible in the scope."""
    return LifeEvent.objects.filter(items__in=items(scope)).distinct()
