"""Strict query-parameter handling: unknown parameters and invalid values give a 400.

Each view declares a serializer for its query parameters (also used for the OpenAPI schema) and may allow a few
more names (``cursor``). :class:`StrictQueryMixin` checks them before the handler runs.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from .errors import UnknownParameter


@cache
def _allowed(query_serializer: type[serializers.Serializer] | None, extra: tuple[str, ...]) -> frozenset[str]:
    """Parameter names a view accepts (computed once per view class: building serializer fields is not free)."""
    names = set(extra)
    if query_serializer is not None:
        names |= set(query_serializer().fields)
    return frozenset(names)


class StrictQueryMixin:
    """Reject query parameters outside ``query_serializer``'s fields plus ``extra_query_params``."""

    query_serializer: type[serializers.Serializer] | None = None
    extra_query_params: tuple[str, ...] = ()

    def allowed_query_params(self) -> frozenset[str]:
        return _allowed(self.query_serializer, self.extra_query_params)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            allowed = ", ".join(sorted(self.allowed_query_params())) or "-"
            raise UnknownParameter({name: [f"Onbekende parameter. Toegestaan: {allowed}."] for name in unknown})
        self.params = self._validated_query(request)

    def _validated_query(self, request: Request) -> dict[str, Any]:
        if self.query_serializer is None:
            return {}
        data = {k: request.query_params.get(k) for k in request.query_params}
        serializer = self.query_serializer(data=data)
        serializer.is_valid(raise_exception=True)
        return {k: v for k, v in serializer.validated_data.items() if v not in (None, "")}


def parse_fields(value: str | None, available: set[str]) -> set[str] | None:
    """``?fields=a,b`` → {"a", "b"}; raise a ValidationError naming unknown fields."""
    if not value:
        return None
    names = {n.strip() for n in value.split(",") if n.strip()}
    unknown = sorted(names - available)
    if unknown:
        raise serializers.ValidationError(
            {"fields": [f"Onbekend veld: {', '.join(unknown)}. Beschikbaar: {', '.join(sorted(available))}."]}
        )
    return names or None
