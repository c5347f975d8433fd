"""Fixtures for the insight dashboard and the review cycle: teams, items with review dates, users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from kennisbank.models import ContentPage, Team
from tests.factories import make_item, make_team, make_user

TODAY = dt.date(2026, 6, 15)


@dataclass
class ReviewCatalogue:
    burgerzaken: Team
    afval: Team
    stale: ContentPage  # burgerzaken, overdue since 2026-01-10
    soon: ContentPage  # burgerzaken, due 2026-07-01
    later: ContentPage  # burgerzaken, due 2027
    afval_stale: ContentPage  # afval, overdue
    orphan_stale: ContentPage  # no owner, overdue
    draft_stale: ContentPage  # never published: no review needed


@pytest.fixture
def review_catalogue(site_structure) -> ReviewCatalogue:
    burgerzaken = make_team("Dienst Burgerzaken", email="burgerzaken@example.org")
    afval = make_team("Dienst Afval", email="afval@example.org")
    return ReviewCatalogue(
        burgerzaken=burgerzaken, afval=afval,
        stale=make_item("fiche", title="Verloren identiteitskaart", owner=burgerzaken,
                        review_interval_months=12, last_reviewed=dt.date(2025, 1, 10)),
        soon=make_item("fiche", title="Reispas aanvragen", owner=burgerzaken,
                       review_interval_months=6, last_reviewed=dt.date(2026, 1, 1)),
        later=make_item("fiche", title="Rijbewijs aanvragen", owner=burgerzaken,
                        review_interval_months=12, last_reviewed=dt.date(2026, 3, 1)),
        afval_stale=make_item("fiche", title="Grofvuil ophalen", owner=afval, visibility="internal",
                              review_interval_months=3, last_reviewed=dt.date(2025, 11, 1)),
        orphan_stale=make_item("fiche", title="Zonder eigenaar", review_interval_months=1,
                               last_reviewed=dt.date(2025, 1, 1)),
        draft_stale=make_item("fiche", title="Ontwerp zonder publicatie", owner=burgerzaken, live=False,
                              review_interval_months=1, last_reviewed=dt.date(2025, 1, 1)),
    )


@pytest.fixture
def editor(db):
    return make_user("redacteur", groups=["Editors"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
