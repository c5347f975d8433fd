"""Telephony and chat integration: register contacts and callback requests, list and update a team's callbacks.

``/api/v1/contacts/`` and ``/api/v1/callbacks/`` need an operator token (``Authorization: Token <key>``; make one
with ``manage.py drf_create_token <username>``) of a user with ``kennisbank.view_internal``; a team's callbacks
(with the citizen's personal data) only for members of that team. Everything else is refused: deny by default.
The writes go through :mod:`channels.phone.workstation`, like the console's forms.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from channels.phone import workstation
from channels.phone.models import CallbackRequest
from kennisbank.models import Team
from kennisbank.selectors import VIEW_INTERNAL_PERM, Scope, get_item
from kennisbank.vocabulary import CallbackStatus, ContactChannel, ContactOutcome, ContactType

from .errors import ErrorSerializer, exception_handler
from .schema import PublicAPISchema


class StrictCharField(serializers.CharField):
    """A JSON string only (DRF's CharField would turn ``0`` into ``"0"``)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only (not ``"1"``, ``1.0`` or ``true``)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


AUTH_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Ongeldige gegevens (zie details per veld)."),
    401: OpenApiResponse(ErrorSerializer, description="Geen of een ongeldige token."),
    403: OpenApiResponse(ErrorSerializer, description="De token hoort niet bij een medewerker van het onthaal, of "
                                                      "niet bij het team van dit verzoek."),
}


