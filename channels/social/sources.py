"""The post's source as the public sees it, always through ``kennisbank.selectors`` (Scope.PUBLIC).

``source_problem`` is checked when variants are generated, when a post is approved, by the scheduler, at
publish time and before any public export: an item turned internal, unpublished or changed since approval
never goes out.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from kennisbank.selectors import Scope, items
from kennisbank.vocabulary import Visibility

if TYPE_CHECKING:
    from kennisbank.models import ContentPage

    from .models import SocialPost


class SourceNotPublic(Exception):
    """The item is internal, not live or gone: it cannot become (or stay) a public post."""


def public_source(post: SocialPost) -> ContentPage | None:
    """The live, public source page (specific), or None."""
    page = items(Scope.PUBLIC).filter(pk=post.source_id).first()
    return page.specific if page is not None else None


def require_public(page_id: int) -> ContentPage:
    page = items(Scope.PUBLIC).filter(pk=page_id).first()
    if page is None:
        raise SourceNotPublic(_("Dit item is intern of niet gepubliceerd en kan geen bericht worden."))
    return page.specific


def page_url(page: ContentPage) -> str:
    return page.get_full_url() or page.url_path


def fingerprint(page: ContentPage) -> str:
    """Hash of what a post shows of its source: title, short answer and public URL."""
    raw = "\x00".join((page.title, page.short_answer, page_url(page)))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def source_problem(post: SocialPost) -> str | None:
    """Why this approved post may not go out now (Dutch, shown in the admin), or None."""
    page = public_source(post)
    if page is None:
        any_state = items(Scope.EDITOR).filter(pk=post.source_id).first()
        if any_state is None:
            return _("De bron bestaat niet meer.")
        if any_state.visibility == Visibility.INTERNAL:
            return _("De bron is intern gemaakt.")
        if not any_state.live:
            return _("De bron is gedepubliceerd.")
        return _("De bron is niet publiek zichtbaar.")
    if not post.approved_fingerprint:
        return _("Het bericht is nog niet goedgekeurd.")
    if fingerprint(page) != post.approved_fingerprint:
        return _("De bron is gewijzigd sinds de goedkeuring (titel, kort antwoord of adres). Kijk de teksten na "
                 "en keur opnieuw goed.")
    return None
