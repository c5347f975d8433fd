"""Taxonomy and reference snippets: themes, life events, audiences, teams, synonyms."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from ..vocabulary import AudienceCode, IpdcTheme


class _NamedSlugged(models.Model):
    """A named, slugged, orderable reference item."""

    name = models.CharField(_("naam"), max_length=100, unique=True, help_text=_("De naam zoals burgers hem zien."))
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, blank=True,
        help_text=_("Deel van het webadres. Wordt automatisch ingevuld als u het leeg laat."),
    )
    description = models.TextField(
        _("beschrijving"), blank=True, help_text=_("Korte uitleg voor de overzichtspagina (één of twee zinnen).")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("volgorde"), default=100, help_text=_("Lagere getallen komen eerst in overzichten.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class Theme(index.Indexed, _NamedSlugged):
    """A theme (thema) that groups products and fiches for browsing, e.g. *Burgerzaken*."""

    ipdc_theme = models.CharField(
        _("IPDC-thema"), max_length=40, blank=True, choices=IpdcTheme.choices,
        help_text=_("Het thema van de Vlaamse productencatalogus (LPDC/IPDC) waaronder producten met dit thema "
                    "vallen. Leeg: dit thema wordt niet doorgegeven."),
    )

    panels = [*_NamedSlugged.panels, FieldPanel("ipdc_theme")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(_NamedSlugged.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class LifeEvent(index.Indexed, ClusterableModel, _NamedSlugged):  # type: ignore[django-manager-missing]
    """A life event (levensgebeurtenis) such as *Verhuizen* or *Geboorte*, optionally a guide: an intro and ordered
    steps, each pointing to a product or fiche with a short "why now" line (:class:`LifeEventStep`)."""

    intro = models.TextField(
        _("inleiding van de gids"), blank=True,
        help_text=_("Twee of drie zinnen bovenaan de gids: wat komt er kijken bij deze gebeurtenis?"))

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [*_NamedSlugged.panels, FieldPanel("intro"),
              InlinePanel("steps", heading=_("Stappen van de gids"), label=_("Stap"))]

    class Meta(_NamedSlugged.Meta):
        verbose_name = _("levensgebeurtenis")
        verbose_name_plural = _("levensgebeurtenissen")


class LifeEventStep(Orderable):
    """One step of a life-event guide: do this item now, because ``why_now``."""

    life_event = ParentalKey(LifeEvent, on_delete=models.CASCADE, related_name="steps",
                             help_text=_("De levensgebeurtenis."))
    item = models.ForeignKey("kennisbank.ContentPage", on_delete=models.CASCADE, related_name="+",
                             help_text=_("Het product of de fiche voor deze stap."))
    why_now = models.CharField(_("waarom nu"), max_length=200, blank=True,
                               help_text=_("Bijvoorbeeld: binnen acht dagen na uw verhuis."))

    panels = [FieldPanel("item"), FieldPanel("why_now")]

    class Meta(Orderable.Meta):
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")


class Audience(models.Model):
    """Target audience (doelgroep). A fixed list, created by a data migration."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=AudienceCode.choices,
                            help_text=_("Vaste code."))
    label = models.CharField(_("label"), max_length=50, help_text=_("Naam van de doelgroep."))

    class Meta:
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.label)


class Team(models.Model):  # type: ignore[django-manager-missing]
    """The team (dienst) that owns items: keeps them correct and receives feedback and review reminders."""

    name = models.CharField(_("naam"), max_length=120, unique=True, help_text=_("Bijvoorbeeld: Dienst Burgerzaken."))
    email = models.EmailField(
        _("e-mailadres"), blank=True, help_text=_("Hier komen herinneringen en feedback over de fiches toe.")
    )
    phone_extension = models.CharField(
        _("toestel"), max_length=20, blank=True, help_text=_("Intern toestelnummer om naar door te verbinden.")
    )
    callback_working_days = models.PositiveSmallIntegerField(
        _("terugbellen binnen (werkdagen)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Binnen hoeveel werkdagen belt dit team een burger terug (feestdagen tellen niet)."))
    themes = models.ManyToManyField(
        "kennisbank.Theme", blank=True, related_name="teams", verbose_name=_("behandelt"),
        help_text=_("De thema's waarvoor het onthaal naar dit team doorverbindt."))
    hours_from = models.ForeignKey(
        "kennisbank.ServicePoint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("bereikbaar tijdens de uren van"),
        help_text=_("Het team is bereikbaar tijdens de openingsuren van dit dienstverleningspunt. Leeg: altijd "
                    "tijdens de kantooruren."))
    away_until = models.DateTimeField(
        _("niet bereikbaar tot"), null=True, blank=True,
        help_text=_("Bv. bij een vergadering of een opleiding: tot dan verbindt het onthaal niet door."))
    away_note = models.CharField(_("reden"), max_length=200, blank=True,
                                 help_text=_("Wat het onthaal tegen de beller zegt, bv. 'in vergadering'."))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="kennisbank_teams", verbose_name=_("leden"),
        help_text=_("Medewerkers van dit team: zij zien en behandelen de terugbelverzoeken van het team."))

    panels = [FieldPanel("name"), FieldPanel("email"), FieldPanel("phone_extension"),
              FieldPanel("themes"), FieldPanel("hours_from"), FieldPanel("away_until"), FieldPanel("away_note"),
              FieldPanel("callback_working_days"), FieldPanel("members")]

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Synonym(models.Model):
    """A group of equivalent search terms, e.g. ``eID, identiteitskaart, ID-kaart``; works in both directions."""

    terms = models.CharField(
        _("termen"), max_length=500, unique=True,
        help_text=_("Woorden die hetzelfde betekenen, gescheiden door komma's. Bv.: eID, identiteitskaart, ID-kaart"),
    )
    note = models.CharField(_("opmerking"), max_length=255, blank=True, help_text=_("Waarom deze synoniemen?"))

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        """The group's terms, stripped, without empties or duplicates (order kept)."""
        seen: dict[str, None] = {}
        for term in self.terms.split(","):
            term = term.strip()
            if term and term.lower() not in {s.lower() for s in seen}:
                seen[term] = None
        return list(seen)
