"""What the importers remember between runs: the IPDC/LPDC cursor per source (incremental LDES reading)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
