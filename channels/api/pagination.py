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

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": self.page_size}
        return params
