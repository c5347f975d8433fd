"""OpenAPI generation tweaks for the public API (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema

from .serializers import SparseFieldsMixin


class PublicAPISchema(AutoSchema):
    """Serializers with sparse fieldsets (``?fields=``) document no required properties: any may be left out."""

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, SparseFieldsMixin) and direction == "response":
            schema.pop("required", None)
        return schema
