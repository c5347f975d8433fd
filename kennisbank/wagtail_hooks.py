"""Wagtail admin registration of the content core's snippets."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LifeEvent, ServicePoint, Synonym, Team, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class LifeEventViewSet(SnippetViewSet):
    model = LifeEvent
    icon = "date"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    list_display = ["name", "email", "phone_extension"]


class ServicePointViewSet(SnippetViewSet):
    model = ServicePoint
    icon = "site"
    list_display = ["name", "kind", "address"]


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    list_display = ["terms", "note"]


class TaxonomyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, LifeEventViewSet, TeamViewSet, ServicePointViewSet, SynonymViewSet)
    menu_icon = "tag"
    menu_label = _("Indeling")
    menu_name = "indeling"


register_snippet(TaxonomyGroup)
