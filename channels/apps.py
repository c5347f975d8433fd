"""App configuration. The explicit label avoids a clash with Django Channels (``channels``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    label = "kb_channels"
    verbose_name = _("Kanalen")
    default_auto_field = "django.db.models.BigAutoField"
