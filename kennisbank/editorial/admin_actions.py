"""The readability gate in the admin's other ways of publishing: bulk publish and workflow approval.

Contract:
- :class:`GatedPublishBulkAction` replaces Wagtail's "Publiceren" bulk action: it publishes every selected page the
  policy allows, skips the ones :class:`~kennisbank.editorial.gate.ReadabilityBlocked` refuses, and tells the
  moderator which ones and why (Wagtail's own action would roll the whole selection back on the first refusal).
- :class:`ReadabilityBlockedMiddleware` turns a refusal anywhere else in the admin (approving a workflow task, from
  the edit view or the moderation modal) into an error message on the page's edit view instead of a 403 page.
  Wagtail runs a task action in one transaction, so the refused approval leaves the workflow exactly as it was;
  the edits saved with it are kept as a draft.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction

from .gate import ReadabilityBlocked


class GatedPublishBulkAction(PublishBulkAction):
    """Wagtail's bulk publish, page by page behind the readability gate (see the module docstring)."""

    def get_execution_context(self) -> dict[str, Any]:
        self.blocked: list[str] = []
        return {**super().get_execution_context(), "blocked": self.blocked}

    @classmethod
    def execute_action(cls, objects: Any, include_descendants: bool = False, user: Any = None,
                       blocked: list[str] | None = None, **kwargs: Any) -> tuple[int, int]:
        blocked = blocked if blocked is not None else []
        parents = children = 0

        def publish(page: Any) -> bool:
            revision = page.get_latest_revision() or page.specific.save_revision(user=user)
            try:
                with transaction.atomic():
                    revision.publish(user=user)
            except ReadabilityBlocked as exc:
                blocked.append(str(exc))
                return False
            return True

        for page in objects:
            parents += publish(page)
            if include_descendants:
                for descendant in page.get_descendants().not_live().defer_streamfields().specific().iterator():
                    if user is None or descendant.permissions_for_user(user).can_publish():
                        children += publish(descendant)
        return parents, children

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str | None:
        for message in self.blocked:
            messages.error(self.request, message)
        if not num_parent_objects and not num_child_objects:
            return None
        return super().get_success_message(num_parent_objects, num_child_objects)


class ReadabilityBlockedMiddleware:
    """Show a refused publication in the admin as a message on the edit view (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ReadabilityBlocked) or not request.path.startswith("/admin/"):
            return None
        messages.error(request, str(exception))
        match = request.resolver_match
        page_id = (match.kwargs.get("page_id") or match.kwargs.get("pk")) if match else None
        target = reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else reverse("wagtailadmin_home")
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": target})
        return redirect(target)
