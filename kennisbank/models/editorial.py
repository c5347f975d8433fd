"""Editorial records: readability overrides when a hard text was published anyway."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadabilityOverride(models.Model):
    """A moderator published a text the readability check judged too hard; the reason is kept."""

    page = models.ForeignKey("kennisbank.ContentPage", on_delete=models.CASCADE, related_name="readability_overrides",
                             help_text=_("De pagina die toch gepubliceerd werd."))
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text=_("De versie die gepubliceerd werd."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             help_text=_("Wie besliste om toch te publiceren."))
    reason = models.TextField(_("reden"), help_text=_("Waarom mag deze tekst toch online?"))
    score = models.FloatField(_("Douma-score"), help_text=_("Score op het moment van publiceren."))
    verdict = models.CharField(_("oordeel"), max_length=10, help_text=_("Oordeel op het moment van publiceren."))
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, help_text=_("Wanneer."))

    class Meta:
        verbose_name = _("uitzondering leesbaarheid")
        verbose_name_plural = _("uitzonderingen leesbaarheid")
        ordering = ["-created_at"]
        permissions = [("override_readability", _("Mag een te moeilijke tekst toch publiceren"))]

    def __str__(self) -> str:
        return f"{self.page} ({self.created_at:%Y-%m-%d})"
