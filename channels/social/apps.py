"""App configuration of the social channel (own app so its models do not touch ``channels/models.py``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "channels.social"
    label = "kb_social"
    verbose_name = _("Sociale media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kennisbank.roles import ACCESS_ADMIN, SOCIAL_TEAM, grant

        from . import signals
        from .conf import social_settings

        social_settings.check()
        signals.connect()  # pause posts when their source is unpublished, turned internal or changed
        # The social team: admin access, the social app's permissions, no page permissions.
        grant(SOCIAL_TEAM, ACCESS_ADMIN, "kb_social.manage_social", apps=("kb_social",))
