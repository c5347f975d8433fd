"""Public read-only API views (``/api/v1/``).

Deny by default: the global permission is ``IsAdminUser``; every public view here opts in with ``AllowAny`` and
reads only through :mod:`kennisbank.selectors` with ``Scope.PUBLIC`` (search through :func:`search.service.search_items`
in the public scope). The editor preview is the only view that sees drafts, and only for users who may edit the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kennisbank.models import ContentPage, LifeEvent, ProductPage, Theme
from kennisbank.selectors import (
    VIEW_INTERNAL_PERM,
    get_item,
    items,
    life_events_in_use,
    themes_in_use,
    visible_related_many,
)
from kennisbank.vocabulary import SEARCH_SCOPES, AudienceCode, Channel, ItemType, Scope

from . import changes, examples
from .conditional import ConditionalGetMixin, ServerCacheMixin, item_version
from .errors import ErrorSerializer, SearchUnavailable, error_body, exception_handler
from .pagination import ItemCursorPagination
from .querying import StrictQueryMixin, parse_fields
from .schema import PublicAPISchema
from .serializers import (
    ITEM_DETAIL_FIELDS,
    ITEM_SUMMARY_FIELDS,
    LIFE_EVENT_FIELDS,
    TAXONOMY_FIELDS,
    ChangesSerializer,
    ItemDetailSerializer,
    ItemSummarySerializer,
    LifeEventSerializer,
    SearchResponseSerializer,
    ThemeSerializer,
    attach_taxonomy,
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Ongeldige of onbekende parameter.",
                         examples=[examples.UNKNOWN_PARAMETER]),
    404: OpenApiResponse(ErrorSerializer, description="Niet gevonden (of niet publiek)."),
}


def fields_parameter(names: set[str]) -> OpenApiParameter:
    """``?fields=a,b``: documented as a comma-separated array of the exact field names."""
    return OpenApiParameter(
        "fields", type={"type": "array", "items": {"type": "string", "enum": sorted(names)}, "minItems": 1},
        location=OpenApiParameter.QUERY, style="form", explode=False, required=False,
        description="Sparse fieldset: komma-gescheiden lijst van velden.",
    )


SUMMARY_FIELDS_PARAM = fields_parameter(ITEM_SUMMARY_FIELDS)
DETAIL_FIELDS_PARAM = fields_parameter(ITEM_DETAIL_FIELDS)
TAXONOMY_FIELDS_PARAM = fields_parameter(TAXONOMY_FIELDS)
LIST_DEFERRED = ("keywords", "phone_questions", "phone_steps", "phone_transfer", "phone_notes", "search_description")
#: Item lists: a 400 is mostly an unknown theme or life event.
LIST_ERRORS = {**ERRORS, 400: OpenApiResponse(ErrorSerializer, description="Ongeldige of onbekende parameter, "
                                              "of een onbekend thema of levensgebeurtenis.",
                                              examples=[examples.UNKNOWN_FILTER])}
NOT_MODIFIED = {304: OpenApiResponse(description="Niet gewijzigd (If-None-Match / If-Modified-Since).")}


class PublicAPIView(StrictQueryMixin, ConditionalGetMixin):
    """Base of every public view: AllowAny, strict query parameters, conditional GET, one error format."""

    permission_classes = [AllowAny]
    schema = PublicAPISchema()
    #: False: the schema documents no authentication (see ``PublicAPISchema.get_auth``).
    documented_auth = False

    def get_exception_handler(self):  # noqa: D102 - DRF hook
        return exception_handler


# --- query parameter serializers (validation + OpenAPI) -----------------------------------------------------------
def _public_slug(kind: str) -> Any:
    """Validator: the slug of a theme or life event the public can see (anything else is unknown, a 400)."""
    def check(value: str) -> None:
        in_use = themes_in_use(Scope.PUBLIC) if kind == "theme" else life_events_in_use(Scope.PUBLIC)
        if not in_use.filter(slug=value).exists():
            word = "thema" if kind == "theme" else "levensgebeurtenis"
            raise serializers.ValidationError(f"Onbekend {word} '{value}'.")
    return check


class FieldsQuery(serializers.Serializer):
    fields = serializers.CharField(  # type: ignore[assignment]  # a query parameter named "fields"
        required=False, help_text="Komma-gescheiden lijst van velden (sparse fieldset).")


class ItemListQuery(FieldsQuery):
    theme = serializers.SlugField(required=False, help_text="Slug van een thema (onbekend: 400).",
                                  validators=[_public_slug("theme")])
    life_event = serializers.SlugField(required=False, help_text="Slug van een levensgebeurtenis (onbekend: 400).",
                                       validators=[_public_slug("life_event")])
    audience = serializers.ChoiceField(required=False, choices=AudienceCode.values)
    updated_since = serializers.DateTimeField(required=False, help_text="Enkel items gepubliceerd na dit tijdstip.")


class MixedItemListQuery(ItemListQuery):
    type = serializers.ChoiceField(required=False, choices=ItemType.values)


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, trim_whitespace=False)
    scope = serializers.ChoiceField(required=False, choices=list(SEARCH_SCOPES), default=Scope.PUBLIC.value,
                                    help_text="'operator' vereist aanmelding met het recht kennisbank.view_internal.")
    type = serializers.ChoiceField(required=False, choices=ItemType.values)
    theme = serializers.SlugField(required=False, validators=[_public_slug("theme")])
    life_event = serializers.SlugField(required=False, validators=[_public_slug("life_event")])
    audience = serializers.ChoiceField(required=False, choices=AudienceCode.values)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=1000, default=0)
    highlight = serializers.ChoiceField(
        required=False, choices=["shown", "all", "none"], default="shown",
        help_text="'shown' (standaard): titel en kort antwoord gemarkeerd, een fragment uit de tekst alleen als "
                  "het korte antwoord geen treffer bevat; 'all': alle drie; 'none': geen markeringen.")
    mode = serializers.ChoiceField(
        required=False, choices=["hybrid", "lexical", "semantic"], default="hybrid",
        help_text="'hybrid' (standaard): woorden en betekenis samen, ook voor vragen en andere talen; 'lexical': "
                  "alleen woorden (tikfouten en begin van woorden), de snelle rangschikking terwijl u typt; "
                  "'semantic': alleen betekenis.")


class ChangesQuery(FieldsQuery):
    since = serializers.DateTimeField(required=False, help_text="Tijdstip 'until' van de vorige synchronisatie. "
                                                                "Leeg: alles (zonder verwijderingen).")


# --- items --------------------------------------------------------------------------------------------------------
class ItemListView(ServerCacheMixin, PublicAPIView, generics.ListAPIView):
    """Public items, alphabetical, cursor-paginated, filterable."""

    item_type: str | None = None
    query_serializer = ItemListQuery
    extra_query_params = ("cursor", "limit")
    pagination_class = ItemCursorPagination
    serializer_class = ItemSummarySerializer

    def get_queryset(self) -> QuerySet[ContentPage]:
        qs = items(Scope.PUBLIC, item_type=self.params.get("type", self.item_type))
        if "theme" in self.params:
            qs = qs.filter(themes__slug=self.params["theme"])
        if "life_event" in self.params:
            qs = qs.filter(life_events__slug=self.params["life_event"])
        if "audience" in self.params:
            qs = qs.filter(audiences__code=self.params["audience"])
        if "updated_since" in self.params:
            qs = qs.filter(last_published_at__gt=self.params["updated_since"])
        # Lists need no body or phone script: deferring them saves parsing every StreamField.
        return qs.defer_streamfields().defer(*LIST_DEFERRED)

    def paginate_queryset(self, queryset: QuerySet[ContentPage]) -> list[ContentPage] | None:  # type: ignore[override]
        page = super().paginate_queryset(queryset)
        attach_taxonomy(page or [])
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["fields"] = parse_fields(self.params.get("fields"), ITEM_SUMMARY_FIELDS)
        return context


@extend_schema(parameters=[MixedItemListQuery, SUMMARY_FIELDS_PARAM],
               responses={200: ItemSummarySerializer(many=True), **LIST_ERRORS, **NOT_MODIFIED},
               examples=[examples.ITEM_SUMMARY])
class AllItemsView(ItemListView):
    """Products and kennisfiches together; ``?type=`` narrows."""

    query_serializer = MixedItemListQuery


@extend_schema(parameters=[ItemListQuery, SUMMARY_FIELDS_PARAM],
               responses={200: ItemSummarySerializer(many=True), **LIST_ERRORS, **NOT_MODIFIED},
               examples=[examples.ITEM_SUMMARY])
class ProductListView(ItemListView):
    item_type = ItemType.PRODUCT.value


@extend_schema(parameters=[ItemListQuery, SUMMARY_FIELDS_PARAM],
               responses={200: ItemSummarySerializer(many=True), **LIST_ERRORS, **NOT_MODIFIED},
               examples=[examples.ITEM_SUMMARY])
class FicheListView(ItemListView):
    item_type = ItemType.FICHE.value


class ItemDetailView(ServerCacheMixin, PublicAPIView, APIView):
    """One public item by external id (404 for internal, draft or unknown ids: nothing is revealed)."""

    item_type: str | None = None
    query_serializer = FieldsQuery

    def cache_version(self, request: Any, **kwargs: Any) -> str:
        return item_version(kwargs.get("external_id", ""))

    def get_object(self, external_id: str) -> ContentPage:
        page = get_item(external_id, Scope.PUBLIC)
        if page is None or (self.item_type and page.item_type != self.item_type):
            raise NotFound
        # As the change feed does: one query per relation, not one per service point and weekday.
        prefetch_related_objects([page], "themes", "life_events", "audiences")
        if isinstance(page, ProductPage):
            prefetch_related_objects([page], "cost_lines", "actions", "service_points__hours",
                                     "service_points__exceptions")
        return page

    def last_modified(self, request: Request):
        page = getattr(self, "_page", None)
        return page.last_published_at if page is not None else None

    def get(self, request: Request, external_id: str) -> Response:
        self._page = self.get_object(external_id)
        fields = parse_fields(self.params.get("fields"), ITEM_DETAIL_FIELDS)
        return Response(ItemDetailSerializer(self._page, context={"request": request, "fields": fields}).data)


def _detail_schema(*shown: Any) -> Any:
    return extend_schema(parameters=[FieldsQuery, DETAIL_FIELDS_PARAM],
                         responses={200: ItemDetailSerializer, **ERRORS, **NOT_MODIFIED}, examples=list(shown))


@_detail_schema(examples.PRODUCT_DETAIL, examples.FICHE_DETAIL)
class AnyItemDetailView(ItemDetailView):
    pass


@_detail_schema(examples.PRODUCT_DETAIL)
class ProductDetailView(ItemDetailView):
    item_type = ItemType.PRODUCT.value


@_detail_schema(examples.FICHE_DETAIL)
class FicheDetailView(ItemDetailView):
    item_type = ItemType.FICHE.value


# --- taxonomy -----------------------------------------------------------------------------------------------------
class TaxonomyView(ServerCacheMixin, PublicAPIView, APIView):
    """Themes or life events that have public items, with their public item count."""

    model: type[Theme] | type[LifeEvent] = Theme
    serializer: type[serializers.Serializer] = ThemeSerializer
    allowed_fields: set[str] = TAXONOMY_FIELDS
    query_serializer = FieldsQuery

    def queryset(self) -> QuerySet[Any]:
        public_ids = items(Scope.PUBLIC).values("pk")
        return (self.model.objects.annotate(item_count=Count("items", filter=Q(items__in=public_ids), distinct=True))
                .filter(item_count__gt=0).order_by("sort_order", "name"))

    def context(self, request: Request) -> dict[str, Any]:
        return {"request": request, "fields": parse_fields(self.params.get("fields"), self.allowed_fields)}


class TaxonomyListView(TaxonomyView):
    def get(self, request: Request) -> Response:
        return Response(self.serializer(self.queryset(), many=True, context=self.context(request)).data)


class TaxonomyDetailView(TaxonomyView):
    def get(self, request: Request, slug: str) -> Response:
        obj = self.queryset().filter(slug=slug).first()
        if obj is None:
            raise NotFound
        return Response(self.serializer(obj, context=self.context(request)).data)


_list_errors = {400: ERRORS[400], **NOT_MODIFIED}


@extend_schema(parameters=[FieldsQuery, TAXONOMY_FIELDS_PARAM],
               responses={200: ThemeSerializer(many=True), **_list_errors}, examples=[examples.THEME])
class ThemeListView(TaxonomyListView):
    pass


@extend_schema(parameters=[FieldsQuery, TAXONOMY_FIELDS_PARAM],
               responses={200: ThemeSerializer, **ERRORS, **NOT_MODIFIED}, examples=[examples.THEME])
class ThemeDetailView(TaxonomyDetailView):
    pass


@extend_schema(parameters=[FieldsQuery, TAXONOMY_FIELDS_PARAM],
               responses={200: LifeEventSerializer(many=True), **_list_errors}, examples=[examples.LIFE_EVENT])
class LifeEventListView(TaxonomyListView):
    model = LifeEvent
    serializer = LifeEventSerializer
    allowed_fields = LIFE_EVENT_FIELDS


@extend_schema(parameters=[FieldsQuery, TAXONOMY_FIELDS_PARAM],
               responses={200: LifeEventSerializer, **ERRORS, **NOT_MODIFIED}, examples=[examples.LIFE_EVENT])
class LifeEventDetailView(TaxonomyDetailView):
    model = LifeEvent
    serializer = LifeEventSerializer
    allowed_fields = LIFE_EVENT_FIELDS


# --- search -------------------------------------------------------------------------------------------------------
@extend_schema(parameters=[SearchQuery], examples=[examples.SEARCH_RESULT], responses={
    200: SearchResponseSerializer, 400: ERRORS[400], **NOT_MODIFIED,
    403: OpenApiResponse(ErrorSerializer, description="scope=operator zonder het recht kennisbank.view_internal."),
    503: OpenApiResponse(ErrorSerializer, description="Zoeken is tijdelijk niet beschikbaar (code "
                         "'search_unavailable'); de header Retry-After geeft het aantal seconden."),
})
class SearchView(PublicAPIView, APIView):
    """Full-text search with facets. ``scope=operator`` needs the permission ``kennisbank.view_internal``."""

    query_serializer = SearchQuery
    cache_control = "private, max-age=0, must-revalidate"
    documented_auth = True  # optional: the session only matters for scope=operator

    def get(self, request: Request) -> Response:
        from search.conf import search_settings
        from search.port import BackendUnavailable, InvalidQuery
        from search.service import search_items

        scope = Scope.PUBLIC
        if self.params.get("scope") == Scope.OPERATOR:
            if not (request.user.is_authenticated and request.user.has_perm(VIEW_INTERNAL_PERM)):
                raise PermissionDenied
            scope = Scope.OPERATOR
        filters: dict[str, str] = {k: self.params[k] for k in ("type", "theme", "life_event", "audience")
                                   if k in self.params}
        q = self.params.get("q", "")
        try:
            result = search_items(q, scope=scope, filters=filters or None,
                                  facets=["type", "theme", "life_event", "audience"],
                                  limit=self.params["limit"], offset=self.params["offset"], channel=Channel.API,
                                  highlight=self.params["highlight"], mode=self.params["mode"])
        except InvalidQuery as exc:
            raise serializers.ValidationError({"q": [str(exc)]}) from exc
        except BackendUnavailable as exc:
            raise SearchUnavailable(retry_after=search_settings.OUTAGE_RETRY_AFTER_SECONDS) from exc
        ran = result.query.mode if result.query is not None and result.query.vector is not None else "lexical"
        return Response({
            "query": q,
            "mode": ran,
            "total": result.total,
            "results": [{"id": h.id, "type": h.type, "title": h.title, "short_answer": h.short_answer,
                         "url": request.build_absolute_uri(h.url) if h.url.startswith("/") else h.url,
                         "highlights": dict(h.highlights), "matched": h.matched, "language": h.language}
                        for h in result.hits],
            "facets": {name: dict(values) for name, values in result.facets.items()},
        })


def _iso(value: Any) -> str | None:
    """A datetime as ISO 8601 in UTC (``...Z``); also for far-past ``since`` values (no local mean time)."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


