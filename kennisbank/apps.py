"""App configuration for the content core."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisbankConfig(AppConfig):
    name = "kennisbank"
    label = "kennisbank"
    verbose_name = _("Kennisbank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import conf, signals
        from .appsettings import connect_reload
        from .roles import EDITORS, MODERATORS, OPERATORS, OVERRIDE_READABILITY, VIEW_INTERNAL, grant
        from .site_structure import apply_site_address

        conf.kennisbank_settings.check()
        post_migrate.connect(apply_site_address, sender=self, dispatch_uid="kennisbank_site_address")
        connect_reload()
        signals.connect()
        for group in (EDITORS, MODERATORS, OPERATORS):
            grant(group, VIEW_INTERNAL)
        grant(MODERATORS, OVERRIDE_READABILITY)
