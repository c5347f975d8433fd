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


def _real_references(case, api_data) -> None:
    """Ids in generated bodies name real rows, and the rules between fields hold (the schema cannot say "an
    existing team" or "transferred needs transferred_to"); bad values are tested in test_api_workstation.py."""
    from kennisbank.models import Team

    team = Team.objects.get(name="Dienst Burgerzaken")
    product = api_data[0]
    if case.query and "team" in case.query:
        case.query["team"] = team.pk
    body = case.body if isinstance(case.body, dict) else None
    if body is None:
        return
    for key in ("team", "transferred_to"):
        if key in body:
            body[key] = team.pk
    if "item" in body:
        body["item"] = product.external_id
    if "items" in body:
        body["items"] = [product.external_id]
    if body.get("outcome") == "transferred":
        body["transferred_to"] = team.pk
    if body.get("outcome") == "referred" and not str(body.get("referred_to", "")).strip():
        body["referred_to"] = "Intercommunale"
    if case.path == "/api/v1/callbacks/" and case.method == "POST":
        if not (str(body.get("citizen_phone", "")).strip() or body.get("citizen_email")):
            body["citizen_phone"] = "0470 00 00 00"
        if not any(ch.isalnum() for ch in str(body.get("question", ""))):
            body["question"] = "Vraag"  # only whitespace or control characters: refused by design
        body.setdefault("team", team.pk)
    if body.get("status") == "done" and not str(body.get("answer", "")).strip():
        body["answer"] = "Beantwoord."


@pytest.fixture
def operator_token(db):
    from rest_framework.authtoken.models import Token

    from tests.factories import make_team, make_user

    user = make_user("telefonie-schemathesis", perms=["kennisbank.view_internal"])
    make_team("Dienst Burgerzaken").members.add(user)
    return Token.objects.get_or_create(user=user)[0].key


@schema.parametrize()
@settings(derandomize=True, max_examples=10, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case, api_data, operator_token):
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
    headers = {}
    if case.path.startswith(("/api/v1/contacts/", "/api/v1/callbacks/")):
        meta = case.meta
        if meta is None or str(meta.generation.mode) == "positive":
            _real_references(case, api_data)
        # The workstation endpoints with an operator token; schemathesis's own checks also replay them without
        # and with a broken token and expect 401.
        headers["Authorization"] = f"Token {operator_token}"
    case.call_and_validate(headers=headers)
