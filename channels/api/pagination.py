"""Cursor pagination with a strict ``limit`` (1–100). A damaged cursor is a 404 (DRF's behaviour)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.pagination import CursorPagination

MAX_LIMIT = 100


class ItemCursorPagination(CursorPagination):
    """Stable alphabetical order (title, then id); ``?limit=`` sets the page size."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT
    ordering = ("title", "pk")

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_LIMIT:
            raise serializers.ValidationError({"limit": [f"Geef een geheel getal van 1 tot {MAX_LIMIT}."]})
        return size

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """DRF's page schema with our own example links (not DRF's ``api.example.org/accounts``)."""
        from .examples import EXAMPLE_NEXT, EXAMPLE_PREVIOUS

        page = super().get_paginated_response_schema(schema)
        page["properties"]["next"]["example"] = EXAMPLE_NEXT
        page["properties"]["previous"]["example"] = EXAMPLE_PREVIOUS
        page["properties"]["next"]["description"] = "Volgende pagina (leeg op de laatste)."
        page["properties"]["previous"]["description"] = "Vorige pagina (leeg op de eerste)."
        return page

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.cursor_query_param:
                param["description"] = "Positie in de lijst: neem de link 'next' of 'previous' van het antwoord over."
            if param["name"] == self.page_size_query_param:
                param["description"] = f"Aantal items per pagina (1 tot {MAX_LIMIT})."
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": self.page_size}
        return params
