"""What the importers remember between runs: the IPDC/LPDC cursor per source (incremental LDES reading), the IPDC
concepts read and which products are based on them (with LPDC's review status)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kennisbank.vocabulary import ConceptReviewStatus


class IpdcCursor(models.Model):
    """The last ``generatedAtTime`` processed from one LDES source (URL, or the absolute path of a folder/file)."""

    source = models.CharField(_("bron"), max_length=500, unique=True,
                              help_text=_("De start-URL van de stroom, of het pad van de map of het bestand."))
    last_generated_at = models.DateTimeField(_("laatst verwerkt"),
                                             help_text=_("Snapshots tot en met dit moment zijn verwerkt."))
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True, help_text=_("Wanneer de laatste import liep."))

    class Meta:
        verbose_name = _("IPDC-cursor")
        verbose_name_plural = _("IPDC-cursors")

    def __str__(self) -> str:
        return f"{self.source} @ {self.last_generated_at:%Y-%m-%d %H:%M:%S}"


class IpdcConcept(models.Model):
    """The latest known snapshot of one IPDC concept (a template the Flemish government publishes for local
    governments), read from IPDC's concept-snapshot LDES by ``import_ipdc_concepts``."""

    iri = models.URLField(_("concept"), max_length=300, unique=True,
                          help_text=_("De IRI van het concept (isVersionOf van de snapshots)."))
    product_number = models.CharField(_("productnummer"), max_length=40, db_index=True,
                                      help_text=_("Het IPDC-productnummer (bv. 1502)."))
    title = models.CharField(_("titel"), max_length=255, help_text=_("De Nederlandse naam in het laatste snapshot."))
    snapshot = models.URLField(_("laatste snapshot"), max_length=300,
                               help_text=_("De IRI van het laatst verwerkte snapshot."))
    generated_at = models.DateTimeField(_("snapshot gemaakt"), help_text=_("generatedAtTime van dat snapshot."))
    archived = models.BooleanField(_("gearchiveerd"), default=False,
                                   help_text=_("IPDC heeft het concept gearchiveerd (of de dienstverlening is "
                                               "beëindigd)."))
    content = models.JSONField(_("inhoud"), default=dict,
                               help_text=_("De inhoud van het snapshot, omgezet naar ons model "
                                           "(importers.ipdc_concepts.record_to_json)."))
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True, help_text=_("Wanneer het laatst gelezen."))

    class Meta:
        verbose_name = _("IPDC-concept")
        verbose_name_plural = _("IPDC-concepten")
        ordering = ("product_number",)

    def __str__(self) -> str:
        return f"{self.product_number} {self.title}"


class ConceptLink(models.Model):
    """A product made from (or linked to) an IPDC concept, and LPDC's review status: which concept snapshot the
    product was last brought up to date with, and what changed in the concept since."""

    product = models.OneToOneField("kennisbank.ProductPage", on_delete=models.CASCADE, related_name="ipdc_concept",
                                   verbose_name=_("product"), help_text=_("Ons product."))
    concept = models.ForeignKey(IpdcConcept, on_delete=models.PROTECT, related_name="links",
                                verbose_name=_("concept"), help_text=_("Het IPDC-concept waarop het product steunt."))
    based_on_snapshot = models.URLField(_("bijgewerkt tot snapshot"), max_length=300,
                                        help_text=_("Het conceptsnapshot waarmee het product laatst is bijgewerkt."))
    based_on_content = models.JSONField(_("inhoud van dat snapshot"), default=dict,
                                        help_text=_("De inhoud van dat snapshot, om wijzigingen te tonen."))
    review_status = models.CharField(_("herzieningsstatus"), max_length=30, blank=True,
                                     choices=ConceptReviewStatus.choices,
                                     help_text=_("Leeg: bijgewerkt. Anders is het concept gewijzigd of gearchiveerd "
                                                 "sinds de laatste herziening."))
    changes = models.JSONField(_("wijzigingen"), default=list, blank=True,
                               help_text=_("Welke onderdelen van het concept veranderden (namen van velden)."))
    flagged_at = models.DateTimeField(_("gemarkeerd op"), null=True, blank=True,
                                      help_text=_("Wanneer de herzieningsstatus gezet werd."))

    class Meta:
        verbose_name = _("koppeling met IPDC-concept")
        verbose_name_plural = _("koppelingen met IPDC-concepten")

    def __str__(self) -> str:
        return f"{self.product_id} → {self.concept_id}"


class ImportFingerprint(models.Model):
    """What the last import of one item read, so an unchanged input is not parsed again
    (:mod:`importers.fingerprints`). A cache: deleting rows only makes the next import compare in full."""

    source = models.CharField(_("formaat"), max_length=20,
                              help_text=_("Het importformaat: markdown, csv of ipdc."))
    external_id = models.CharField(_("extern id"), max_length=255,
                                   help_text=_("Het item dat de invoer werd."))
    digest = models.CharField(_("vingerafdruk"), max_length=64,
                              help_text=_("SHA-256 van de invoer (naam en inhoud) en van de importregels."))
    related = models.JSONField(_("verwante items"), default=list, blank=True,
                               help_text=_("De ids onder 'related' in die invoer (ze moeten nog bestaan)."))
    names = models.CharField(_("namen"), max_length=64, default="",
                             help_text=_("Vingerafdruk van de namen van teams, thema's, levensgebeurtenissen, "
                                         "dienstverleningspunten en doelgroepen na die import."))
    revision_id = models.IntegerField(_("revisie"), null=True, blank=True,
                                      help_text=_("De laatste revisie van de pagina na die import; is ze sindsdien "
                                                  "gewijzigd, dan vergelijkt de volgende import volledig."))
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True,
                                      help_text=_("Wanneer de import deze vingerafdruk schreef."))

    class Meta:
        verbose_name = _("importvingerafdruk")
        verbose_name_plural = _("importvingerafdrukken")
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="importers_fp_source_item")]
        indexes = [models.Index(fields=["source", "digest"], name="importers_fp_source_digest")]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"
