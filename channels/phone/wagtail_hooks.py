"""Wagtail admin registration of the phone channel: the "Niet gevonden" snippet (content gaps from the console).

Editors and moderators see the open reports (permissions granted in ``PhoneConfig.ready``), write the missing
content, then tick "opgelost".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from .models import CallbackRequest, ContentGap, OperatorMessage
from .workstation import callbacks_visible_to, is_team_member, update_callback


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



class TeamCallbackPolicy(ModelPermissionPolicy):
    """A request belongs to its team: only the team's members (and superusers) may see or change it. Requests are
    made in the console, never added or deleted in the admin."""

    def user_has_permission(self, user, action):  # noqa: ANN001, ANN201 - Wagtail hook
        return action not in {"add", "delete"} and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):  # noqa: ANN001, ANN201
        return self.user_has_permission(user, action) and is_team_member(user, instance.team)

    def user_has_any_permission_for_instance(self, user, actions, instance):  # noqa: ANN001, ANN201
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):  # noqa: ANN001, ANN201
        return super().instances_user_has_permission_for(user, action) & callbacks_visible_to(user)


register_permission_policy(CallbackRequest, TeamCallbackPolicy(CallbackRequest))


class CallbackIndexView(IndexView):
    """A team's queue: only the requests of the teams the user belongs to (superusers see every team)."""

    def get_base_queryset(self):  # noqa: ANN201 - Wagtail hook
        return (super().get_base_queryset() & callbacks_visible_to(self.request.user)).select_related("team", "item")


class CallbackEditView(EditView):
    """Wagtail's edit view checks the model permission only; a request also has to belong to the user's team."""

    def get_object(self, queryset=None):  # noqa: ANN001, ANN201 - Wagtail hook
        from django.core.exceptions import PermissionDenied

        obj = super().get_object(queryset)
        if not TeamCallbackPolicy(CallbackRequest).user_has_permission_for_instance(self.request.user, "change", obj):
            raise PermissionDenied
        return obj


class OverdueColumn(Column):
    """"te laat" for an open request past its due time, so overdue requests stand out."""

    def get_value(self, instance):  # noqa: ANN001, ANN201 - Wagtail hook
        return gettext_lazy("te laat") if instance.is_overdue else ""


class CallbackRequestViewSet(SnippetViewSet):
    """Terugbelverzoeken per team: status, who handled it and the answer given; overdue first in the list."""

    model = CallbackRequest
    icon = "mail"
    menu_label = gettext_lazy("Terugbelverzoeken")
    menu_name = "terugbelverzoeken"
    menu_order = 905
    add_to_admin_menu = True
    index_view_class = CallbackIndexView
    edit_view_class = CallbackEditView
    list_display = ["reference", "team", "status", "due_at", OverdueColumn("overdue", label=gettext_lazy("Te laat")),
                    "question"]
    list_filter = ["status", "team"]
    search_fields = ["reference", "question"]
    ordering = ["status", "due_at"]
    panels = [
        FieldRowPanel([FieldPanel("reference", read_only=True), FieldPanel("team", read_only=True),
                       FieldPanel("due_at", read_only=True)]),
        FieldPanel("question", read_only=True),
        FieldPanel("item", read_only=True),
        MultiFieldPanel([FieldPanel("citizen_name", read_only=True), FieldPanel("citizen_phone", read_only=True),
                         FieldPanel("citizen_email", read_only=True)],
                        heading=gettext_lazy("Burger (persoonsgegevens, gewist na de bewaartermijn)")),
        FieldPanel("status"),
        FieldPanel("answer"),
        FieldRowPanel([FieldPanel("handled_by", read_only=True), FieldPanel("closed_at", read_only=True)]),
    ]


register_snippet(CallbackRequestViewSet)


@hooks.register("after_edit_snippet")
def _callback_bookkeeping(request, instance):  # noqa: ANN001, ANN201 - Wagtail hook
    """Who handled it, and since when it is closed (the start of the retention period)."""
    if not isinstance(instance, CallbackRequest):
        return
    update_callback(instance, status=instance.status, user=request.user, answer=instance.answer)


class ReadByColumn(Column):
    """How many operators read the bericht, and who (newest first, at most five names)."""

    def get_value(self, instance):  # noqa: ANN001, ANN201 - Wagtail hook
        reads = list(instance.reads.select_related("user").order_by("-read_at")[:6])
        names = ", ".join(r.user.get_username() for r in reads[:5]) + (" …" if len(reads) > 5 else "")
        count = instance.reads.count()
        return f"{count} ({names})" if count else "0"


class OperatorMessageViewSet(SnippetViewSet):
    """Berichten for the front office: news and work instructions, important ones first until read."""

    model = OperatorMessage
    icon = "info-circle"
    menu_label = gettext_lazy("Berichten onthaal")
    menu_name = "berichten-onthaal"
    menu_order = 906
    add_to_admin_menu = True
    list_display = ["title", "kind", "important", "visible_from", "visible_until",
                    ReadByColumn("read_by", label=gettext_lazy("Gelezen door"))]
    list_filter = ["kind", "important"]
    search_fields = ["title", "body"]
    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("kind"), FieldPanel("important")]), FieldPanel("body"),
              FieldRowPanel([FieldPanel("visible_from"), FieldPanel("visible_until")]), FieldPanel("themes")]


register_snippet(OperatorMessageViewSet)
