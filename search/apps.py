"""Django app config for the search package."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """App config: name ``search``, label ``kb_search`` (``search`` clashes with ``wagtail.search``)."""

    name = "search"
    label = "kb_search"
    verbose_name = "Kennisbank search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from kennisbank.appsettings import connect_reload

        from . import service, signals
        from .conf import search_settings

        search_settings.check()
        connect_reload()
        setting_changed.connect(service.reset_on_setting_change, dispatch_uid="kb_search.reset_backend")
        signals.connect()  # index on publish/unpublish/delete/move, push settings on synonym changes
