"""Admin views for readability: the live check endpoint and the catalogue-wide report."""

from __future__ import annotations

import csv
import json

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..selectors import Scope
from .readability import SHORT_ANSWER_LABEL, blocks_publish, catalogue_report, report_for_fields

MAX_PAYLOAD_CHARS = 200_000


@require_POST
def readability_check(request: HttpRequest) -> JsonResponse | HttpResponseBadRequest:
    """POST ``{"short_answer": str, "sections": [{"heading", "text"}]}`` → report (admin users only).

    Wagtail's ``register_admin_urls`` wraps this view with its admin-access check.
    """
    if len(request.body) > MAX_PAYLOAD_CHARS:
        return HttpResponseBadRequest(_("De tekst is te lang om te controleren."))
    try:
        data = json.loads(request.body or b"{}")
        short_answer = data.get("short_answer", "")
        sections = data.get("sections", [])
        if not isinstance(short_answer, str) or not isinstance(sections, list):
            raise ValueError("short_answer must be a string and sections a list")
        report = report_for_fields(short_answer, sections)
    except (ValueError, AttributeError) as exc:
        return HttpResponseBadRequest(_("Ongeldige invoer: %(error)s") % {"error": exc})
    return JsonResponse({"report": report.to_dict(), "blocks_publish": blocks_publish(report),
                         "section_labels": [str(SHORT_ANSWER_LABEL)]})


def catalogue_view(request: HttpRequest) -> HttpResponse:
    """All live items, hardest texts first; ``?format=csv`` downloads the same rows."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    rows = catalogue_report(selectors.items(Scope.OPERATOR).specific().select_related("owner_team"))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="leesbaarheid.csv"'
        writer = csv.writer(response)
        writer.writerow(["id", "type", "titel", "oordeel", "douma", "opmerkingen", "eigenaar"])
        for row in rows:
            writer.writerow([row.page.external_id, row.page.item_type, row.page.title, row.report.verdict_label,
                             f"{row.report.score:.1f}", len(row.report.findings),
                             row.page.owner_team.name if row.page.owner_team else ""])
        return response
    return render(request, "kennisbank/editorial/readability_report.html", {"rows": rows})
