"""URL configuration. Channel URLs are included from their own modules."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kennisbank.editorial.api import EditorReadabilityView

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("onthaal/", include("channels.phone.urls")),
    path("api/v1/editor/readability/<slug:external_id>/", EditorReadabilityView.as_view(),
         name="editor-readability"),
    path("api/v1/", include("channels.api.urls")),
    path("social/", include("channels.social.urls")),
    path("doc/", include("channels.lpdc.urls")),
    path("", include("channels.website.urls")),
    # Channel and API routes are added above the Wagtail catch-all (keep this marker): CHANNEL-URLS
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
