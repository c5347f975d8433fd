"""Editor API: the readability report of an item's latest revision (draft included)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ContentPage
from .readability import blocks_publish, report_for_page


class EditorReadabilityView(APIView):
    """``GET /api/v1/editor/readability/<external_id>/`` for users who may edit the item; others get 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Leesbaarheid van de laatste versie (redacteurs)", tags=["editor"],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, external_id: str) -> Response:
        page = ContentPage.objects.filter(external_id=external_id).first()
        if page is None or not page.permissions_for_user(request.user).can_edit():
            raise Http404
        draft = page.specific.get_latest_revision_as_object()
        report = report_for_page(draft)
        return Response({"id": page.external_id, "revision_id": page.latest_revision_id,
                         "blocks_publish": blocks_publish(report), "report": report.to_dict()})
