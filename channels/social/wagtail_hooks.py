"""Admin: social posts (variants + rules inline), publications (read-only record), the calendar view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import services
from .admin_views import (
    MANAGE_PERM,
    calendar_view,
    compare_view,
    count_view,
    export_links_view,
    post_from_page_view,
    webcare_log_view,
    webcare_view,
)
from .models import PostStatus, Publication, SocialPost
from .sources import SourceNotPublic


class SocialPostViewSet(SnippetViewSet):
    model = SocialPost
    icon = "comment"
    menu_label = _("Berichten")
    list_display = ["__str__", "status", "source", "pause_reason", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "campaign"]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Publications are written by the worker only: the admin may list and inspect them, never add or edit."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change", "delete"} and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in {"add", "change", "delete"}])


register_permission_policy(Publication, ReadOnlyPolicy(Publication))


class PublicationViewSet(SnippetViewSet):
    model = Publication
    icon = "history"
    menu_label = _("Publicaties")
    list_display = ["__str__", "status", "attempts", "remote_url", "error"]
    list_filter = ["status", "network"]
    inspect_view_enabled = True
    panels = [FieldPanel(name, read_only=True) for name in (
        "post", "network", "slot_at", "status", "attempts", "published_at", "remote_id", "remote_url", "text",
        "error")]


class SocialGroup(SnippetViewSetGroup):
    items = (SocialPostViewSet, PublicationViewSet)
    menu_icon = "comment"
    menu_label = _("Sociale media")
    menu_name = "sociale-media"


register_snippet(SocialGroup)


def _after_save(request, instance) -> None:
    """Fill in missing variants; saving with status 'approved' approves against the current source."""
    if not isinstance(instance, SocialPost):
        return
    try:
        services.generate_variants(instance)
        if instance.status == PostStatus.APPROVED:
            services.approve(instance, request.user)
    except (SourceNotPublic, ValidationError) as exc:
        SocialPost.objects.filter(pk=instance.pk).update(status=PostStatus.DRAFT)
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, _("Niet goedgekeurd: %(e)s") % {"e": text})


hooks.register("after_create_snippet", _after_save)
hooks.register("after_edit_snippet", _after_save)


@hooks.register("register_admin_urls")
def _social_admin_urls():
    return [path("social/calendar/", calendar_view, name="kb_social_calendar"),
            path("social/exportlinks/", export_links_view, name="kb_social_exports"),
            path("social/van-pagina/<int:page_id>/", post_from_page_view, name="kb_social_from_page"),
            path("social/bericht/<int:post_id>/vergelijk/", compare_view, name="kb_social_compare"),
            path("social/tel/", count_view, name="kb_social_count"),
            path("social/webcare/", webcare_view, name="kb_social_webcare"),
            path("social/webcare/<int:page_id>/", webcare_view, name="kb_social_webcare_item"),
            path("social/webcare/<int:page_id>/contact/", webcare_log_view, name="kb_social_webcare_log")]


class _CalendarMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(MANAGE_PERM)


@hooks.register("register_admin_menu_item")
def _calendar_menu_item():
    return _CalendarMenuItem(_("Kalender sociale media"), reverse("kb_social_calendar"), name="kb-social-calendar",
                             icon_name="date", order=650)


# --- "Maak bericht" from a product or fiche -------------------------------------------------------------------------
@hooks.register("register_page_header_buttons")
def _make_post_button(page, user, view_name, next_url=None):
    """In the page's header menu: start a social post from this item (public, live items; social permission)."""
    from kennisbank.models import ContentPage
    from kennisbank.selectors import Scope, is_visible

    specific = page.specific
    if isinstance(specific, ContentPage) and user.has_perm(MANAGE_PERM) and is_visible(specific, Scope.PUBLIC):
        yield Button(_("Maak sociale-mediabericht"), reverse("kb_social_from_page", args=[page.pk]),
                     icon_name="comment", priority=90)
        yield Button(_("Webcare-antwoord"), reverse("kb_social_webcare_item", args=[page.pk]),
                     icon_name="mail", priority=91)


class _WebcareMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(MANAGE_PERM)


@hooks.register("register_admin_menu_item")
def _webcare_menu_item():
    return _WebcareMenuItem(_("Webcare"), reverse("kb_social_webcare"), name="kb-social-webcare",
                            icon_name="mail", order=651)
