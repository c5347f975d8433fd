"""Service points (where a product is delivered) with their opening hours and exceptions.

Contract: a :class:`ServicePoint` is a place (or the online counter) with an address, coordinates, contact details
and accessibility notes. Its regular hours are :class:`OpeningHours` rows — weekday, mode (walk-in or by
appointment), from and until, in Europe/Brussels wall-clock time; a day may have several blocks. Belgian public
holidays close every point that has hours (:mod:`kennisbank.holidays`); an :class:`OpeningException` closes a point
on a date (with a reason) or opens it on a date with its own hours (an extra opening, also on a holiday).
What is open when is computed by :mod:`kennisbank.opening`; no template or serializer computes it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from ..vocabulary import OpeningMode, ServicePointKind, Weekday


class ServicePoint(ClusterableModel):
    """Where a product is delivered: the gemeentehuis, a deelgemeentehuis, the containerpark, the library, online."""

    name = models.CharField(_("naam"), max_length=120, unique=True, help_text=_("Bijvoorbeeld: Snelbalie Stadhuis."))
    kind = models.CharField(_("soort"), max_length=20, choices=ServicePointKind.choices,
                            default=ServicePointKind.OTHER, help_text=_("Soort plaats."))
    address = models.CharField(_("straat en nummer"), max_length=255, blank=True,
                               help_text=_("Bijvoorbeeld: Markt 1. Leeg voor een online loket."))
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True, help_text=_("Bijvoorbeeld: 8980."))
    city = models.CharField(_("gemeente"), max_length=100, blank=True,
                            help_text=_("De (deel)gemeente, bijvoorbeeld: Zonnebeek."))
    latitude = models.DecimalField(_("breedtegraad"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   help_text=_("Voor de kaart, bijvoorbeeld 50.870221."))
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    help_text=_("Voor de kaart, bijvoorbeeld 2.987354."))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True, help_text=_("Bijvoorbeeld: 051 12 34 56."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Het adres waarop burgers deze plaats mailen."))
    url = models.URLField(_("webadres"), blank=True,
                          help_text=_("Voor een online loket: waar het loket is. Anders: meer over deze plaats."))
    notes = models.TextField(_("praktisch"), blank=True,
                             help_text=_("Bijvoorbeeld: parking achter het gebouw, neem een volgnummer aan de ingang."))
    accessibility = models.TextField(_("toegankelijkheid"), blank=True,
                                     help_text=_("Bijvoorbeeld: ingang zonder trappen, lift, parking voor "
                                                 "mensen met een handicap."))

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        MultiFieldPanel([FieldPanel("address"), FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                         FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])], heading=_("Adres")),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("url")], heading=_("Contact")),
        FieldPanel("notes"),
        FieldPanel("accessibility"),
        InlinePanel("hours", heading=_("Openingsuren"), label=_("Blok openingsuren")),
        InlinePanel("exceptions", heading=_("Uitzonderingen"), label=_("Sluiting of extra opening")),
    ]

    class Meta:
        verbose_name = _("dienstverleningspunt")
        verbose_name_plural = _("dienstverleningspunten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_online(self) -> bool:
        return self.kind == ServicePointKind.ONLINE

    @property
    def full_address(self) -> str:
        """``Markt 1, 8980 Zonnebeek`` (empty for an online counter)."""
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.address, town) if part)

    @staticmethod
    def guess_kind(name: str) -> str:
        """Kind for a service point known only by name (used by importers)."""
        lowered = name.lower()
        for code, words in ((ServicePointKind.ONLINE, ("online", "e-loket")),
                            (ServicePointKind.DISTRICT_HALL, ("deelgemeente",)),
                            (ServicePointKind.RECYCLING_PARK, ("containerpark", "recyclagepark")),
                            (ServicePointKind.LIBRARY, ("bibliotheek", "bib ")),
                            (ServicePointKind.SOCIAL_HOUSE, ("sociaal huis", "ocmw")),
                            (ServicePointKind.TOWN_HALL, ("gemeentehuis", "stadhuis", "balie", "afspraak",
                                                          "administratief centrum"))):
            if any(word in lowered for word in words):
                return code.value
        return ServicePointKind.OTHER.value


def _check_times(opens, closes) -> None:  # noqa: ANN001
    if opens is not None and closes is not None and closes <= opens:
        raise ValidationError({"closes": _("Het sluitingsuur moet na het openingsuur liggen.")})


class OpeningHours(Orderable):
    """One block of regular hours: on ``weekday`` from ``opens`` until ``closes`` (Europe/Brussels)."""

    point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="hours",
                        help_text=_("Het dienstverleningspunt."))
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices, help_text=_("De weekdag."))
    mode = models.CharField(_("hoe"), max_length=20, choices=OpeningMode.choices, default=OpeningMode.WALK_IN,
                            help_text=_("Vrij binnenlopen of alleen op afspraak."))
    opens = models.TimeField(_("van"), help_text=_("Openingsuur, bijvoorbeeld 8:30."))
    closes = models.TimeField(_("tot"), help_text=_("Sluitingsuur, bijvoorbeeld 12:00."))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("mode"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("openingsuren")
        verbose_name_plural = _("openingsuren")

    def clean(self) -> None:
        _check_times(self.opens, self.closes)


class OpeningException(Orderable):
    """A closing day (``closed``) or an extra opening on one date, with the reason people see."""

    point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="exceptions",
                        help_text=_("Het dienstverleningspunt."))
    date = models.DateField(_("datum"), help_text=_("De dag van de sluiting of de extra opening."))
    closed = models.BooleanField(_("gesloten"), default=True,
                                 help_text=_("Aangevinkt: de hele dag gesloten. Niet aangevinkt: open van … tot … "
                                             "(ook op een feestdag)."))
    mode = models.CharField(_("hoe"), max_length=20, choices=OpeningMode.choices, default=OpeningMode.WALK_IN,
                            help_text=_("Voor een extra opening: vrij binnenlopen of op afspraak."))
    opens = models.TimeField(_("van"), null=True, blank=True, help_text=_("Voor een extra opening."))
    closes = models.TimeField(_("tot"), null=True, blank=True, help_text=_("Voor een extra opening."))
    reason = models.CharField(_("reden"), max_length=120, help_text=_("Bijvoorbeeld: Vlaamse feestdag, "
                                                                     "personeelsfeest, verkiezingen."))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("closed"), FieldPanel("mode")]),
              FieldRowPanel([FieldPanel("opens"), FieldPanel("closes"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = _("uitzondering")
        verbose_name_plural = _("uitzonderingen")

    def clean(self) -> None:
        if not self.closed and (self.opens is None or self.closes is None):
            raise ValidationError(_("Geef de uren van de extra opening, of vink 'gesloten' aan."))
        _check_times(self.opens, self.closes)
