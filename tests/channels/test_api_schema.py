"""The committed OpenAPI schema (docs/openapi.yaml) is exactly what drf-spectacular generates now."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
REGENERATE = ".venv/bin/python manage.py spectacular --urlconf channels.api.schema_urls --file docs/openapi.yaml"


def test_committed_schema_is_up_to_date(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--urlconf", "channels.api.schema_urls", "--file", str(generated), "--validate")
    assert COMMITTED.exists(), f"docs/openapi.yaml is missing. Generate it with: {REGENERATE}"
    assert generated.read_text() == COMMITTED.read_text(), (
        f"docs/openapi.yaml differs from the API. If the change is intended, regenerate it with: {REGENERATE}"
    )


def test_schema_is_served(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/search/" in body and "/api/v1/changes/" in body
    assert "phone_notes" not in body and "owner" not in body
