"""App configuration. The explicit label avoids a clash with Django Channels (``channels``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    label = "kb_channels"
    verbose_name = _("Kanalen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .api import tombstones, versions
        from .conf import channel_settings

        channel_settings.check()
        versions.connect()  # taxonomy edits bump the content version of cached API responses
        tombstones.connect()  # public items that stop being public leave a tombstone for the change feed
