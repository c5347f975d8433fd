"""Channel-owned records: reader feedback and tombstones for the app's change feed.

- :class:`Feedback`: "Was dit nuttig?" answers from the website and error reports from operators. The phone and
  insight modules read it. It holds no personal data (no name, e-mail or IP address).
- :class:`Tombstone`: written when an item that was public stops being public (unpublished, deleted, turned
  internal or put behind a view restriction), so offline app clients can drop it (``/api/v1/changes``).
- :class:`TaxonomyVersion`: one row whose counter goes up whenever a theme, life event, audience, team or
  service point is saved or deleted (``channels/api/versions.py``); part of the API cache's content version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kennisbank.vocabulary import Channel, FeedbackKind, TombstoneReason


class Feedback(models.Model):
    """One piece of feedback on a product or fiche (anonymous)."""

    Kind = FeedbackKind
    Channel = Channel

    item = models.ForeignKey(
        "kennisbank.ContentPage", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("item")
    )
    section = models.CharField(
        _("rubriek"), max_length=120, blank=True, help_text=_("Titel of soort van de rubriek waarover het gaat.")
    )
    helpful = models.BooleanField(_("nuttig"), null=True, blank=True, help_text=_("Leeg: geen ja/nee-antwoord."))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.HELPFUL, db_index=True)
    comment = models.TextField(_("opmerking"), blank=True, help_text=_("Zonder persoonsgegevens."))
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE)
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True, db_index=True)
    handled = models.BooleanField(_("afgehandeld"), default=False, db_index=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.item_id}"


class Tombstone(models.Model):
    """A public item disappeared from the public channels (kept so sync clients can delete it)."""

    Reason = TombstoneReason

    external_id = models.CharField(_("externe id"), max_length=100, db_index=True)
    item_type = models.CharField(_("type"), max_length=20)
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verdwenen item")
        verbose_name_plural = _("verdwenen items")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.external_id} ({self.reason})"


class TaxonomyVersion(models.Model):
    """Counter of taxonomy changes (a single row, id 1). Items show theme names, service point addresses…"""

    counter = models.PositiveBigIntegerField(_("teller"), default=0)

    class Meta:
        db_table = "kb_channels_taxonomygeneration"  # the table keeps its first name
        verbose_name = _("versie van de taxonomie")
        verbose_name_plural = _("versies van de taxonomie")

    def __str__(self) -> str:
        return str(self.counter)

