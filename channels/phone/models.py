"""Models of the phone channel: content gaps reported from the operator console.

A :class:`ContentGap` holds only the query text and a short note: never the caller's name, number or any other
personal data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kennisbank.vocabulary import Channel


class ContentGap(models.Model):
    """A question nobody could answer from the knowledge base ("niet gevonden")."""

    query = models.CharField(_("zoekvraag"), max_length=500, help_text=_("Wat de medewerker zocht."))
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices, default=Channel.OPERATOR,
                               db_index=True)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True, db_index=True)
    note = models.CharField(
        _("opmerking"), max_length=500, blank=True,
        help_text=_("Wat zocht de beller? Geen namen, telefoonnummers of andere persoonsgegevens."),
    )
    resolved = models.BooleanField(_("opgelost"), default=False, db_index=True)

    class Meta:
        verbose_name = _("ontbrekende inhoud")
        verbose_name_plural = _("ontbrekende inhoud")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.query
