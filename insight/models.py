"""The insight app has no tables of its own; :class:`InsightAccess` only carries its permission.

``managed = False`` and no default permissions: Django creates the content type and the ``view_insight``
permission, never a table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InsightAccess(models.Model):
    """Permission holder for the insight dashboard (no table)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_insight", _("Kan het inzichtendashboard bekijken"))]
        verbose_name = _("toegang tot inzicht")
        verbose_name_plural = _("toegang tot inzicht")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
