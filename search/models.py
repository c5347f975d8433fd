"""The search query log: what people searched for and how many results they got.

Contract: a :class:`QueryLog` row holds ONLY the normalised query text (personal data such as e-mail
addresses and long numbers scrubbed, see :func:`search.querylog.normalise_query`), the channel, the
scope, the result count and the time. No user, no IP address, no session, no user agent: the log
feeds the zero-result and top-query reports and is pruned after
``settings.KENNISBANK_SEARCH["QUERY_LOG_RETENTION_DAYS"]`` days (``manage.py search_prune_log``).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kennisbank.vocabulary import Channel, Scope

__all__ = ["QUERY_MAX_LENGTH", "Channel", "QueryLog"]

QUERY_MAX_LENGTH = 200


class QueryLog(models.Model):
    """One search as typed (normalised), with its result count. Holds no personal data."""

    query = models.CharField(_("zoekopdracht"), max_length=QUERY_MAX_LENGTH, db_index=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    scope = models.CharField(_("bereik"), max_length=20, choices=Scope.choices)
    result_count = models.PositiveIntegerField(_("aantal resultaten"))
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("zoekopdracht")
        verbose_name_plural = _("zoekopdrachten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["channel", "created_at"], name="kb_search_ql_channel_created")]

    def __str__(self) -> str:
        return f"{self.query} ({self.channel}, {self.result_count})"
