"""Django app config for the search package."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """App config: name ``search``, label ``kb_search`` (``search`` clashes with ``wagtail.search``)."""

    name = "search"
    label = "kb_search"
    verbose_name = "Kennisbank search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect()  # index on publish/unpublish/delete/move, push settings on synonym changes
