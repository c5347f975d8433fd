"""App configuration of the social channel (own app so its models do not touch ``channels/models.py``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "channels.social"
    label = "kb_social"
    verbose_name = _("Sociale media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the page publish/unpublish receivers)
