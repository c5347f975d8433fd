"""The admin list of IPDC concepts (``/admin/ipdc-concepten/``): find a concept by product number or name and make a
draft product from it (:func:`importers.ipdc_concepts.create_product`).

Access: Wagtail admin access plus permission to add pages under the products index (editors).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kennisbank.models import ProductIndexPage

from .ipdc_concepts import ConceptError, create_product
from .models import IpdcConcept

#: Concepts shown per page of the list (a search narrows it).
LIMIT = 100


def can_create_products(user: Any) -> bool:
    """Whether ``user`` may add products (pages under the products index)."""
    index = ProductIndexPage.objects.first()
    return index is not None and index.permissions_for_user(user).can_add_subpage()


class ConceptListView(WagtailAdminTemplateMixin, TemplateView):
    """``?q=`` searches product number and name; POST ``product_number`` makes a draft product and opens it."""

    template_name = "importers/concepts.html"
    page_title = gettext_lazy("IPDC-concepten")
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_create_products(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]  # type: ignore[misc]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = request.user if request.user.is_authenticated else None
            product = create_product(str(request.POST.get("product_number", "")), user=user)
        except ConceptError as exc:
            messages.error(request, str(exc))
            return redirect(request.get_full_path())
        messages.success(request, _("Ontwerp-product «%(title)s» gemaakt uit het IPDC-concept. Pas het aan aan uw "
                                    "gemeente en publiceer het.") % {"title": product.title})
        return redirect(reverse("wagtailadmin_pages:edit", args=[product.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        concepts = IpdcConcept.objects.prefetch_related("links__product")
        if query:
            concepts = concepts.filter(Q(product_number__iexact=query) | Q(title__icontains=query))
        context.update(query=query, concepts=list(concepts[:LIMIT]), total=concepts.count(), limit=LIMIT)
        return context
