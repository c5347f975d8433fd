"""App developers: interactive docs served locally, real examples, public endpoints without auth, CORS."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from jsonschema import Draft202012Validator

SCHEMA = yaml.safe_load((Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text())
STAFF_PREFIXES = ("/api/v1/preview/", "/api/v1/contacts/", "/api/v1/callbacks/")
PUBLIC_PATHS = [p for p in SCHEMA["paths"] if not p.startswith(STAFF_PREFIXES)]


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema → JSON Schema 2020-12 (``nullable``, component ``$ref``)."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k not in ("nullable", "example")}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


DEFS = {name: _json_schema(s) for name, s in SCHEMA["components"]["schemas"].items()}


def _examples() -> list[tuple[str, str, str, dict, Any]]:
    found = []
    for path, operations in SCHEMA["paths"].items():
        for method, op in operations.items():
            for status, response in op.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                for name, example in content.get("examples", {}).items():
                    found.append((f"{method.upper()} {path} {status} {name}", path, status, content["schema"],
                                  example["value"]))
    return found


def test_the_schema_has_no_framework_placeholder_examples():
    text = (Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text()
    assert "api.example.org" not in text and "/accounts/" not in text


def test_every_public_read_endpoint_has_a_success_example():
    missing = [path for path in PUBLIC_PATHS
               if "examples" not in SCHEMA["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]]
    assert len(PUBLIC_PATHS) == 12 and missing == []


@pytest.mark.parametrize("label,path,status,schema,value", _examples(), ids=[e[0] for e in _examples()])
def test_each_example_matches_the_schema_of_its_response(label, path, status, schema, value):
    validator = Draft202012Validator({**_json_schema(schema), "$defs": DEFS})
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)]
    assert not errors, (label, errors)


def test_public_endpoints_document_no_authentication_and_the_preview_does():
    for path in PUBLIC_PATHS:
        security = SCHEMA["paths"][path]["get"].get("security")
        if path == "/api/v1/search/":
            assert security == [{"cookieAuth": []}, {}], "scope=operator uses the session; anonymous is fine"
        else:
            assert security is None, path
    assert SCHEMA["paths"]["/api/v1/preview/{external_id}/"]["get"]["security"] == [{"cookieAuth": []}]
    for path, method in (("/api/v1/contacts/", "post"), ("/api/v1/callbacks/", "get"), ("/api/v1/callbacks/", "post"),
                         ("/api/v1/callbacks/{reference}/", "patch")):
        assert SCHEMA["paths"][path][method]["security"] == [{"tokenAuth": []}], (path, method)


def test_examples_are_what_the_api_returns_in_shape(client, catalogue):
    """The item example has exactly the keys a real list response has (no invented or forgotten fields)."""
    from channels.api import examples

    real = client.get("/api/v1/products/").json()["results"][0]
    assert set(examples.ITEM_SUMMARY.value) == set(real)
    detail = client.get(f"/api/v1/products/{catalogue.product.external_id}/").json()
    assert set(examples.PRODUCT_DETAIL.value) <= set(detail)
    fiche = client.get(f"/api/v1/fiches/{catalogue.fiche.external_id}/").json()
    assert set(examples.FICHE_DETAIL.value) <= set(fiche)
    themes = client.get("/api/v1/themes/").json()
    assert set(examples.THEME.value) == set(themes[0])
    assert client.get("/api/v1/products/?limt=5").json()["error"]["code"] == examples.UNKNOWN_PARAMETER.value[
        "error"]["code"]
    assert client.get("/api/v1/products/?theme=nonexistent").json() == examples.UNKNOWN_FILTER.value


# --- interactive documentation ------------------------------------------------------------------------------------
def test_docs_page_is_served_locally_under_the_sites_csp(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<style" not in html and not re.search(r"<script>(?!</script>)", html), "no inline code"
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), f"external assets: {sources}"
    script = client.get(sources[-1] if "?script" in sources[-1] else "/api/v1/docs/?script")
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
    assert response.headers.get("Access-Control-Allow-Origin") is None


def test_the_api_index_links_the_docs(client, db):
    body = client.get("/api/v1/").json()
    assert body["documentation"] == "http://testserver/api/v1/docs/"
    assert body["schema"] == "http://testserver/api/v1/schema/"


# --- CORS ---------------------------------------------------------------------------------------------------------
APP = "https://app.zonnebeek.example.org"


@pytest.fixture
def cors_app(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def test_cors_lets_a_configured_app_read_the_api(client, catalogue, cors_app):
    response = client.get("/api/v1/products/", HTTP_ORIGIN=APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_cors_preflight_allows_conditional_gets_only(client, db, cors_app):
    response = client.options("/api/v1/search/", HTTP_ORIGIN=APP, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_cors_refuses_other_origins_and_other_paths(client, catalogue, cors_app):
    other = client.get("/api/v1/products/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    site = client.get("/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in site
    admin = client.get("/admin/login/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in admin


def test_no_cors_without_configuration(client, catalogue):
    assert settings.CORS_ALLOWED_ORIGINS == []
    response = client.get("/api/v1/products/", HTTP_ORIGIN=APP)
    assert "Access-Control-Allow-Origin" not in response
