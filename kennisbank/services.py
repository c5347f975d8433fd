"""Editorial writes. Publication always goes through Wagtail's actions layer (never set ``live`` by hand)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from wagtail.models import Revision

from .models import ContentPage

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def save_draft(page: ContentPage, user: AbstractBaseUser | None = None, *, log_action: bool = True) -> Revision:
    """Save the page's current state as a new revision without publishing it."""
    return page.save_revision(user=user, log_action=log_action)


@transaction.atomic
def publish(page: ContentPage, user: AbstractBaseUser | None = None) -> Revision:
    """Save a revision and publish it (PublishRevisionAction: signals, logs, scheduled go-live respected)."""
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    return revision


@transaction.atomic
def add_keyword(page: ContentPage, keyword: str, user: AbstractBaseUser | None = None) -> Revision | None:
    """Add ``keyword`` (one line, whitespace collapsed) to the item's keywords as a new revision.

    A live item without pending changes is published at once when ``user`` may publish it (so search picks the
    keyword up on the next index task). An item with a draft in progress, or a user who may only edit (the
    moderation workflow decides), gets the keyword in a new draft revision instead, so nothing unreviewed goes
    live. Returns None when the item already has the keyword (case-insensitive).
    """
    keyword = " ".join(keyword.split())
    if not keyword:
        raise ValueError("keyword: empty")
    current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    if keyword.casefold() in {k.casefold() for k in current.keyword_list}:
        return None
    current.keywords = "\n".join([*current.keyword_list, keyword])
    may_publish = user is None or page.permissions_for_user(user).can_publish()
    if page.live and not page.has_unpublished_changes and may_publish:
        return publish(current, user)
    return save_draft(current, user)


def unpublish(page: ContentPage, user: AbstractBaseUser | None = None) -> None:
    """Take the page offline (UnpublishPageAction). Content is kept: archive, never delete."""
    page.unpublish(user=user)


def mark_reviewed(page: ContentPage, user: AbstractBaseUser | None = None, *, on: dt.date | None = None) -> None:
    """Record that the owner checked the item today; recomputes the next review date and publishes if live."""
    page.last_reviewed = on or dt.date.today()
    if page.live and not page.has_unpublished_changes:
        publish(page, user)
    else:
        save_draft(page, user)
        # The review date is editorial metadata: keep it on the live row too.
        ContentPage.objects.filter(pk=page.pk).update(
            last_reviewed=page.last_reviewed, next_review_date=page.compute_next_review_date()
        )
