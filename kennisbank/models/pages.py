"""Wagtail pages: the site root, the two index pages, and products and kennisfiches.

Every product and fiche is a :class:`ContentPage` (multi-table inheritance), so revisions, drafts, scheduled
publishing, moderation workflows and previews come from Wagtail, and all channels read one queryset.
Relations that must be kept in revisions use modelcluster (ParentalKey / ParentalManyToManyField).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..editorial.forms import ContentPageForm
from ..editorial.panels import ReadabilityPanel
from ..markdown import markdown_to_text
from ..vocabulary import ONLINE_ACTIONS, ActionKind, ItemType, ProductType, Visibility
from .blocks import SECTION_KINDS, SectionBlock

logger = logging.getLogger(__name__)

#: Longest review interval (ten years) and the range of review dates that are plausible (the import's too).
REVIEW_INTERVAL_MAX_MONTHS = 120
REVIEWED_MIN = dt.date(1900, 1, 1)
REVIEWED_MAX = dt.date(2100, 12, 31)

EXTERNAL_ID_RE = re.compile(r"^[a-z0-9-]{1,100}$")


class HomePage(RoutablePageMixin, Page):
    """Site root of the public website: themes, life events and search hang below it."""

    intro = models.TextField(_("introductie"), blank=True, help_text=_("Korte welkomsttekst op de startpagina."))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["kennisbank.ProductIndexPage", "kennisbank.FicheIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")


class ProductIndexPage(Page):
    """Container of the productencatalogus."""

    intro = models.TextField(_("introductie"), blank=True, help_text=_("Tekst boven de lijst met producten."))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kennisbank.HomePage"]
    subpage_types = ["kennisbank.ProductPage"]
    max_count = 1

    class Meta:
        verbose_name = _("productencatalogus")


class FicheIndexPage(Page):
    """Container of the kennisfiches (standard answers)."""

    intro = models.TextField(_("introductie"), blank=True, help_text=_("Tekst boven de lijst met vragen."))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kennisbank.HomePage"]
    subpage_types = ["kennisbank.FichePage"]
    max_count = 1

    class Meta:
        verbose_name = _("kennisfiches")


class ContentPage(Page):
    """What products and fiches share. Not creatable itself; use :class:`ProductPage` or :class:`FichePage`."""

    external_id = models.CharField(
        _("externe id"), max_length=100, unique=True, blank=True,
        validators=[RegexValidator(EXTERNAL_ID_RE, _("Alleen kleine letters, cijfers en koppeltekens."))],
        help_text=_("Vaste sleutel voor import, export en de API (bv. eid-aanvragen). Leeg: afgeleid van de slug."),
    )
    short_answer = models.CharField(
        _("kort antwoord"), max_length=300,
        help_text=_("Het antwoord in één of twee zinnen (max. 300 tekens). Telefoon, sociale media en "
                    "zoekresultaten tonen dit eerst."),
    )
    body = StreamField(
        [("section", SectionBlock())], blank=True, verbose_name=_("inhoud"),
        help_text=_("De uitleg in rubrieken: Wat is het, Voor wie, Hoe aanvragen, Wat meebrengen, ..."),
    )
    themes = ParentalManyToManyField(
        "kennisbank.Theme", blank=True, related_name="items", verbose_name=_("thema's"),
        help_text=_("Onder welke thema's vinden burgers dit?"),
    )
    life_events = ParentalManyToManyField(
        "kennisbank.LifeEvent", blank=True, related_name="items", verbose_name=_("levensgebeurtenissen"),
        help_text=_("Bij welke momenten in het leven hoort dit (verhuizen, geboorte, ...)?"),
    )
    audiences = ParentalManyToManyField(
        "kennisbank.Audience", blank=True, related_name="items", verbose_name=_("doelgroepen"),
        help_text=_("Voor wie is dit bedoeld?"),
    )
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True,
        help_text=_("Intern: enkel voor medewerkers en het telefonisch onthaal, nooit op een publiek kanaal."),
    )
    keywords = models.TextField(
        _("zoekwoorden"), blank=True,
        help_text=_("Eén per regel: woorden die burgers en medewerkers typen, ook spreektaal (bv. 'pasje kwijt')."),
    )
    owner_team = models.ForeignKey(
        "kennisbank.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="items",
        verbose_name=_("eigenaar (team)"), help_text=_("Het team dat deze inhoud juist houdt en feedback krijgt."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("herzien om de (maanden)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(REVIEW_INTERVAL_MAX_MONTHS)],
        help_text=_("Na hoeveel maanden moet iemand dit opnieuw nakijken? Verplicht om te publiceren."),
    )
    last_reviewed = models.DateField(
        _("laatst nagekeken op"), null=True, blank=True,
        validators=[MinValueValidator(REVIEWED_MIN), MaxValueValidator(REVIEWED_MAX)],
        help_text=_("Datum waarop de inhoud laatst is nagekeken.")
    )
    next_review_date = models.DateField(
        _("volgende herziening"), null=True, blank=True, editable=False, db_index=True,
        help_text=_("Berekend: laatst nagekeken + termijn."),
    )
    phone_questions = models.TextField(
        _("vragen aan de beller"), blank=True, help_text=_("Eén vraag per regel. De medewerker stelt ze eerst.")
    )
    phone_steps = models.TextField(
        _("antwoord in stappen"), blank=True, help_text=_("Eén stap per regel, in de volgorde van het gesprek.")
    )
    phone_transfer = models.CharField(
        _("doorverbinden naar"), max_length=200, blank=True,
        help_text=_("Team en toestel als de medewerker niet verder kan, bv. 'Dienst Burgerzaken, toestel 2101'."),
    )
    phone_notes = models.TextField(
        _("interne notities"), blank=True, help_text=_("Enkel voor medewerkers. Verschijnt nooit publiek.")
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("short_answer"),
        index.SearchField("keywords"),
        index.AutocompleteField("title"),
        index.FilterField("visibility"),
    ]

    #: Keys a page type exposes as its type in channels and in the exchange format.
    item_type: str = ""

    is_creatable = False
    base_form_class = ContentPageForm

    class Meta:
        verbose_name = _("inhoudsitem")
        verbose_name_plural = _("inhoudsitems")
        permissions = [("view_internal", _("Kan interne fiches lezen"))]

    # --- derived data -------------------------------------------------------------------------------------------
    @property
    def keyword_list(self) -> list[str]:
        """Keywords, one per line, stripped, no empties."""
        return [k.strip() for k in (self.keywords or "").splitlines() if k.strip()]

    @property
    def phone_question_list(self) -> list[str]:
        return [q.strip() for q in (self.phone_questions or "").splitlines() if q.strip()]

    @property
    def phone_step_list(self) -> list[str]:
        return [s.strip() for s in (self.phone_steps or "").splitlines() if s.strip()]

    @property
    def is_internal(self) -> bool:
        return self.visibility == Visibility.INTERNAL

    @property
    def status_string(self) -> str:
        """Wagtail's status ("live", "concept", ...) with "intern" in front for internal items: the page listing
        and the editor header show it, so an internal item never looks public."""
        status = str(super().status_string)
        return f"{_('intern')} · {status}" if self.is_internal else status

    def sections(self) -> list[dict[str, str]]:
        """The body as a list of ``{"kind", "heading", "text"}`` dicts (text is Markdown)."""
        out = []
        for block in self.body:
            if block.block_type == "section":
                out.append({"kind": block.value["kind"], "heading": block.value["heading"] or "",
                            "text": block.value["text"] or ""})
        return out

    def body_text(self) -> str:
        """Plain text of all sections (headings included), for search and snippets."""
        parts: list[str] = []
        for section in self.sections():
            if section["heading"]:
                parts.append(section["heading"])
            parts.append(markdown_to_text(section["text"]))
        return "\n\n".join(p for p in parts if p)

    def compute_next_review_date(self) -> dt.date | None:
        """``last_reviewed`` + ``review_interval_months`` (clamped to the month's last day), or None."""
        if not self.review_interval_months:
            return None
        start = self.last_reviewed or (self.first_published_at.date() if self.first_published_at else None)
        if start is None:
            return None
        month_index = start.month - 1 + self.review_interval_months
        year, month = start.year + month_index // 12, month_index % 12 + 1
        if year > dt.MAXYEAR:  # only for values the validators refuse (data from before them): never crash
            return dt.date.max
        return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

    def is_stale(self, today: dt.date | None = None) -> bool:
        """True when the item is past its review date."""
        today = today or dt.date.today()
        return bool(self.next_review_date and self.next_review_date < today)

    # --- lifecycle ----------------------------------------------------------------------------------------------
    def ensure_external_id(self) -> None:
        """Derive a free external id from the slug (or title) when none was given."""
        if self.external_id:
            return
        base = (self.slug or slugify(self.title or ""))[:90].strip("-") or "item"
        candidate, n = base, 1
        while ContentPage.objects.filter(external_id=candidate).exclude(pk=self.pk).exists():
            n += 1
            candidate = f"{base}-{n}"
        self.external_id = candidate

    def full_clean(self, *args, **kwargs) -> None:
        self.ensure_external_id()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.ensure_external_id()
        self.next_review_date = self.compute_next_review_date()
        return super().save(*args, **kwargs)

    def publish(self, revision, user=None, changed=True, log_action=True, previous_revision=None,  # noqa: ANN001
                skip_permission_checks=False):  # noqa: ANN201
        """Wagtail's publish, behind the readability gate (``kennisbank.editorial.gate``): every way of publishing
        (bulk action, workflow approval, scheduled publishing, imports) passes here and may raise
        ``ReadabilityBlocked``. A blocked SCHEDULED revision is unscheduled instead (logged), so one hard text does
        not stop ``publish_scheduled`` for every other page."""
        from ..editorial.gate import ReadabilityBlocked, check_publish

        try:
            check_publish(self, revision)
        except ReadabilityBlocked as exc:
            if log_action != "wagtail.publish.scheduled":
                raise
            type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.error("scheduled publication of page %s cancelled: %s", self.pk, exc)
            return None
        return super().publish(revision, user=user, changed=changed, log_action=log_action,
                               previous_revision=previous_revision, skip_permission_checks=skip_permission_checks)

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Internal items are never served to the public website (404, not 403: nothing is revealed).

        Staff with the view_internal permission see them, and so does anyone who may edit the page (the editor's
        "Bekijk live" link must not lead to a 404)."""
        from ..selectors import can_view

        user = getattr(request, "user", None)
        if not can_view(self, user) and not (
                user is not None and user.is_authenticated and self.permissions_for_user(user).can_edit()):
            raise Http404
        response = super().serve(request, *args, **kwargs)
        if self.is_internal or getattr(getattr(request, "user", None), "is_authenticated", False):
            # Shown to staff (an internal item, or any page for a logged-in user): never in a shared cache.
            patch_cache_control(response, private=True, no_store=self.is_internal)
        return response

    def get_sitemap_urls(self, request=None):
        from ..selectors import Scope, is_visible

        if not is_visible(self, Scope.PUBLIC):
            return []
        return super().get_sitemap_urls(request)

    # --- admin ------------------------------------------------------------------------------------------------
    common_content_panels = [
        # TitleFieldPanel fills the (hidden, Promotie tab) slug from the title while the page is new.
        TitleFieldPanel("title", help_text=_("Voor een fiche: de vraag zoals een burger ze stelt."), placeholder=False),
        FieldPanel("short_answer", widget=forms.TextInput(attrs={
            "data-kb-count": "300", "data-kb-count-ideal": "200", "maxlength": "300"})),
        FieldPanel("body"),
        MultiFieldPanel([ReadabilityPanel(), FieldPanel("readability_override_reason")],
                        heading=_("Leesbaarheid (taalniveau B1)")),
    ]
    classification_panels = [
        MultiFieldPanel([
            FieldPanel("visibility"),
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("life_events", widget=forms.CheckboxSelectMultiple),
            FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            FieldPanel("keywords"),
        ], heading=_("Indeling en vindbaarheid")),
        MultipleChooserPanel("related_links", chooser_field_name="target", heading=_("Verwante items"),
                             label=_("Verwant item")),
        MultiFieldPanel([
            FieldPanel("owner_team"),
            FieldRowPanel([FieldPanel("review_interval_months"), FieldPanel("last_reviewed")]),
            FieldPanel("external_id"),
        ], heading=_("Eigenaar en herziening")),
    ]
    phone_panels = [
        FieldPanel("phone_questions"),
        FieldPanel("phone_steps"),
        FieldPanel("phone_transfer"),
        FieldPanel("phone_notes"),
    ]


class RelatedItem(Orderable):
    """A related product or fiche, kept in revisions (ParentalKey)."""

    page = ParentalKey(ContentPage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        ContentPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("item"),
        help_text=_("Een product of fiche dat hierbij hoort."),
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("verwant item")
        verbose_name_plural = _("verwante items")


class ProductPage(ContentPage):
    """An entry of the productencatalogus: a document, permit or service the municipality delivers."""

    appointment_required = models.BooleanField(
        _("afspraak nodig"), default=False, help_text=_("Moet de burger eerst een afspraak maken?")
    )
    product_type = models.CharField(
        _("soort product"), max_length=40, blank=True, choices=ProductType.choices,
        help_text=_("Het type uit de Vlaamse productencatalogus (LPDC/IPDC): bewijs, toelating, financieel "
                    "voordeel, ..."),
    )
    service_points = ParentalManyToManyField(
        "kennisbank.ServicePoint", blank=True, related_name="products", verbose_name=_("waar"),
        help_text=_("Waar kan de burger dit krijgen (snelbalie, op afspraak, online, deelgemeente)?"),
    )

    item_type = ItemType.PRODUCT.value
    is_creatable = True
    parent_page_types = ["kennisbank.ProductIndexPage"]
    subpage_types: list[str] = []
    template = "kennisbank/content_page.html"

    content_panels = [
        *ContentPage.common_content_panels,
        MultiFieldPanel([
            InlinePanel("cost_lines", label=_("Prijs"), heading=_("Kostprijs")),
            FieldPanel("product_type"),
            FieldPanel("appointment_required"),
            InlinePanel("actions", label=_("Actie"), heading=_("Wat kan de burger doen?")),
            FieldPanel("service_points", widget=forms.CheckboxSelectMultiple),
        ], heading=_("Praktisch")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Inhoud")),
        ObjectList(ContentPage.classification_panels, heading=_("Indeling")),
        ObjectList(ContentPage.phone_panels, heading=_("Telefoonscript")),
        ObjectList(Page.promote_panels, heading=_("Promotie")),
        ObjectList(Page.settings_panels, heading=_("Instellingen")),
    ])

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")

    @property
    def online_url(self) -> str:
        """The URL of the first online action (apply, book, form); empty when there is none."""
        return next((a.url for a in self.actions.all() if a.kind in ONLINE_ACTIONS and a.url), "")


ACTION_URL_RE = re.compile(r"^(https?://\S+|tel:\+?[0-9 ]{6,20})$")


class ProductAction(Orderable):
    """A call to action of a product: what it does (kind), the text on the button and where it goes."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="actions",
                       help_text=_("Het product."))
    kind = models.CharField(_("soort"), max_length=20, choices=ActionKind.choices, default=ActionKind.APPLY_ONLINE,
                            help_text=_("Wat gebeurt er als de burger klikt?"))
    label = models.CharField(_("tekst op de knop"), max_length=80, blank=True,
                             help_text=_("Leeg: de naam van de soort, bv. 'Afspraak maken'."))
    url = models.CharField(_("adres"), max_length=500, blank=True,
                           validators=[RegexValidator(ACTION_URL_RE, _("Een webadres (https://…) of tel:051123456."))],
                           help_text=_("Webadres, of tel:… om te bellen. Leeg bij 'Langskomen': dan verwijst de knop "
                                       "naar 'Waar en wanneer?'."))

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("label")]), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    @property
    def text(self) -> str:
        return self.label or str(ActionKind(self.kind).label)

    @property
    def href(self) -> str:
        return self.url or ("#waar-en-wanneer" if self.kind == ActionKind.VISIT else "")


