"""Wagtail admin registration of the phone channel: the "Niet gevonden" snippet (content gaps from the console).

Editors and moderators see the open reports (permissions granted in ``PhoneConfig.ready``), write the missing
content, then tick "opgelost".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ContentGap


class ContentGapViewSet(SnippetViewSet):
    """Open "niet gevonden" reports from the console; editors write the missing content, then tick "opgelost"."""

    model = ContentGap
    icon = "help"
    menu_label = gettext_lazy("Niet gevonden")
    menu_name = "niet-gevonden"
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["query", "note", "channel", "created_at", "resolved"]
    list_filter = ["resolved", "channel"]
    search_fields = ["query", "note"]
    panels = [FieldPanel("query", read_only=True), FieldPanel("note", read_only=True),
              FieldPanel("channel", read_only=True), FieldPanel("resolved")]


register_snippet(ContentGapViewSet)

