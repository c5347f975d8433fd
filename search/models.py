"""The search query log (what people searched for and how many results they got) and the index outbox.

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

__all__ = ["QUERY_MAX_LENGTH", "Channel", "PendingEmbedding", "PendingIndexChange", "QueryLog"]

QUERY_MAX_LENGTH = 200


class QueryLog(models.Model):
    """One search as typed (normalised), with its result count. Holds no personal data."""

    query = models.CharField(_("zoekopdracht"), max_length=QUERY_MAX_LENGTH, db_index=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    scope = models.CharField(_("bereik"), max_length=20, choices=Scope.choices)
    result_count = models.PositiveIntegerField(_("aantal resultaten"))
    low_confidence = models.BooleanField(
        _("onzeker"), default=False,
        help_text=_("Geen enkel resultaat bevatte de gezochte woorden: alles werd op betekenis gevonden."),
    )
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("zoekopdracht")
        verbose_name_plural = _("zoekopdrachten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["channel", "created_at"], name="kb_search_ql_channel_created")]

    def __str__(self) -> str:
        return f"{self.query} ({self.channel}, {self.result_count})"


class PendingIndexChange(models.Model):
    """One content change the search index has not caught up with yet (the index outbox).

    Written in the same transaction as the change itself (a publish, an unpublish, a move, a deletion), so a change
    that committed is never lost even if the worker or the enqueue fails; :func:`search.tasks.flush_index` reads
    them in order, brings the index in step in batches (one write per batch) and deletes the rows it handled.
    Holds page ids and external ids only: no text, no personal data.
    """

    page_id = models.IntegerField(
        _("pagina-id"), null=True, blank=True,
        help_text=_("Wagtail-pagina waarvan de zoekindex moet worden bijgewerkt; leeg bij een verwijderd item."),
    )
    external_id = models.CharField(
        _("extern id"), max_length=255, blank=True,
        help_text=_("Extern id dat uit de zoekindex moet, tenzij een gepubliceerd item het nu draagt."),
    )
    subtree = models.BooleanField(
        _("met onderliggende pagina's"), default=False,
        help_text=_("Ook alle items onder deze pagina bijwerken (na een verplaatsing, een nieuwe slug of "
                    "een gewijzigde toegangsbeperking)."),
    )
    created_at = models.DateTimeField(
        _("aangemaakt op"), default=timezone.now,
        help_text=_("Wanneer de wijziging werd vastgelegd; toont hoe ver de zoekindex achterloopt."),
    )

    class Meta:
        verbose_name = _("wachtende indexwijziging")
        verbose_name_plural = _("wachtende indexwijzigingen")
        ordering = ["pk"]

    def __str__(self) -> str:
        target = self.external_id or f"page {self.page_id}"
        return f"{target}{' (subtree)' if self.subtree else ''}"


class PendingEmbedding(models.Model):
    """One indexed item whose passage vectors the index does not hold yet (the embedding outbox).

    The index task writes an item's words first (it is searchable by words at once) and notes a row here when its
    passages still need the embedder; :func:`search.tasks.embed_index` embeds them in small batches, after the
    word index, and writes the item again with its vectors. Holds external ids only: no text, no personal data.
    """

    external_id = models.CharField(
        _("extern id"), max_length=255,
        help_text=_("Item waarvan de zoekindex de betekenisvectoren nog moet krijgen."),
    )
    created_at = models.DateTimeField(
        _("aangemaakt op"), default=timezone.now,
        help_text=_("Wanneer het item op zijn vectoren begon te wachten."),
    )

    class Meta:
        verbose_name = _("wachtende vectorberekening")
        verbose_name_plural = _("wachtende vectorberekeningen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.external_id
