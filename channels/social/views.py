"""Endpoints of the social exports (read-only, no login; each needs an export token: ``?token=…``).

They only ever contain public content, but show what will be posted before it is, so a team or tool needs its
own token (``channels.social.tokens``). A missing, unknown or revoked token is a 403 that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import exports, networks, tokens


def token_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse the request (403) unless ``?token=`` is a live export token."""
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if tokens.check(request.GET.get(tokens.PARAM)) is None:
            return HttpResponseForbidden(
                _("Deze export vraagt een geldige exportsleutel (?token=…). Vraag er een aan het team sociale "
                  "media (Beheer › Sociale media › Exportlinks)."), content_type="text/plain; charset=utf-8")
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
    return wrapped


def _network(code: str) -> str:
    if code not in networks.NETWORKS:
        raise Http404
    return code


@require_GET
@token_required
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
@token_required
def hootsuite(request: HttpRequest, network: str) -> HttpResponse:
    return _csv(exports.hootsuite_csv(_network(network), timezone.now()), f"hootsuite-{network}.csv")


@require_GET
@token_required
def socialbee(request: HttpRequest, network: str) -> HttpResponse:
    return _csv(exports.socialbee_csv(_network(network), timezone.now()), f"socialbee-{network}.csv")


@require_GET
def buffer_moved(request: HttpRequest, network: str) -> HttpResponse:
    """The old "Buffer" URL: that file always had SocialBee's columns (Buffer documents no CSV import)."""
    target = reverse("social:socialbee-csv", args=[_network(network)])
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


@require_GET
@token_required
def calendar_ics(request: HttpRequest) -> HttpResponse:
    body = exports.render_ics(timezone.now(), host=request.get_host().split(":")[0] or "kennisbank")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sociale-media.ics"'
    return response