class CostLine(Orderable):
    """One price line of a product (e.g. 'Volwassene: € 25,30')."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="cost_lines")
    label = models.CharField(_("omschrijving"), max_length=200, help_text=_("Voor wie of wat geldt deze prijs?"))
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=8, decimal_places=2,
                                 help_text=_("0 betekent gratis."))
    note = models.CharField(_("opmerking"), max_length=255, blank=True, help_text=_("Bv. 'spoedprocedure'."))

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("amount")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("prijs")
        verbose_name_plural = _("prijzen")


class FichePage(ContentPage):
    """A kennisfiche: the standard answer to a frequent question."""

    item_type = ItemType.FICHE.value
    is_creatable = True
    parent_page_types = ["kennisbank.FicheIndexPage"]
    subpage_types: list[str] = []
    template = "kennisbank/content_page.html"

    content_panels = ContentPage.common_content_panels
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Inhoud")),
        ObjectList(ContentPage.classification_panels, heading=_("Indeling")),
        ObjectList(ContentPage.phone_panels, heading=_("Telefoonscript")),
        ObjectList(Page.promote_panels, heading=_("Promotie")),
        ObjectList(Page.settings_panels, heading=_("Instellingen")),
    ])

    class Meta:
        verbose_name = _("kennisfiche")
        verbose_name_plural = _("kennisfiches")


__all__ = [
    "SECTION_KINDS", "ContentPage", "CostLine", "FicheIndexPage", "FichePage", "HomePage", "ProductIndexPage",
    "ProductPage", "RelatedItem", "Visibility",
]
