"""Wagtail admin registration of the importers: the IPDC concept list (menu "IPDC-concepten", for editors who may
add products)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def _urls():  # noqa: ANN202
    from .admin_views import ConceptListView

    return [path("ipdc-concepten/", ConceptListView.as_view(), name="kb_ipdc_concepts")]


class _ConceptMenuItem(MenuItem):
    def is_shown(self, request):  # noqa: ANN001, ANN201
        from .admin_views import can_create_products

        return can_create_products(request.user)


@hooks.register("register_admin_menu_item")
def _menu_item():  # noqa: ANN202
    return _ConceptMenuItem(_("IPDC-concepten"), reverse("kb_ipdc_concepts"), name="ipdc-concepten",
                            icon_name="doc-full", order=850)
