"""HTTP views of the LPDC stream: the pages of ``/doc/instancesnapshot`` and the context documents beside them.

Closed pages (a later page exists) are immutable: ``Cache-Control: public, max-age=31536000, immutable``; the last
page may still grow and is cached briefly (``KENNISBANK_LPDC_OPEN_PAGE_MAX_AGE``). Every response has an ETag and
answers ``If-None-Match`` with 304. A page number that is not a whole number, or past the last page, is a 404 with
a JSON body naming the problem. Public: LPDC reads the stream without credentials; it only holds public products.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from importers.jsonld_documents import CONTEXT_FILES, context_text

from . import stream
from .conf import lpdc_settings

LD_JSON = "application/ld+json"
IMMUTABLE = "public, max-age=31536000, immutable"


def _not_modified(request: HttpRequest, etag: str, cache_control: str) -> HttpResponse | None:
    tags = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if etag in tags or "*" in tags:
        response = HttpResponse(status=304)
        response["ETag"], response["Cache-Control"] = etag, cache_control
        return response
    return None


@require_safe
def instance_snapshots(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("pageNumber", "0")
    if not raw.isdigit():
        return JsonResponse({"detail": _("pageNumber moet een geheel getal vanaf 0 zijn.")}, status=400)
    result = stream.page(int(raw))
    if result is None:
        return JsonResponse({"detail": _("Deze pagina bestaat niet (er zijn %(n)s pagina's).")
                             % {"n": stream.page_count()}}, status=404)
    cache_control = IMMUTABLE if result.closed else f"public, max-age={lpdc_settings.OPEN_PAGE_MAX_AGE}"
    not_modified = _not_modified(request, result.etag, cache_control)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(json.dumps(result.document, ensure_ascii=False, indent=1), content_type=LD_JSON)
    response["ETag"], response["Cache-Control"] = result.etag, cache_control
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def context_document(request: HttpRequest, name: str) -> HttpResponse:
    if name not in CONTEXT_FILES:
        return JsonResponse({"detail": _("Onbekend contextdocument.")}, status=404)
    text = context_text(name)
    etag = f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'
    cache_control = "public, max-age=86400"
    not_modified = _not_modified(request, etag, cache_control)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(text, content_type=LD_JSON)
    response["ETag"], response["Cache-Control"] = etag, cache_control
    response["Access-Control-Allow-Origin"] = "*"
    return response