# --- change feed --------------------------------------------------------------------------------------------------
@extend_schema(parameters=[ChangesQuery, DETAIL_FIELDS_PARAM],
               responses={200: ChangesSerializer, 400: ERRORS[400], **NOT_MODIFIED}, examples=[examples.CHANGES])
class ChangesView(PublicAPIView, APIView):
    """Offline sync: items published since ``since`` (upserts) and items that left the public channels (deleted).

    Store ``until`` and send it as ``since`` next time. Without ``since`` you get every public item.
    """

    query_serializer = ChangesQuery

    def get(self, request: Request) -> Response:
        feed = changes.changes_since(self.params.get("since"), until=timezone.now())
        fields = parse_fields(self.params.get("fields"), ITEM_DETAIL_FIELDS)
        context = {"request": request, "fields": fields, "related": visible_related_many(feed.upserts, Scope.PUBLIC)}
        return Response({
            "since": _iso(feed.since),
            "until": _iso(feed.until),
            "upserts": ItemDetailSerializer(feed.upserts, many=True, context=context).data,
            "deleted": [{"id": t.external_id, "type": t.item_type, "reason": t.reason,
                         "deleted_at": _iso(t.created_at)} for t in feed.deleted],
        })


# --- editor preview -----------------------------------------------------------------------------------------------
@extend_schema(parameters=[FieldsQuery, DETAIL_FIELDS_PARAM], responses={
    200: ItemDetailSerializer, 400: ERRORS[400],
    403: OpenApiResponse(ErrorSerializer, description="Niet aangemeld."),
    404: OpenApiResponse(ErrorSerializer, description="Onbekend of u mag deze pagina niet bewerken."),
})
class PreviewView(StrictQueryMixin, APIView):
    """Latest revision (draft) of an item, in the detail shape, for users who may edit the page in Wagtail."""

    permission_classes = [IsAuthenticated]
    query_serializer = FieldsQuery
    schema = PublicAPISchema()

    def get_exception_handler(self):  # noqa: D102 - DRF hook
        return exception_handler

    def get(self, request: Request, external_id: str) -> Response:
        page = get_item(external_id, Scope.EDITOR)
        if page is None or not page.permissions_for_user(request.user).can_edit():
            raise NotFound
        draft = page.get_latest_revision_as_object()
        fields = parse_fields(self.params.get("fields"), ITEM_DETAIL_FIELDS)
        response = Response(ItemDetailSerializer(draft, context={"request": request, "fields": fields}).data)
        response["Cache-Control"] = "private, no-store"
        return response


