"""Fixtures for the website and API tests: a small catalogue with public, internal and draft content.

Every marker string in :data:`SECRET_MARKERS` belongs to content the public must never see (internal items,
drafts, unpublished changes, internal fields of public items); the leak test looks for them in every response.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kennisbank import services
from kennisbank.models import ContentPage, CostLine, RelatedItem, ServicePoint
from search import service as search_service
from search.documents import iter_documents
from search.passages import with_vectors
from tests.factories import make_item, make_team

SECRET_MARKERS = [
    "GEHEIMINTERNTITEL", "GEHEIMINTERNANTWOORD", "GEHEIMINTERNRUBRIEK", "intern-geheim-xq",
    "ONTWERPTITEL", "ONTWERPANTWOORD", "ontwerp-geheim-xq",
    "WIJZIGINGNIETGEPUBLICEERD",
    "TELEFOONNOTITIEGEHEIM", "TELEFOONSTAPGEHEIM", "TELEFOONVRAAGGEHEIM", "TOESTEL9876",
    "eigenaar-geheim@example.org",
    "BURGEROPMERKINGGEHEIM",  # a citizen's comment: only the editors' feedback inbox shows it
    "BURGERNAAMGEHEIM", "0499 87 65 43", "burgermail-geheim@example.org",  # a callback request's personal data
    "BERICHTGEHEIM",  # a bericht for operators
]


@dataclass
class Catalogue:
    product: ContentPage
    fiche: ContentPage
    other_fiche: ContentPage
    internal: ContentPage
    draft: ContentPage
    changed: ContentPage


def reindex() -> None:
    """Index every live item (tests create content inside one transaction, so on-commit indexing does not run)."""
    search_service.backend().upsert(with_vectors(iter_documents()))


@pytest.fixture
def catalogue(site_structure, search_index) -> Catalogue:
    team = make_team("Dienst Burgerzaken", email="eigenaar-geheim@example.org")
    team.phone_extension = "TOESTEL9876"
    team.save()
    product = make_item(
        "product", title="Identiteitskaart aanvragen", external_id="eid-aanvragen",
        short_answer="U vraagt uw identiteitskaart aan aan de balie van het stadhuis.",
        themes=["Burgerzaken"], life_events=["Verhuizen"], audiences=["burger"], owner=team,
        sections=[("Wat meebrengen?", "- uw oude kaart\n- een pasfoto"), ("Termijn", "Ongeveer **drie weken**.")],
        keywords=["eID", "ID-kaart"], phone_notes="TELEFOONNOTITIEGEHEIM", phone_steps="TELEFOONSTAPGEHEIM",
        phone_questions="TELEFOONVRAAGGEHEIM", phone_transfer="Burgerzaken TOESTEL9876",
        appointment_required=True, online_url="https://example.org/eloket",
    )
    fiche = make_item(
        "fiche", title="Wat doe ik als mijn identiteitskaart verloren is?", external_id="eid-verloren",
        short_answer="Laat uw kaart meteen blokkeren via DOC STOP.", themes=["Burgerzaken"],
        sections=[("Blokkeren", "Bel DOC STOP.")], phone_notes="TELEFOONNOTITIEGEHEIM",
    )
    other_fiche = make_item("fiche", title="Hoe geef ik een verhuis door?", external_id="verhuis-doorgeven",
                            short_answer="Geef uw verhuis binnen acht dagen door.", themes=["Wonen"],
                            life_events=["Verhuizen"])
    internal = make_item(
        "fiche", title="GEHEIMINTERNTITEL pincode", external_id="intern-geheim-xq", visibility="internal",
        short_answer="GEHEIMINTERNANTWOORD enkel voor het loket.", themes=["Burgerzaken", "Geheimthema"],
        life_events=["Verhuizen"], sections=[("Procedure", "GEHEIMINTERNRUBRIEK")],
    )
    draft = make_item("fiche", title="ONTWERPTITEL nieuwe fiche", external_id="ontwerp-geheim-xq", live=False,
                      short_answer="ONTWERPANTWOORD nog niet klaar.", themes=["Burgerzaken", "Ontwerpthema"])
    changed = make_item("fiche", title="Afval ophalen", external_id="afval-ophalen",
                        short_answer="De afvalkalender staat online.", themes=["Afval"])
    changed.short_answer = "WIJZIGINGNIETGEPUBLICEERD"
    services.save_draft(changed)
    point = ServicePoint.objects.create(name="Snelbalie Stadhuis", kind="town_hall", address="Markt 1")
    CostLine.objects.create(page=product, label="Volwassene", amount="25.30", sort_order=0)
    for target in (fiche, internal, draft):
        RelatedItem.objects.create(page=product, target=target)
    fresh = ContentPage.objects.get(pk=product.pk).specific
    fresh.service_points.set([point])
    services.publish(fresh)
    reindex()
    return Catalogue(product=ContentPage.objects.get(pk=product.pk).specific, fiche=fiche, other_fiche=other_fiche,
                     internal=internal, draft=draft, changed=changed)


def assert_no_secrets(body: str, where: str) -> None:
    """Fail naming the marker and the URL when secret content appears in a public response."""
    found = [m for m in SECRET_MARKERS if m.lower() in body.lower()]
    assert not found, f"{where} leaks {found}"
