"""App configuration of the LPDC channel (instance-snapshot LDES for the Flemish catalogue). Label ``kb_lpdc``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LpdcConfig(AppConfig):
    name = "channels.lpdc"
    label = "kb_lpdc"
    verbose_name = _("Vlaamse productencatalogus (LPDC)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kennisbank.roles import EDITORS, MODERATORS, grant

        from . import signals
        from .conf import lpdc_settings

        lpdc_settings.check()
        signals.connect()
        for group in (EDITORS, MODERATORS):
            grant(group, "kb_lpdc.view_snapshot")
