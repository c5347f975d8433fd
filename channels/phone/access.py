"""Access rule of the console: logged in (else redirect to the console login) and ``kennisbank.view_internal``
(else 403). Operators never need Wagtail admin access."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from kennisbank.selectors import VIEW_INTERNAL_PERM


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator: anonymous → login page of the console; logged in without the permission → 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("phone:login"))
        if not (user.is_active and user.has_perm(VIEW_INTERNAL_PERM)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
