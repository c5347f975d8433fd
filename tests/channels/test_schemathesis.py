"""Property-based API test: schemathesis generates requests from docs/openapi.yaml and checks every response.

Fixed seed (hypothesis ``derandomize``) and a small number of examples per operation keep it reproducible and fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

SCHEMA_PATH = Path(django_settings.BASE_DIR) / "docs" / "openapi.yaml"
schema = schemathesis.openapi.from_path(SCHEMA_PATH)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Like Django's test client: the WSGI app must not close the test transaction's connection (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(search_index, public_product, public_fiche, internal_fiche, draft_fiche):
    """Public, internal and draft content (and a search index) while schemathesis runs; kept small for speed."""
    from tests.channels.conftest import reindex

    reindex()
    return public_product, public_fiche


@schema.parametrize()
@settings(derandomize=True, max_examples=10, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case, api_data):
    # theme and life_event must name a taxonomy the public can see (else 400 by design): use real ones, so the
    # positive-data check still holds for every other parameter. Unknown values: tests/channels/test_api.py.
    from kennisbank.selectors import Scope, life_events_in_use, themes_in_use

    for key, in_use in (("theme", themes_in_use), ("life_event", life_events_in_use)):
        if case.query and key in case.query:
            slug = in_use(Scope.PUBLIC).values_list("slug", flat=True).first()
            if slug:
                case.query[key] = slug
            else:
                del case.query[key]
    case.call_and_validate()
