"""Small security middleware: admin preview framing, clean input."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from .textclean import clean_text, forbidden_characters

logger = logging.getLogger(__name__)

FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class AdminPreviewFrameMiddleware:
    """Let Wagtail's editor frame its own previews while every other response keeps ``X-Frame-Options: DENY``.

    Must stand below ``XFrameOptionsMiddleware`` so it sees the response first; that middleware leaves an
    existing header alone. Wagtail renders a preview through a fake request for the page's own path, so the site's
    Content-Security-Policy (``frame-ancestors 'none'``) arrives on the preview response too; here it becomes
    ``frame-ancestors 'self'`` (only our own admin may frame it), the rest of the policy unchanged.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        if path.startswith("/admin/") and "/preview/" in path:
            if "X-Frame-Options" not in response:
                response["X-Frame-Options"] = "SAMEORIGIN"
            policy = response.get("Content-Security-Policy")
            if policy:
                response["Content-Security-Policy"] = FRAME_ANCESTORS.sub("frame-ancestors 'self'", policy)
        return response


def _cleaned(values: QueryDict) -> QueryDict | None:
    """A copy of ``values`` without forbidden characters, or None when there were none."""
    if not any(forbidden_characters(key) or any(forbidden_characters(v) for v in values.getlist(key))
               for key in values):
        return None
    clean = QueryDict(mutable=True, encoding=values.encoding)
    for key in values:
        clean.setlist(clean_text(key), [clean_text(v) for v in values.getlist(key)])
    clean._mutable = False
    return clean


def _unix_newlines(values: QueryDict) -> QueryDict | None:
    """A copy of ``values`` with CRLF and lone CR turned into LF, or None when there were none.

    Browsers send textarea line ends as CRLF (HTML's form encoding); stored as-is they make Wagtail's revision
    compare mark every multi-line field as changed and leak ``\\r`` into the API and exports.
    """
    if not any("\r" in v for key in values for v in values.getlist(key)):
        return None
    clean = QueryDict(mutable=True, encoding=values.encoding)
    for key in values:
        clean.setlist(key, [v.replace("\r\n", "\n").replace("\r", "\n") for v in values.getlist(key)])
    clean._mutable = False
    return clean


class CleanInputMiddleware:
    """Strip NUL, other control characters and lone surrogates from query strings and form posts; form posts
    get Unix line ends (LF) too.

    Every form (Wagtail's editor, the operator console, the citizen's feedback form) then stores clean text,
    whatever a browser, a script or a copy-paste sends. Paths under ``/api/`` are left alone: the API refuses such
    input with a 400 that names the parameter (``channels/api``). Staff in the admin get a warning that characters
    were removed, so nothing changes without them knowing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            if request.method == "POST" and request.content_type in FORM_TYPES \
                    and (lf := _unix_newlines(request.POST)) is not None:
                request.POST = lf  # type: ignore[assignment]
            changed = False
            if (query := _cleaned(request.GET)) is not None:
                request.GET, changed = query, True  # type: ignore[assignment]
            if request.method == "POST" and request.content_type in FORM_TYPES \
                    and (form := _cleaned(request.POST)) is not None:
                request.POST, changed = form, True  # type: ignore[assignment]
            if changed:
                logger.info("removed forbidden characters from the input of %s %s", request.method, request.path)
                if request.path.startswith("/admin/") and getattr(request, "user", None) is not None \
                        and request.user.is_authenticated:
                    messages.warning(request, _("Ongeldige tekens (zoals een NUL-teken) werden uit uw invoer "
                                                "verwijderd."))
        return self.get_response(request)
