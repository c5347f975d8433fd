"""Fixtures for the phone channel: a small catalogue with phone scripts, a fresh search index, users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from kennisbank.models import ContentPage
from search import service as search_service
from search.documents import iter_documents
from search.passages import with_vectors
from tests.factories import make_item, make_team, make_user

PASSWORD = "pw-Kennisbank-123"


@dataclass
class PhoneCatalogue:
    product: ContentPage
    internal: ContentPage
    stale: ContentPage
    draft: ContentPage
    other_theme: ContentPage


def reindex() -> None:
    search_service.backend().rebuild(with_vectors(iter_documents()))


@pytest.fixture
def phone_catalogue(site_structure, search_index) -> PhoneCatalogue:
    team = make_team("Dienst Burgerzaken", email="burgerzaken@example.org")
    product = make_item(
        "product", title="Identiteitskaart aanvragen", external_id="eid-aanvragen",
        short_answer="U vraagt uw identiteitskaart aan aan de balie van het stadhuis.",
        themes=["Burgerzaken"], owner=team, keywords=["eID", "ID-kaart"],
        sections=[("Wat meebrengen?", "- uw oude kaart\n- een pasfoto"), ("Termijn", "Ongeveer drie weken.")],
        phone_questions="Woont u in de gemeente?\nHeeft u nog een geldige kaart?",
        phone_steps="Maak een afspraak.\nBreng een pasfoto mee.",
        phone_transfer="Dienst Burgerzaken, toestel 2101",
    )
    internal = make_item(
        "fiche", title="Pincode van de identiteitskaart kwijt", external_id="pincode-kwijt", visibility="internal",
        short_answer="INTERN-KORT: vraag een nieuwe PIN-code aan via het loket.", themes=["Burgerzaken"],
        owner=team, keywords=["pin", "puk"],
        sections=[("Procedure", "Het loket vraagt de code aan bij de FOD.")],
        phone_questions="Heeft u de brief met de PUK-code nog?",
        phone_steps="Vraag een nieuwe code aan aan de balie.",
        phone_notes="NOTITIE-INTERN: nooit de code telefonisch doorgeven.",
    )
    stale = make_item(
        "fiche", title="Afvalkalender opvragen", external_id="afvalkalender",
        short_answer="De afvalkalender staat op de website.", themes=["Afval"], owner=team,
        review_interval_months=6, last_reviewed=dt.date(2020, 1, 15),
    )
    draft = make_item("fiche", title="Ontwerp pincode procedure", external_id="ontwerp-pincode", live=False,
                      short_answer="ONTWERP-KORT nog niet klaar.", themes=["Burgerzaken"],
                      phone_notes="ONTWERP-NOTITIE")
    other_theme = make_item("fiche", title="Zwembad openingsuren", external_id="zwembad-uren",
                            short_answer="Het zwembad is elke dag open.", themes=["Sport"])
    reindex()
    return PhoneCatalogue(product=product, internal=internal, stale=stale, draft=draft, other_theme=other_theme)


@pytest.fixture
def operator(db):
    return make_user("onthaal1", perms=["kennisbank.view_internal"])


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def plain_client(client, db):
    """A logged-in user without any permission."""
    client.force_login(make_user("burger1"))
    return client
