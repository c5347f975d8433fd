"""Task worker liveness: one row per running ``db_worker`` process (see :mod:`kennisbank.worker`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A worker process that is alive as long as ``beat_at`` is recent (refreshed every few seconds)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("machine"), max_length=255)
    pid = models.PositiveIntegerField(_("proces"))
    started_at = models.DateTimeField(_("gestart"))
    beat_at = models.DateTimeField(_("laatste teken van leven"), db_index=True)

    class Meta:
        verbose_name = _("taakverwerker")
        verbose_name_plural = _("taakverwerkers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
