"""Wagtail admin registration of the content core's snippets."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .editorial.admin_actions import GatedPublishBulkAction
from .editorial.gate import record_editor_override
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


# --- readability in the editor -----------------------------------------------------------------------------------
@hooks.register("register_admin_urls")
def _readability_urls():
    from .editorial import views

    return [
        path("kennisbank/leesbaarheid/check/", views.readability_check, name="kennisbank_readability_check"),
        path("kennisbank/leesbaarheid/", views.catalogue_view, name="kennisbank_readability_report"),
    ]


@hooks.register("register_reports_menu_item")
def _readability_menu_item():
    return AdminOnlyMenuItem(_("Leesbaarheid"), reverse("kennisbank_readability_report"), icon_name="doc-full",
                             order=700)


# The readability gate for the editor's own publish (the create/edit views run Wagtail's publish action directly,
# so the gate runs here; every other way of publishing goes through ContentPage.publish).
hooks.register("before_publish_page", record_editor_override)


@hooks.register("before_serve_document")
def _documents_follow_their_items(document, request) -> None:  # noqa: ANN001
    """A document linked only from internal items or drafts is not served to the public (404, nothing revealed)."""
    from django.http import Http404

    from .selectors import document_visible, scope_for_user

    if not document_visible(document.pk, scope_for_user(getattr(request, "user", None))):
        raise Http404


# After Wagtail's own (order 0): replaces its "publish" bulk action for pages.
hooks.register("register_bulk_action", GatedPublishBulkAction, order=100)


def _warn_inconsistencies(request, page) -> None:  # noqa: ANN001 - Wagtail hook signature
    from django.contrib import messages

    from .editorial.consistency import check
    from .models import ContentPage

    specific = getattr(page, "specific", page)
    if not isinstance(specific, ContentPage):
        return
    draft = specific.get_latest_revision_as_object() if specific.has_unpublished_changes else specific
    for finding in check(draft):
        messages.warning(request, finding.message)


hooks.register("after_edit_page", _warn_inconsistencies)
hooks.register("after_create_page", _warn_inconsistencies)
