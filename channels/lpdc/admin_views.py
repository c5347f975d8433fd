"""The admin overview of the LPDC stream (``/admin/lpdc/``): see :mod:`channels.lpdc.status`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kennisbank.identity import base_url

from . import status
from .stream import page_url


class StatusView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Per product: last snapshot, archived or not, SHACL conformance with the violations in Dutch."""

    permission_required = "kb_lpdc.view_snapshot"
    template_name = "lpdc/status.html"
    page_title = _("LPDC")
    header_icon = "site"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(rows=status.product_rows(), identity_problems=status.identity_problems(),
                       stream_url=page_url(0, base_url()))
        return context
