"""The municipality's identity as a Wagtail site setting (Instellingen → Gemeente)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="home")
class MunicipalityIdentity(BaseSiteSetting):
    """Who publishes this site: name, address, contact, logo and official identifiers; read via
    :func:`kennisbank.identity.identity` by the footer, the contact page, JSON-LD, feeds, calendars and posts."""

    name = models.CharField(_("naam"), max_length=120, blank=True,
                            help_text=_("Bijvoorbeeld: Gemeente Zonnebeek. Leeg: de naam van de site."))
    address = models.CharField(_("straat en nummer"), max_length=255, blank=True,
                               help_text=_("Het adres van het gemeentehuis, bijvoorbeeld: Markt 1."))
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True, help_text=_("Bijvoorbeeld: 8980."))
    city = models.CharField(_("gemeente"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: Zonnebeek."))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True,
                             help_text=_("Het algemene nummer, bijvoorbeeld: 051 12 34 00."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Het algemene adres, bijvoorbeeld: info@…"))
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", help_text=_("Het logo in de kop van de site en in de JSON-LD."))
    nis_code = models.CharField(_("NIS-code"), max_length=5, blank=True,
                                validators=[RegexValidator(r"^\d{5}$", _("Vijf cijfers, bijvoorbeeld 33040."))],
                                help_text=_("De code van Statbel (REFNIS), bijvoorbeeld 33040."))
    kbo_number = models.CharField(_("KBO-nummer"), max_length=12, blank=True,
                                  validators=[RegexValidator(r"^[01]\d{3}\.\d{3}\.\d{3}$",
                                                             _("Schrijf het als 0207.123.456."))],
                                  help_text=_("Ondernemingsnummer, bijvoorbeeld 0207.123.456."))
    administrative_unit = models.URLField(
        _("bestuurseenheid"), blank=True,
        help_text=_("De IRI van de bestuurseenheid in de Vlaamse registers (LPDC), bijvoorbeeld "
                    "http://data.lblod.info/id/bestuurseenheden/…"))
    facebook = models.URLField(_("Facebook"), blank=True, help_text=_("Webadres van de pagina."))
    instagram = models.URLField(_("Instagram"), blank=True, help_text=_("Webadres van het account."))
    linkedin = models.URLField(_("LinkedIn"), blank=True, help_text=_("Webadres van de pagina."))
    mastodon = models.URLField(_("Mastodon"), blank=True, help_text=_("Webadres van het account."))
    bluesky = models.URLField(_("Bluesky"), blank=True, help_text=_("Webadres van het account."))
    youtube = models.URLField(_("YouTube"), blank=True, help_text=_("Webadres van het kanaal."))

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("address"), FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                         FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        FieldPanel("logo"),
        MultiFieldPanel([FieldPanel("nis_code"), FieldPanel("kbo_number"), FieldPanel("administrative_unit")],
                        heading=_("Officiële gegevens")),
        MultiFieldPanel([FieldPanel(name) for name in ("facebook", "instagram", "linkedin", "mastodon", "bluesky",
                                                        "youtube")], heading=_("Sociale media")),
    ]

    class Meta:
        verbose_name = _("gemeente")
