"""App configuration of the phone channel (operator console). Label ``kb_phone``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    name = "channels.phone"
    label = "kb_phone"
    verbose_name = _("Telefonisch onthaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kennisbank.roles import EDITORS, MODERATORS, grant

        for group in (EDITORS, MODERATORS):
            grant(group, "kb_phone.view_contentgap", "kb_phone.change_contentgap",
                  "kb_phone.view_callbackrequest", "kb_phone.change_callbackrequest",
                  "kb_phone.add_operatormessage", "kb_phone.change_operatormessage",
                  "kb_phone.delete_operatormessage", "kb_phone.view_operatormessage")
