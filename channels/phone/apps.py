"""App configuration of the phone channel (operator console). Label ``kb_phone``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    name = "channels.phone"
    label = "kb_phone"
    verbose_name = _("Telefonisch onthaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kennisbank.roles import sync_roles_after_migrate

        # Idempotent: (re)assigns role permissions once every app's permissions exist (also after a flush).
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="kennisbank-roles-sync")
