"""OpenAPI generation tweaks for the public API (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema

from .serializers import SparseFieldsMixin


class PublicAPISchema(AutoSchema):
    """Schema of the public endpoints.

    - Serializers with sparse fieldsets (``?fields=``) document no required properties: any may be left out.
    - Views with ``documented_auth = False`` (the public ones) document no authentication: an app calls them
      without a cookie or token, and a session cookie changes nothing in what they return.
    """

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, SparseFieldsMixin) and direction == "response":
            schema.pop("required", None)
        return schema

    def get_auth(self) -> list[dict[str, Any]]:
        if not getattr(self.view, "documented_auth", True):
            return []
        return super().get_auth()
