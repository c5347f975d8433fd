"""Public JSON shapes of products, fiches, themes and life events.

Only public fields: the phone script, internal notes, owner team and review bookkeeping are never serialised.
Serializers accept a ``fields`` context entry (a set of names) for sparse fieldsets (``?fields=``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kennisbank import opening
from kennisbank.conf import kennisbank_settings
from kennisbank.markdown import render_markdown
from kennisbank.models import ContentPage, LifeEvent, ServicePoint
from kennisbank.selectors import guide_steps, visible_related
from kennisbank.vocabulary import (
    ActionKind,
    ItemType,
    OpeningMode,
    Scope,
    SectionKind,
    ServicePointKind,
    TombstoneReason,
)


class SparseFieldsMixin:
    # Drops fields not listed in ``context["fields"]`` (when given); a comment, not a docstring, so the OpenAPI
    # descriptions of serializers without their own docstring stay empty.

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[misc]
        wanted = self.context.get("fields")  # type: ignore[attr-defined]
        if wanted:
            for name in list(self.fields):  # type: ignore[attr-defined]
                if name not in wanted:
                    self.fields.pop(name)  # type: ignore[attr-defined]


def absolute_url(page: ContentPage, request: Any) -> str:
    """Public website URL of a page: on ``KENNISBANK_BASE_URL`` when it is set, else on the request's host."""
    url = page.get_url(request=request) or ""
    if url.startswith("/"):
        configured = kennisbank_settings.BASE_URL
        if configured:
            return f"{configured.rstrip('/')}{url}"
        if request is not None:
            return request.build_absolute_uri(url)
    return url


#: (relation, key field, through-table column of the related object) for :func:`attach_taxonomy`.
_TAXONOMY = (("themes", "slug", "theme"), ("life_events", "slug", "lifeevent"), ("audiences", "code", "audience"))


def attach_taxonomy(pages: list[ContentPage]) -> None:
    """Load theme/life-event slugs and audience codes for many pages in 3 queries (one per relation).

    Cheaper than ``prefetch_related`` on modelcluster relations for long lists; the serializers use the attached
    ``_kb_<relation>`` lists when present.
    """
    if not pages:
        return
    ids = [p.pk for p in pages]
    for relation, key, column in _TAXONOMY:
        through = getattr(ContentPage, relation).through
        values: dict[int, list[str]] = {pk: [] for pk in ids}
        order = (f"{column}_id",) if column == "audience" else (f"{column}__sort_order", f"{column}__name")
        rows = (through.objects.filter(contentpage_id__in=ids).order_by(*order)
                .values_list("contentpage_id", f"{column}__{key}"))
        for page_id, value in rows:
            values[page_id].append(value)
        for page in pages:
            setattr(page, f"_kb_{relation}", values[page.pk])


def _taxonomy(page: ContentPage, relation: str, key: str) -> list[str]:
    attached = getattr(page, f"_kb_{relation}", None)
    if attached is not None:
        return attached
    return [getattr(obj, key) for obj in getattr(page, relation).all()]


def item_type_of(page: ContentPage) -> str:
    """``product`` or ``fiche`` without loading the specific page (content type is cached)."""
    return page.item_type or getattr(page.specific_class, "item_type", "")


class SectionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SectionKind.values,
                                   help_text="Soort rubriek: intro, what, who, how_to_apply, what_to_bring, ...")
    heading = serializers.CharField(allow_blank=True)
    text = serializers.CharField(help_text="Tekst in Markdown.")
    html = serializers.SerializerMethodField(help_text="Tekst als veilige HTML.")

    def get_html(self, obj: dict[str, str]) -> str:
        return str(render_markdown(obj["text"]))


class RelatedSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    type = serializers.SerializerMethodField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=ItemType.values))
    def get_type(self, obj: ContentPage) -> str:
        return item_type_of(obj)

    def get_url(self, obj: ContentPage) -> str:
        return absolute_url(obj, self.context.get("request"))


class ActionSerializer(serializers.Serializer):
    """A call to action: what it does, the button text and where it goes (a web address or tel:)."""

    kind = serializers.ChoiceField(choices=ActionKind.values)
    label = serializers.CharField(source="text")  # type: ignore[assignment]
    url = serializers.CharField(allow_blank=True, help_text="Leeg bij 'visit': zie de dienstverleningspunten.")


class CostLineSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=True)
    note = serializers.CharField(allow_blank=True)


class OpeningBlockSerializer(serializers.Serializer):
    """One block of opening hours, Europe/Brussels wall-clock time."""

    mode = serializers.ChoiceField(choices=OpeningMode.values)
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(format="%H:%M")


class OpeningWeekdaySerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = maandag … 6 = zondag")
    name = serializers.CharField()  # type: ignore[assignment]
    blocks = OpeningBlockSerializer(many=True)


class SpecialDaySerializer(serializers.Serializer):
    """A date that differs from the regular week: a public holiday, a closing day or an extra opening."""

    date = serializers.DateField()
    closed = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)
    blocks = OpeningBlockSerializer(many=True)


class ServicePointSerializer(serializers.Serializer):
    """A service point with its opening hours (``kennisbank.opening``; the same data the website shows)."""

    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ServicePointKind.values)
    address = serializers.CharField(allow_blank=True, help_text="Straat en nummer")
    postal_code = serializers.CharField(allow_blank=True)
    city = serializers.CharField(allow_blank=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    notes = serializers.CharField(allow_blank=True)
    accessibility = serializers.CharField(allow_blank=True)
    opening_hours = serializers.SerializerMethodField(help_text="De vaste week als tekst, één regel per dag.")
    hours = serializers.SerializerMethodField(help_text="De vaste week, maandag tot zondag.")
    special_days = serializers.SerializerMethodField(
        help_text="Feestdagen, sluitingen en extra openingen in de komende 60 dagen.")

    def get_opening_hours(self, obj: ServicePoint) -> str:
        return opening.hours_text(obj)

    @extend_schema_field(OpeningWeekdaySerializer(many=True))
    def get_hours(self, obj: ServicePoint) -> list[dict[str, Any]]:
        return [{"weekday": n, "name": name, "blocks": OpeningBlockSerializer(blocks, many=True).data}
                for n, (name, blocks) in enumerate(opening.regular_week(obj))]

    @extend_schema_field(SpecialDaySerializer(many=True))
    def get_special_days(self, obj: ServicePoint) -> list[dict[str, Any]]:
        return [{"date": day.date.isoformat(), "closed": day.closed, "note": day.note,
                 "blocks": OpeningBlockSerializer(day.blocks, many=True).data}
                for day in opening.special_days(obj, days=60)]


class ProductInfoSerializer(serializers.Serializer):
    appointment_required = serializers.BooleanField()
    online_url = serializers.CharField(allow_blank=True, help_text="Het adres van de eerste online actie (verouderd: "
                                                                   "gebruik actions).")
    actions = ActionSerializer(many=True, source="actions.all")
    cost_lines = CostLineSerializer(many=True, source="cost_lines.all")
    service_points = ServicePointSerializer(many=True, source="service_points.all")


class ItemSummarySerializer(SparseFieldsMixin, serializers.Serializer):
    """An item in lists and search-like views."""

    id = serializers.CharField(source="external_id", help_text="Vaste externe id.")
    type = serializers.SerializerMethodField()
    title = serializers.CharField()
    short_answer = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Adres op de publieke website.")
    themes = serializers.SerializerMethodField(help_text="Slugs van de thema's.")
    life_events = serializers.SerializerMethodField(help_text="Slugs van de levensgebeurtenissen.")
    audiences = serializers.SerializerMethodField(help_text="Codes van de doelgroepen.")
    updated_at = serializers.DateTimeField(source="last_published_at", allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=ItemType.values))
    def get_type(self, obj: ContentPage) -> str:
        return item_type_of(obj)

    def get_url(self, obj: ContentPage) -> str:
        return absolute_url(obj, self.context.get("request"))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_themes(self, obj: ContentPage) -> list[str]:
        return _taxonomy(obj, "themes", "slug")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_life_events(self, obj: ContentPage) -> list[str]:
        return _taxonomy(obj, "life_events", "slug")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_audiences(self, obj: ContentPage) -> list[str]:
        return _taxonomy(obj, "audiences", "code")