class IsOperator(BasePermission):
    """An active user with ``kennisbank.view_internal`` (operators, editors, moderators)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.has_perm(VIEW_INTERNAL_PERM))


class WorkstationView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsOperator]
    parser_classes = [JSONParser]
    schema = PublicAPISchema()
    documented_auth = True

    def get_exception_handler(self):  # noqa: D102 - DRF hook
        return exception_handler


def _validation(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors":
                                                                                           exc.messages})


def _team(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise serializers.ValidationError({"team": ["Onbekend team."]})
    return team


def _items(external_ids: list[str]) -> list[int]:
    pages = [get_item(external_id, Scope.OPERATOR) for external_id in external_ids]
    unknown = [e for e, p in zip(external_ids, pages, strict=True) if p is None]
    if unknown:
        raise serializers.ValidationError({"items": [f"Onbekend item: {', '.join(unknown)}."]})
    return [p.pk for p in pages if p is not None]


# --- contacts -----------------------------------------------------------------------------------------------------
class ContactInSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ContactType.values, default=ContactType.QUESTION)
    channel = serializers.ChoiceField(choices=ContactChannel.values, default=ContactChannel.PHONE)
    outcome = serializers.ChoiceField(
        choices=ContactOutcome.values, default=ContactOutcome.ANSWERED,
        help_text="'transferred' vraagt 'transferred_to', 'referred' vraagt 'referred_to'.")
    items = serializers.ListField(child=StrictCharField(max_length=100), required=False, max_length=20,
                                  help_text="Externe id's van de geraadpleegde items.")
    note = StrictCharField(required=False, allow_blank=True, max_length=500,
                                 help_text="Zonder persoonsgegevens (e-mailadressen en nummers worden vervangen).")
    transferred_to = StrictIntegerField(required=False, min_value=1, help_text="Id van het team.")
    referred_to = StrictCharField(required=False, allow_blank=True, max_length=200)


class ContactOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=ContactType.values)
    channel = serializers.ChoiceField(choices=ContactChannel.values)
    outcome = serializers.ChoiceField(choices=ContactOutcome.values)
    items = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()


@extend_schema(request=ContactInSerializer, responses={201: ContactOutSerializer, **AUTH_ERRORS}, examples=[
    OpenApiExample("Beantwoorde vraag", request_only=True,
                   value={"type": "question", "channel": "phone", "outcome": "answered", "items": ["eid-aanvragen"]}),
])
class ContactsView(WorkstationView):
    """Register a contact (contactmoment) from a telephony or chat system."""

    def post(self, request: Request) -> Response:
        data = ContactInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            contact = workstation.register_contact(
                type=v["type"], channel=v["channel"], outcome=v["outcome"], item_ids=_items(v.get("items", [])),
                note=v.get("note", ""), transferred_to=_team(v.get("transferred_to")),
                referred_to=v.get("referred_to", ""), operator=request.user)
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        return Response({"id": contact.pk, "type": contact.type, "channel": contact.channel,
                         "outcome": contact.outcome, "items": [p.external_id for p in contact.items.all()],
                         "created_at": contact.created_at}, status=201)


# --- callbacks ----------------------------------------------------------------------------------------------------
class CallbackInSerializer(serializers.Serializer):
    question = StrictCharField(max_length=2000)
    item = StrictCharField(required=False, max_length=100, help_text="Externe id; geeft het team als "
                                                                            "'team' ontbreekt.")
    team = StrictIntegerField(required=False, min_value=1)
    citizen_name = StrictCharField(required=False, allow_blank=True, max_length=120)
    citizen_phone = StrictCharField(required=False, allow_blank=True, max_length=40)
    citizen_email = StrictEmailField(required=False, allow_blank=True)


class CallbackSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=CallbackStatus.values)
    team = serializers.IntegerField(source="team_id")
    item = serializers.CharField(allow_null=True)
    question = serializers.CharField()
    due_at = serializers.DateTimeField()
    overdue = serializers.BooleanField(source="is_overdue")
    citizen_name = serializers.CharField(allow_blank=True)
    citizen_phone = serializers.CharField(allow_blank=True)
    citizen_email = serializers.CharField(allow_blank=True)
    answer = serializers.CharField(allow_blank=True)
    closed_at = serializers.DateTimeField(allow_null=True)


def _out(callback: CallbackRequest) -> dict[str, Any]:
    data = dict(CallbackSerializer(callback).data)
    data["item"] = callback.item.external_id if callback.item is not None else None
    return data


class CallbackListQuery(serializers.Serializer):
    team = serializers.IntegerField(min_value=1, help_text="Id van het team (u moet er lid van zijn).")
    status = serializers.ChoiceField(choices=CallbackStatus.values, required=False)


@extend_schema(methods=["GET"], parameters=[CallbackListQuery], responses={
    200: CallbackSerializer(many=True), **AUTH_ERRORS,
    404: OpenApiResponse(ErrorSerializer, description="Onbekend team.")})
@extend_schema(methods=["POST"], request=CallbackInSerializer, responses={201: CallbackSerializer, **AUTH_ERRORS})
class CallbacksView(WorkstationView):
    """GET: a team's callbacks (members only), open ones first. POST: a new callback request (any operator)."""

    def get(self, request: Request) -> Response:
        query = CallbackListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        team = Team.objects.filter(pk=query.validated_data["team"]).first()
        if team is None:
            raise NotFound
        if not workstation.is_team_member(request.user, team):
            raise PermissionDenied
        qs = CallbackRequest.objects.filter(team=team).select_related("item").order_by("status", "due_at")
        if "status" in query.validated_data:
            qs = qs.filter(status=query.validated_data["status"])
        return Response([_out(c) for c in qs[:200]])

    def post(self, request: Request) -> Response:
        data = CallbackInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        item = get_item(v["item"], Scope.OPERATOR) if v.get("item") else None
        if v.get("item") and item is None:
            raise serializers.ValidationError({"item": ["Onbekend item."]})
        try:
            callback = workstation.request_callback(
                question=v["question"], team=_team(v.get("team")), item=item, citizen_name=v.get("citizen_name", ""),
                citizen_phone=v.get("citizen_phone", ""), citizen_email=v.get("citizen_email", ""),
                operator=request.user)
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        return Response(_out(callback), status=201)


class CallbackUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CallbackStatus.values)
    answer = StrictCharField(required=False, allow_blank=True, max_length=5000,
                                   help_text="Verplicht om af te sluiten ('done').")


@extend_schema(methods=["PATCH"], request=CallbackUpdateSerializer,
               responses={200: CallbackSerializer, **AUTH_ERRORS,
                          404: OpenApiResponse(ErrorSerializer, description="Onbekende referentie.")},
               parameters=[OpenApiParameter("reference", str, OpenApiParameter.PATH)])
class CallbackDetailView(WorkstationView):
    """Take up, answer or close one callback request (members of its team only)."""

    def patch(self, request: Request, reference: str) -> Response:
        callback = CallbackRequest.objects.select_related("team", "item").filter(reference=reference).first()
        if callback is None:
            raise NotFound
        if not workstation.is_team_member(request.user, callback.team):
            raise PermissionDenied
        data = CallbackUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            workstation.update_callback(callback, status=data.validated_data["status"], user=request.user,
                                        answer=data.validated_data.get("answer"))
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        return Response(_out(callback))
