"""Wagtail admin registration of the LPDC channel: the stream overview under Reports."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def _urls():  # noqa: ANN202
    from .admin_views import StatusView

    return [path("lpdc/", StatusView.as_view(), name="lpdc_status")]


class _LpdcMenuItem(MenuItem):
    def is_shown(self, request):  # noqa: ANN001, ANN201
        return request.user.has_perm("kb_lpdc.view_snapshot")


@hooks.register("register_reports_menu_item")
def _menu_item():  # noqa: ANN202
    return _LpdcMenuItem(_("LPDC"), reverse("lpdc_status"), icon_name="site", order=720)
