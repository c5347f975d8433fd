"""Taxonomy and reference snippets: themes, life events, audiences, teams, service points, synonyms."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..vocabulary import AudienceCode, ServicePointKind


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

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(_NamedSlugged.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class LifeEvent(index.Indexed, _NamedSlugged):
    """A life event (levensgebeurtenis) such as *Verhuizen* or *Geboorte*."""

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(_NamedSlugged.Meta):
        verbose_name = _("levensgebeurtenis")
        verbose_name_plural = _("levensgebeurtenissen")


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

    panels = [FieldPanel("name"), FieldPanel("email"), FieldPanel("phone_extension")]

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServicePoint(models.Model):
    """Where a product is delivered: snelbalie, themabalie, op afspraak, online, deelgemeentehuis."""

    name = models.CharField(_("naam"), max_length=120, unique=True, help_text=_("Bijvoorbeeld: Snelbalie Stadhuis."))
    kind = models.CharField(_("soort"), max_length=20, choices=ServicePointKind.choices,
                            default=ServicePointKind.OTHER,
                            help_text=_("Soort dienstverlening."))
    address = models.CharField(_("adres"), max_length=255, blank=True, help_text=_("Straat, nummer en gemeente."))
    opening_hours = models.TextField(_("openingsuren"), blank=True, help_text=_("Eén regel per dag of afspraak."))

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("address"), FieldPanel("opening_hours")]

    class Meta:
        verbose_name = _("dienstverleningspunt")
        verbose_name_plural = _("dienstverleningspunten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def guess_kind(name: str) -> str:
        """Kind for a service point known only by name (used by importers)."""
        lowered = name.lower()
        for code, keyword in ((ServicePointKind.QUICK_COUNTER, "snelbalie"),
                              (ServicePointKind.THEME_COUNTER, "themabalie"),
                              (ServicePointKind.APPOINTMENT, "afspraak"), (ServicePointKind.ONLINE, "online"),
                              (ServicePointKind.DISTRICT, "deelgemeente")):
            if keyword in lowered:
                return code.value
        return ServicePointKind.OTHER.value


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
