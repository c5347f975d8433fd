"""One error format for the whole API: ``{"error": {"code", "message", "details"}}``.

:func:`exception_handler` turns every DRF/Django exception into it; :class:`ErrorSerializer` documents it in the
OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES: dict[str, Any] = {
    "invalid": _("De aanvraag is ongeldig. Zie 'details'."),
    "unknown_parameter": _("De aanvraag bevat onbekende parameters."),
    "not_found": _("Niet gevonden."),
    "permission_denied": _("U hebt geen toegang tot deze gegevens."),
    "not_authenticated": _("Meld u aan om deze gegevens te bekijken."),
    "method_not_allowed": _("Deze methode is niet toegestaan."),
    "not_acceptable": _("Dit formaat wordt niet ondersteund."),
    "throttled": _("Te veel aanvragen. Probeer het later opnieuw."),
    "search_unavailable": _("Zoeken is tijdelijk niet beschikbaar. Probeer het over enkele ogenblikken opnieuw."),
}


class UnknownParameter(exceptions.ValidationError):
    """400 for query parameters a view does not know."""

    default_code = "unknown_parameter"


class SearchUnavailable(exceptions.APIException):
    """503 while the search backend is unreachable, slow or broken; ``Retry-After`` says when to try again."""

    status_code = 503
    default_code = "search_unavailable"
    default_detail = MESSAGES["search_unavailable"]

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machineleesbare code, bv. 'invalid', 'not_found'.")
    message = serializers.CharField(help_text="Uitleg voor mensen (Nederlands).")
    details = serializers.JSONField(help_text="Extra informatie per veld of parameter (kan leeg zijn).")


class ErrorSerializer(serializers.Serializer):
    """Every error response of the API."""

    error = ErrorBodySerializer()


def _code_for(exc: Exception) -> str:
    if isinstance(exc, UnknownParameter):
        return "unknown_parameter"
    if isinstance(exc, exceptions.ValidationError | exceptions.ParseError):
        return "invalid"
    if isinstance(exc, exceptions.NotFound):
        return "not_found"
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return "not_authenticated"
    if isinstance(exc, exceptions.PermissionDenied):
        return "permission_denied"
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "method_not_allowed"
    if isinstance(exc, exceptions.NotAcceptable):
        return "not_acceptable"
    if isinstance(exc, exceptions.Throttled):
        return "throttled"
    if isinstance(exc, SearchUnavailable):
        return "search_unavailable"
    return getattr(exc, "default_code", "error")


def error_body(code: str, message: str | None = None, details: Any = None) -> dict[str, Any]:
    """The error envelope as a dict."""
    return {"error": {"code": code, "message": str(message or MESSAGES.get(code, code)), "details": details or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler producing the documented error envelope (details never echo content)."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _code_for(exc)
    details: Any = {}
    if code in ("invalid", "unknown_parameter") and isinstance(exc, exceptions.APIException):
        detail = exc.detail
        details = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    response.data = error_body(code, details=details)
    if isinstance(exc, SearchUnavailable):
        response["Retry-After"] = str(exc.retry_after)
    return response
