"""Public endpoints of the social exports (read-only, no login: they only ever contain public content)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import exports, networks


def _network(code: str) -> str:
    if code not in networks.NETWORKS:
        raise Http404
    return code


@require_GET
def feed(request: HttpRequest, network: str, kind: str) -> HttpResponse:
    body, content_type = exports.render_feed(
        _network(network), kind, feed_url=request.build_absolute_uri(), site_url=request.build_absolute_uri("/"),
        now=timezone.now())
    return HttpResponse(body, content_type=content_type)


def _csv(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def hootsuite(request: HttpRequest, network: str) -> HttpResponse:
    return _csv(exports.hootsuite_csv(_network(network), timezone.now()), f"hootsuite-{network}.csv")


@require_GET
def buffer(request: HttpRequest, network: str) -> HttpResponse:
    return _csv(exports.buffer_csv(_network(network), timezone.now()), f"buffer-{network}.csv")


@require_GET
def calendar_ics(request: HttpRequest) -> HttpResponse:
    body = exports.render_ics(timezone.now(), host=request.get_host().split(":")[0] or "kennisbank")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sociale-media.ics"'
    return response
