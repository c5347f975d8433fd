"""Berichten for the front office: which ones an operator sees now, unread important ones first; read receipts.

Internal only: no public view, API or feed reads :class:`~channels.phone.models.OperatorMessage`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import MessageRead, OperatorMessage


@dataclass(frozen=True)
class MessageView:
    message: OperatorMessage
    read: bool


def visible(now: dt.datetime | None = None) -> QuerySet[OperatorMessage]:
    """Berichten shown now (from ≤ now, until empty or later)."""
    now = now or timezone.now()
    return OperatorMessage.objects.filter(visible_from__lte=now).filter(
        Q(visible_until__isnull=True) | Q(visible_until__gt=now))


def for_operator(user: Any, now: dt.datetime | None = None, *, limit: int = 10) -> list[MessageView]:
    """What the console's start page lists: unread important first, then unread, then read; newest first."""
    read = set(MessageRead.objects.filter(user=user).values_list("message_id", flat=True))
    views = [MessageView(m, m.pk in read) for m in visible(now)]
    views.sort(key=lambda v: (v.read, not v.message.important, -v.message.visible_from.timestamp()))
    return views[:limit]


def mark_read(message: OperatorMessage, user: Any) -> None:
    MessageRead.objects.get_or_create(message=message, user=user)


def search(query: str, now: dt.datetime | None = None, *, limit: int = 5) -> list[OperatorMessage]:
    """Visible berichten with every word of ``query`` in the title or text."""
    words = [w for w in query.split() if len(w) >= 3]
    if not words:
        return []
    qs = visible(now)
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return list(qs[:limit])