#: What ``/api/v1/`` lists: (route name, what it gives), in reading order.
INDEX = [
    ("api:item-list", "Alle publieke producten en fiches (filters: type, theme, life_event, audience, updated_since)."),
    ("api:product-list", "Publieke producten."),
    ("api:fiche-list", "Publieke kennisfiches."),
    ("api:theme-list", "Thema's met publieke items."),
    ("api:life-event-list", "Levensgebeurtenissen met publieke items en hun stappenplan."),
    ("api:search", "Zoeken (q, type, theme, life_event, audience, limit, offset)."),
    ("api:changes", "Wijzigingen sinds een tijdstip, voor apps die een kopie bijhouden."),
    ("api:schema", "De OpenAPI-beschrijving van deze API."),
    ("api:docs", "Interactieve documentatie (Swagger UI) bij die beschrijving."),
]


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_index(request: Request) -> Response:
    """The entry point: every endpoint with its absolute URL and what it gives."""
    return Response({
        "name": "Kennisbank API", "version": "v1",
        "endpoints": [{"name": name.split(":")[1], "url": request.build_absolute_uri(reverse(name)),
                       "description": text} for name, text in INDEX],
        "documentation": request.build_absolute_uri(reverse("api:docs")),
        "schema": request.build_absolute_uri(reverse("api:schema")),
    })


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Unknown ``/api/v1/`` paths answer in the API's error format; a missing trailing slash is redirected (308)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""), status=308)
    return JsonResponse(error_body("not_found"), status=404)
