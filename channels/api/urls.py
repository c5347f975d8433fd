"""Routes of the public API, mounted at ``/api/v1/`` (see ``kennisbank/urls.py``)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .docs import ApiDocsView
from .workstation import CallbackDetailView, CallbacksView, ContactsView

app_name = "api"

#: The documented endpoints (also what ``schema_urls`` feeds to drf-spectacular).
api_patterns = [
    path("items/", views.AllItemsView.as_view(), name="item-list"),
    path("items/<str:external_id>/", views.AnyItemDetailView.as_view(), name="item-detail"),
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("products/<str:external_id>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("fiches/", views.FicheListView.as_view(), name="fiche-list"),
    path("fiches/<str:external_id>/", views.FicheDetailView.as_view(), name="fiche-detail"),
    path("themes/", views.ThemeListView.as_view(), name="theme-list"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("life-events/", views.LifeEventListView.as_view(), name="life-event-list"),
    path("life-events/<slug:slug>/", views.LifeEventDetailView.as_view(), name="life-event-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("preview/<str:external_id>/", views.PreviewView.as_view(), name="preview"),
    path("contacts/", ContactsView.as_view(), name="contacts"),
    path("callbacks/", CallbacksView.as_view(), name="callbacks"),
    path("callbacks/<str:reference>/", CallbackDetailView.as_view(), name="callback-detail"),
]

urlpatterns = [
    path("", views.api_index, name="index"),
    *api_patterns,
    path("schema/", SpectacularAPIView.as_view(urlconf="channels.api.schema_urls"), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    re_path(r"^[\s\S]*$", views.api_not_found, name="not-found"),  # any path, newlines too
]
