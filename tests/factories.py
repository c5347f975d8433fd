"""Test data builders that create real Wagtail pages through the real services."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from kennisbank import services
from kennisbank.models import Audience, ContentPage, FichePage, LifeEvent, ProductAction, ProductPage, Team, Theme
from kennisbank.site_structure import ensure_site_structure
from kennisbank.vocabulary import guess_action_kind

_counter = itertools.count(1)


def make_theme(name: str = "Burgerzaken") -> Theme:
    return Theme.objects.get_or_create(name=name)[0]


def make_life_event(name: str = "Verhuizen") -> LifeEvent:
    return LifeEvent.objects.get_or_create(name=name)[0]


def make_team(name: str = "Dienst Burgerzaken", email: str = "burgerzaken@example.org") -> Team:
    return Team.objects.get_or_create(name=name, defaults={"email": email, "phone_extension": "2101"})[0]


def make_item(
    item_type: str = "fiche",
    *,
    title: str | None = None,
    short_answer: str = "Kom langs aan de balie met uw identiteitskaart.",
    visibility: str = "public",
    live: bool = True,
    themes: list[str] | None = None,
    life_events: list[str] | None = None,
    audiences: list[str] | None = None,
    sections: list[tuple[str, str]] | None = None,
    keywords: list[str] | None = None,
    owner: Team | None = None,
    **fields: Any,
) -> ContentPage:
    """Create a product or fiche under its index page; publish it unless ``live=False`` (draft only).

    ``sections`` is a list of (heading, markdown text). Extra model fields go in ``fields``; ``online_url`` (a
    product) becomes one action whose kind is guessed from the address, as the importers do.
    """
    structure = ensure_site_structure()
    n = next(_counter)
    model = ProductPage if item_type == "product" else FichePage
    parent = structure.products if item_type == "product" else structure.fiches
    title = title or f"Testitem {n}"
    body = [("section", {"kind": "other", "heading": h, "text": t}) for h, t in (sections or [])]
    online_url = fields.pop("online_url", "")
    page = model(
        title=title, short_answer=short_answer, visibility=visibility, body=body,
        keywords="\n".join(keywords or []), owner_team=owner, live=False, **fields,
    )
    if online_url:
        page.actions = [ProductAction(kind=guess_action_kind(online_url), url=online_url)]
    parent.add_child(instance=page)
    page.themes.set([make_theme(t) for t in (themes or [])])
    page.life_events.set([make_life_event(e) for e in (life_events or [])])
    page.audiences.set(Audience.objects.filter(code__in=audiences or ["citizen"]))
    if live:
        services.publish(page)
    else:
        services.save_draft(page)
    page.refresh_from_db()
    return page


def make_user(username: str = "user", *, perms: list[str] | None = None, staff: bool = False,
              superuser: bool = False, groups: list[str] | None = None):
    """A user with the given permission codenames (``app_label.codename``) and group names."""
    from django.contrib.auth.models import Group

    User = get_user_model()
    user = User.objects.create_user(username=username, password="pw-Kennisbank-123", is_staff=staff,
                                    is_superuser=superuser, email=f"{username}@example.org")
    for perm in perms or []:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    for name in groups or []:
        user.groups.add(Group.objects.get(name=name))
    return User.objects.get(pk=user.pk)  # fresh instance: no stale permission cache
