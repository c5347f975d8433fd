"""Interactive API documentation at ``/api/v1/docs/``: Swagger UI served from our own static files (no CDN).

The assets come from ``drf-spectacular-sidecar``; the page's start script is a separate request (``?script``), so
the site's Content-Security-Policy (``script-src 'self'``, no inline code) applies unchanged.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI on the committed schema; open to everyone like the public endpoints it documents."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
    title = "Kennisbank API: documentatie"
