"""Pause posts the moment their source is unpublished, turned internal or changed (Wagtail page signals).

:func:`connect` is called from ``SocialConfig.ready()`` only.
"""

from __future__ import annotations

from typing import Any

from wagtail.signals import page_published, page_unpublished

from kennisbank import bulk


def _recheck_social_posts(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .services import recheck_posts_for_page, recheck_posts_for_pages

    # In an import (bulk mode): once for all its pages, after commit.
    if not bulk.defer("social.recheck", instance.pk, recheck_posts_for_pages):
        recheck_posts_for_page(instance.pk)


def connect() -> None:
    """Connect the receivers (idempotent: every connection has a dispatch_uid)."""
    page_published.connect(_recheck_social_posts, dispatch_uid="kb_social.recheck_published")
    page_unpublished.connect(_recheck_social_posts, dispatch_uid="kb_social.recheck_unpublished")
