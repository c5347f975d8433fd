"""URLconf the OpenAPI schema is generated from: only the public API (``/api/v1/``), nothing else in the project.

Regenerate the committed schema with::

    .venv/bin/python manage.py spectacular --urlconf channels.api.schema_urls --file docs/openapi.yaml
"""

from django.urls import include, path

from .urls import api_patterns

urlpatterns = [path("api/v1/", include((api_patterns, "api")))]
