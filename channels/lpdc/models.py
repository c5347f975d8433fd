"""What the LPDC channel remembers: one :class:`Instance` per product ever published to LPDC and the immutable
:class:`Snapshot` rows that make up the instance-snapshot LDES (docs/ipdc.md).

A snapshot's ``member`` is the JSON-LD member exactly as served (without the page's ``@context``); rows are never
updated except for their validation result. ``fingerprint`` hashes the content without the snapshot's own id and
times, so publishing unchanged content adds nothing.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

INSTANCE_BASE = "http://data.lblod.info/id/public-service/"
SNAPSHOT_BASE = "http://data.lblod.info/id/public-service-snapshot/"


class Instance(models.Model):
    """A product as LPDC knows it (``http://data.lblod.info/id/public-service/<uuid>``)."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False,
                            help_text=_("Vaste sleutel van de instantie in LPDC."))
    page = models.OneToOneField(
        "kennisbank.ProductPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="lpdc_instance",
        verbose_name=_("product"), help_text=_("Het product; leeg als het verwijderd is."))
    external_id = models.CharField(_("externe id"), max_length=100, help_text=_("De externe id van het product."))
    created_at = models.DateTimeField(_("aangemaakt"), help_text=_("Eerste publicatie (creatie in LPDC)."))

    class Meta:
        verbose_name = _("LPDC-instantie")
        verbose_name_plural = _("LPDC-instanties")

    def __str__(self) -> str:
        return self.iri

    @property
    def iri(self) -> str:
        return f"{INSTANCE_BASE}{self.uuid}"


class Snapshot(models.Model):
    """One member of the stream (``http://data.lblod.info/id/public-service-snapshot/<uuid>``)."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False,
                            help_text=_("Sleutel van de snapshot."))
    instance = models.ForeignKey(Instance, on_delete=models.PROTECT, related_name="snapshots",
                                 verbose_name=_("instantie"), help_text=_("De instantie waarvan dit een versie is."))
    generated_at = models.DateTimeField(_("gemaakt op"), db_index=True,
                                        help_text=_("generatedAtTime: strikt stijgend over de hele stroom."))
    archived = models.BooleanField(_("gearchiveerd"), default=False,
                                   help_text=_("Het product is niet meer publiek (depubliceerd, intern of weg)."))
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64,
                                   help_text=_("Hash van de inhoud zonder id's en tijden."))
    member = models.JSONField(_("inhoud"), help_text=_("Het JSON-LD-lid zoals het in de stroom staat."))
    validated_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True,
                                        help_text=_("Wanneer de SHACL-controle liep; leeg: nog niet."))
    violations = models.JSONField(_("fouten"), default=list, blank=True,
                                  help_text=_("De SHACL-fouten in het Nederlands; leeg: in orde."))

    class Meta:
        ordering = ["generated_at", "pk"]
        verbose_name = _("LPDC-snapshot")
        verbose_name_plural = _("LPDC-snapshots")

    def __str__(self) -> str:
        return self.iri

    @property
    def iri(self) -> str:
        return f"{SNAPSHOT_BASE}{self.uuid}"

    @property
    def conforms(self) -> bool | None:
        """True/False after validation, None before."""
        return None if self.validated_at is None else not self.violations
