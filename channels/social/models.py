"""Social posts, their per-network variants, republication rules and the publication record.

- ``SocialPost``: one post about one product/fiche (``source``), approved by the social team. Approval stores a
  fingerprint of what the post shows (title + short answer + URL); when the live source differs, the post
  pauses with a reason (``services.check_source``).
- ``PostVariant``: the text per network, generated and then editable; validated against the network's limits.
- ``RepublicationRule``: every N weeks at chosen local times (Europe/Brussels) from a start date, until an end
  date and/or while the source is not due for review.
- ``Publication``: one row per (post, network, slot): the claim that makes a slot go out at most once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable

from . import networks
from .panels import CompareWithSourcePanel, ComposerPanel


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Ontwerp")
    APPROVED = "approved", _("Goedgekeurd")
    PAUSED = "paused", _("Gepauzeerd")
    ARCHIVED = "archived", _("Gearchiveerd")


def parse_times(value: str) -> list[dt.time]:
    """``"09:00, 17:30"`` → times; ValueError with a Dutch message on bad input (minutes in steps of 5)."""
    out = []
    for raw in (value or "").replace(";", ",").split(","):
        raw = raw.strip()
        if not raw:
            continue
        try:
            parsed = dt.datetime.strptime(raw, "%H:%M").time()
        except ValueError as exc:
            raise ValueError(_("'%(v)s' is geen tijdstip (UU:MM).") % {"v": raw}) from exc
        if parsed.minute % 5:
            raise ValueError(_("'%(v)s': kies minuten in stappen van 5 (planningstools eisen dat).") % {"v": raw})
        out.append(parsed)
    return sorted(set(out))


class SocialPost(ClusterableModel):
    source = models.ForeignKey(
        "kennisbank.ContentPage", on_delete=models.PROTECT, related_name="social_posts",
        verbose_name=_("bron (product of fiche)"),
        help_text=_("Enkel publieke, gepubliceerde items. Interne fiches kunnen nooit een bericht worden."),
    )
    title = models.CharField(_("interne naam"), max_length=200, blank=True,
                             help_text=_("Voor het overzicht. Leeg: de titel van de bron."))
    campaign = models.SlugField(_("campagne"), max_length=60, blank=True,
                                help_text=_("utm_campaign in de link. Leeg: 'kennisbank'."))
    status = models.CharField(_("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT,
                              db_index=True,
                              help_text=_("Opslaan als 'Goedgekeurd' keurt het bericht goed tegen de huidige "
                                          "versie van de bron."))
    publish_at = models.DateTimeField(_("eenmalig publiceren op"), null=True, blank=True,
                                      help_text=_("Optioneel: één vast moment (minuten in stappen van 5)."))
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                    on_delete=models.SET_NULL, related_name="+", verbose_name=_("goedgekeurd door"))
    approved_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    approved_revision_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    texts_fingerprint = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text=_("Versie van de bron waarvoor de teksten gemaakt of nagekeken zijn; na een wijziging van de "
                    "bron moet het team ze opnieuw genereren of bevestigen voor het goedkeurt."))
    pause_reason = models.CharField(_("reden pauze"), max_length=300, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("afbeelding"),
        help_text=_("Uit de beeldbank. Nodig voor Instagram; Mastodon en Bluesky krijgen ze mee."))
    image_alt = models.CharField(
        _("alternatieve tekst"), max_length=1000, blank=True,
        help_text=_("Verplicht bij een afbeelding: beschrijf wat erop staat, voor wie ze niet kan zien."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        CompareWithSourcePanel(),
        ComposerPanel(),
        PageChooserPanel("source", ["kennisbank.ProductPage", "kennisbank.FichePage"]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("campaign")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("publish_at")]),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Afbeelding")),
        FieldPanel("pause_reason", read_only=True),
        MultiFieldPanel([InlinePanel("variants", label=_("variant"))], heading=_("Teksten per netwerk")),
        MultiFieldPanel([InlinePanel("rules", label=_("regel"))], heading=_("Herhalen")),
    ]

    class Meta:
        verbose_name = _("sociale-mediabericht")
        verbose_name_plural = _("sociale-mediaberichten")
        ordering = ["-updated_at"]
        permissions = [("manage_social", _("Kan sociale media plannen en publiceren"))]

    def __str__(self) -> str:
        return self.title or (self.source.title if self.source_id else str(_("Nieuw bericht")))

    def clean(self) -> None:
        from kennisbank.selectors import Scope, is_visible

        errors = {}
        if self.source_id and not is_visible(self.source, Scope.PUBLIC):
            errors["source"] = _("Dit item is intern of niet gepubliceerd en kan geen bericht worden.")
        if self.publish_at and self.publish_at.minute % 5:
            errors["publish_at"] = _("Kies minuten in stappen van 5.")
        if self.image_id and not (self.image_alt or "").strip():
            errors["image_alt"] = _("Beschrijf de afbeelding: wie ze niet kan zien, leest deze tekst.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.status == PostStatus.APPROVED


class PostVariant(Orderable):
    post = ParentalKey(SocialPost, on_delete=models.CASCADE, related_name="variants")
    network = models.CharField(_("netwerk"), max_length=20, choices=networks.NETWORK_CHOICES)
    enabled = models.BooleanField(_("actief"), default=True)
    text = models.TextField(_("tekst"), help_text=_("Wordt gecontroleerd tegen de limiet van het netwerk."))
    link_url = models.URLField(_("link"), max_length=1000, blank=True,
                               help_text=_("De volledige link met UTM-tags (Bluesky: doel van de linktekst)."))
    link_display = models.CharField(_("linktekst"), max_length=100, blank=True,
                                    help_text=_("Bluesky: de korte tekst in het bericht die naar de link wijst."))

    panels = [FieldRowPanel([FieldPanel("network"), FieldPanel("enabled")]), FieldPanel("text"),
              FieldRowPanel([FieldPanel("link_url"), FieldPanel("link_display")])]

    class Meta(Orderable.Meta):
        verbose_name = _("variant")
        constraints = [models.UniqueConstraint(fields=["post", "network"], name="kb_social_one_variant_per_network")]

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.text[:40]}"

    def clean(self) -> None:
        if self.network in networks.NETWORKS:
            problems = networks.check_text(self.network, self.text or "")
            if problems:
                raise ValidationError({"text": problems})


class RepublicationRule(Orderable):
    post = ParentalKey(SocialPost, on_delete=models.CASCADE, related_name="rules")
    interval_weeks = models.PositiveSmallIntegerField(
        _("om de (weken)"), default=8, validators=[MinValueValidator(1), MaxValueValidator(104)])
    start_date = models.DateField(_("vanaf"), help_text=_("Eerste dag; de weekdag geldt voor elke herhaling."))
    times = models.CharField(_("tijdsloten"), max_length=100, default="09:00",
                             help_text=_("Lokale tijd (Brussel), komma-gescheiden, bv. '09:00, 17:30'."))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)
    stop_when_review_due = models.BooleanField(
        _("stoppen als herziening vervalt"), default=True,
        help_text=_("Geen herhalingen meer na de volgende herzieningsdatum van de bron."))
    paused = models.BooleanField(_("gepauzeerd"), default=False)

    panels = [FieldRowPanel([FieldPanel("interval_weeks"), FieldPanel("start_date"), FieldPanel("end_date")]),
              FieldRowPanel([FieldPanel("times"), FieldPanel("stop_when_review_due"), FieldPanel("paused")])]

    class Meta(Orderable.Meta):
        verbose_name = _("herhaalregel")

    def __str__(self) -> str:
        return _("om de %(n)d weken om %(t)s") % {"n": self.interval_weeks, "t": self.times}

    def time_list(self) -> list[dt.time]:
        return parse_times(self.times)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            if not parse_times(self.times):
                errors["times"] = _("Geef minstens één tijdstip.")
        except ValueError as exc:
            errors["times"] = str(exc)
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt voor de startdatum.")
        if errors:
            raise ValidationError(errors)


class PublicationStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    PUBLISHING = "publishing", _("Bezig")
    RETRYING = "retrying", _("Opnieuw proberen")
    PUBLISHED = "published", _("Gepubliceerd")
    FAILED = "failed", _("Mislukt")
    SKIPPED = "skipped", _("Overgeslagen")


class Publication(models.Model):
    """One slot of one post on one network. The unique constraint is the "never twice" guarantee."""

    post = models.ForeignKey(SocialPost, on_delete=models.CASCADE, related_name="publications")
    rule = models.ForeignKey(RepublicationRule, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="publications")
    network = models.CharField(_("netwerk"), max_length=20, choices=networks.NETWORK_CHOICES)
    slot_at = models.DateTimeField(_("tijdslot (UTC)"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=PublicationStatus.choices,
                              default=PublicationStatus.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    idempotency_key = models.CharField(max_length=64)
    claimed_at = models.DateTimeField(null=True, blank=True)
    first_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Eerste poging: Mastodon herkent een herhaalde poging maar één uur lang."))
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    remote_id = models.CharField(_("id bij netwerk"), max_length=300, blank=True)
    remote_url = models.URLField(_("link bij netwerk"), max_length=500, blank=True)
    text = models.TextField(_("verstuurde tekst"), blank=True)
    error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publicatie")
        verbose_name_plural = _("publicaties")
        ordering = ["-slot_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "network", "slot_at"], name="kb_social_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.post} · {self.get_network_display()} · {self.slot_at:%Y-%m-%d %H:%M} UTC"


class ExportToken(models.Model):
    """A secret that opens the schedule exports (feeds, CSV, calendar) for one team or tool.

    Only the SHA-256 of the token is stored; the token itself is shown once, when it is made
    (``channels.social.tokens``). Revoking it closes every export URL that carries it.
    """

    label = models.CharField(_("voor wie"), max_length=120,
                             help_text=_("Bv. 'Team communicatie' of 'Hootsuite-account'."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False,
                                  help_text=_("SHA-256 van de sleutel (de sleutel zelf wordt niet bewaard)."))
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, verbose_name=_("gemaakt door"),
                                   help_text=_("Wie de sleutel maakte."))
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False,
                                        help_text=_("Laatste keer dat een export met deze sleutel werd gelezen."))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False,
                                      help_text=_("Leeg: de sleutel werkt."))

    class Meta:
        verbose_name = _("exportsleutel")
        verbose_name_plural = _("exportsleutels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label
