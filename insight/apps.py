"""App configuration of the insight layer (label ``kb_insight``): on top of every other app.

Insight reads the core, search and the channels (query log, feedback, content gaps, readability, reviews) and
writes nothing of theirs. It owns one permission, ``kb_insight.view_insight``, granted here to editors and
moderators through the core's role registry.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "insight"
    label = "kb_insight"
    verbose_name = _("Inzicht")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kennisbank.roles import EDITORS, MODERATORS, grant

        from .permissions import CHANGE_FEEDBACK, VIEW_INSIGHT

        for group in (EDITORS, MODERATORS):
            grant(group, VIEW_INSIGHT, CHANGE_FEEDBACK)