class ItemDetailSerializer(ItemSummarySerializer):
    """A whole item: sections, keywords, related items and (for products) practical information."""

    sections = SectionSerializer(many=True)
    keywords = serializers.ListField(child=serializers.CharField(), source="keyword_list")
    related = serializers.SerializerMethodField()
    last_reviewed = serializers.DateField(allow_null=True)
    product = serializers.SerializerMethodField(help_text="Praktische info; null voor kennisfiches.")

    @extend_schema_field(RelatedSerializer(many=True))
    def get_related(self, obj: ContentPage) -> list[dict[str, Any]]:
        batch = self.context.get("related")  # precomputed for many items (change feed)
        related = batch.get(obj.pk, []) if batch is not None else visible_related(obj, Scope.PUBLIC)
        return RelatedSerializer(related, many=True, context=self.context).data  # type: ignore[return-value]

    @extend_schema_field(ProductInfoSerializer(allow_null=True))
    def get_product(self, obj: ContentPage) -> dict[str, Any] | None:
        if obj.item_type != ItemType.PRODUCT:
            return None
        return ProductInfoSerializer(obj, context=self.context).data


ITEM_SUMMARY_FIELDS = set(ItemSummarySerializer().fields)
ITEM_DETAIL_FIELDS = set(ItemDetailSerializer().fields)


class TaxonomySerializer(SparseFieldsMixin, serializers.Serializer):
    """A theme or life event with public items."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    item_count = serializers.IntegerField(help_text="Aantal publieke items.")


class ThemeSerializer(TaxonomySerializer):
    """A theme (thema) with its number of public items."""


class GuideStepSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)
    id = serializers.CharField(help_text="Externe id van het product of de fiche.")
    type = serializers.ChoiceField(choices=ItemType.values)
    title = serializers.CharField()
    url = serializers.CharField()
    why_now = serializers.CharField(allow_blank=True, help_text="Waarom deze stap nu: bv. binnen acht dagen.")


class LifeEventSerializer(TaxonomySerializer):
    """A life event (levensgebeurtenis) with its number of public items and, when editors wrote one, its guide."""

    intro = serializers.CharField(allow_blank=True, help_text="Inleiding van de gids.")
    steps = serializers.SerializerMethodField(help_text="De stappen van de gids, in volgorde (publieke items).")

    @extend_schema_field(GuideStepSerializer(many=True))
    def get_steps(self, obj: LifeEvent) -> list[dict[str, Any]]:
        request = self.context.get("request")
        return [{"position": step.number, "id": step.item.external_id, "type": item_type_of(step.item),
                 "title": step.item.title, "url": absolute_url(step.item, request), "why_now": step.why_now}
                for step in guide_steps(obj, Scope.PUBLIC)]


TAXONOMY_FIELDS = set(TaxonomySerializer().fields)
LIFE_EVENT_FIELDS = set(LifeEventSerializer().fields)


class SearchHitSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    short_answer = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    highlights = serializers.DictField(child=serializers.CharField(), help_text="Veld → HTML met <em>.")
    matched = serializers.ChoiceField(choices=["lexical", "semantic", "both"],
                                      help_text="Gevonden op de woorden, op de betekenis, of op beide.")
    language = serializers.CharField(help_text="Taal van het antwoord (BCP 47), 'nl': ook als de vraag in een "
                                               "andere taal gesteld is.")


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField(allow_blank=True)
    mode = serializers.ChoiceField(choices=["hybrid", "lexical", "semantic"],
                                   help_text="Hoe gezocht is: 'lexical' ook als de betekenis tijdelijk niet "
                                             "beschikbaar is.")
    total = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))


class TombstoneSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    type = serializers.CharField(source="item_type")
    reason = serializers.ChoiceField(choices=TombstoneReason.values)
    deleted_at = serializers.DateTimeField(source="created_at")


class ChangesSerializer(serializers.Serializer):
    since = serializers.DateTimeField(allow_null=True)
    until = serializers.DateTimeField(help_text="Geef dit mee als 'since' bij de volgende synchronisatie.")
    upserts = ItemDetailSerializer(many=True)
    deleted = TombstoneSerializer(many=True)
