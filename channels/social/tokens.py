"""Export tokens: who may read the schedule exports (``/social/...?token=…``).

The exports only hold public content, but they show what the municipality will post before it does, so they are
not open to everyone: each team or tool gets its own token, which the social media team can revoke.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from .models import ExportToken

#: Query parameter that carries the token (feed readers and calendar apps cannot send headers).
PARAM = "token"
#: ``last_used_at`` is written at most this often per token (a feed reader polls every few minutes).
TOUCH_SECONDS = 300


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create(label: str, user: Any = None) -> tuple[ExportToken, str]:
    """A new token for ``label``: the row and the raw token (shown once, never stored)."""
    raw = secrets.token_urlsafe(24)
    author = user if getattr(user, "is_authenticated", False) else None
    token = ExportToken.objects.create(label=label.strip()[:120], token_hash=_hash(raw), created_by=author)
    return token, raw


def check(raw: str | None) -> ExportToken | None:
    """The live token for ``raw``, or None (missing, unknown or revoked). Records when it was last used."""
    if not raw:
        return None
    token = ExportToken.objects.filter(token_hash=_hash(raw), revoked_at__isnull=True).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_SECONDS:
        ExportToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke(token: ExportToken) -> None:
    """Close every export URL carrying this token."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
