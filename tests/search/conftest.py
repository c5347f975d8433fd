"""Fixtures for the search conformance suite: a small Dutch corpus and fresh backends.

``backend`` yields an empty backend per test, parametrised over ``embedded`` (in tmp_path) and
``meilisearch`` (only when MEILI_URL is set; unique index per test, deleted afterwards).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from search.backends import get_backend
from search.port import SearchBackend
from search.settings import SearchSettings, default_settings

SYNONYMS = [
    ["eID", "ID-kaart", "identiteitskaart", "elektronische identiteitskaart"],
    ["rijbewijs", "autopapieren"],
]


def make_doc(doc_id: str, title: str, **fields: object) -> dict:
    """A search document with sensible defaults for every key."""
    doc = {
        "id": doc_id,
        "type": "product",
        "title": title,
        "short_answer": "",
        "body": "",
        "keywords": [],
        "themes": [],
        "theme_slugs": [],
        "life_events": [],
        "life_event_slugs": [],
        "audience": ["citizen"],
        "visibility": "public",
        "url": f"/producten/{doc_id}/",
        "updated_at": "2026-01-15T10:00:00+00:00",
        "owner": "burgerzaken",
    }
    doc.update(fields)
    return doc


CORPUS = [
    make_doc(
        "reispas",
        "Reispas aanvragen",
        short_answer="U vraagt een reispas aan bij de dienst Burgerzaken van uw gemeente.",
        body="Met een reispas reist u buiten Europa. Hoe lang duurt het? De aanvraag duurt ongeveer "
        "een week. Breng een recente pasfoto mee.",
        keywords=["paspoort", "reizen"],
        themes=["Reizen"],
        theme_slugs=["reizen"],
        life_events=["Op reis gaan"],
        life_event_slugs=["op-reis"],
    ),
    make_doc(
        "eid-aanvragen",
        "eID aanvragen",
        short_answer="Elke Belg vanaf 12 jaar heeft een elektronische identiteitskaart.",
        body="U krijgt een uitnodiging van de gemeente. Breng uw oude kaart mee naar het loket.",
        keywords=["identiteit"],
        themes=["Identiteit"],
        theme_slugs=["identiteit"],
    ),
    make_doc(
        "id-kaart-verloren",
        "Verloren of gestolen ID-kaart",
        type="fiche",
        short_answer="Meld het verlies van uw ID-kaart bij de politie of via Checkdoc.",
        body="Na de melding kunt u een nieuwe kaart laten maken.",
        themes=["Identiteit"],
        theme_slugs=["identiteit"],
    ),
    make_doc(
        "omgevingsvergunning",
        "Omgevingsvergunning voor bouwen",
        short_answer="Voor bouwen of verbouwen hebt u meestal een omgevingsvergunning nodig.",
        body="Dien uw aanvraag in via het Omgevingsloket.",
        themes=["Wonen"],
        theme_slugs=["wonen"],
        life_events=["Verhuizen"],
        life_event_slugs=["verhuizen"],
        audience=["citizen", "business"],
    ),
    make_doc(
        "drankvergunning",
        "Drankvergunning voor een café",
        short_answer="Wie een café uitbaat, heeft een vergunning nodig voor sterke drank.",
        themes=["Ondernemen"],
        theme_slugs=["ondernemen"],
        audience=["business"],
    ),
    make_doc(
        "geboorteaangifte",
        "Geboorteaangifte",
        short_answer="Doe de aangifte van een geboorte binnen 15 dagen na de bevalling.",
        themes=["Gezin"],
        theme_slugs=["gezin"],
        life_events=["Geboorte"],
        life_event_slugs=["geboorte"],
    ),
    make_doc(
        "belg-worden",
        "Belg worden",
        type="fiche",
        short_answer="Wie lang in België woont, kan de Belgische nationaliteit aanvragen.",
        themes=["Identiteit"],
        theme_slugs=["identiteit"],
    ),
    make_doc(
        "fiets-graveren",
        "Fiets laten graveren",
        short_answer="Laat uw fiets graveren tegen diefstal.",
        themes=["Mobiliteit"],
        theme_slugs=["mobiliteit"],
    ),
    make_doc(
        "parkeerkaart",
        "Parkeerkaart voor bewoners & bezoekers <b>",
        short_answer="Met een bewonerskaart parkeert u in uw eigen straat.",
        themes=["Mobiliteit"],
        theme_slugs=["mobiliteit"],
    ),
    make_doc(
        "intern-reispas-spoed",
        "Interne werkwijze reispas bij spoed",
        type="fiche",
        visibility="internal",
        short_answer="Alleen voor medewerkers: spoedprocedure voor een reispas.",
        themes=["Reizen"],
        theme_slugs=["reizen"],
        audience=["employee"],
    ),
]


@pytest.fixture
def search_settings() -> SearchSettings:
    return default_settings(synonyms=SYNONYMS)


@pytest.fixture(params=["embedded", pytest.param("meilisearch", marks=pytest.mark.meili)])
def backend(request: pytest.FixtureRequest, tmp_path, search_settings) -> Iterator[SearchBackend]:
    """A fresh, empty backend with the test settings applied."""
    if request.param == "meilisearch":
        url = os.environ.get("MEILI_URL")
        if not url:
            pytest.skip("MEILI_URL not set: the Meilisearch half of the conformance suite needs a running server")
        uid = f"test_{uuid.uuid4().hex[:12]}"
        instance = get_backend(
            kind="meilisearch",
            meili_url=url,
            meili_index=uid,
            settings=search_settings,
            meili_key=os.environ.get("MEILI_MASTER_KEY"),
        )
        instance.apply_settings(search_settings)
        yield instance
        instance.client.wait_for_task(instance.client.delete_index(uid).task_uid)
        for key in instance.client.get_keys({"limit": 1000}).results:
            if key.description and uid in key.description:
                instance.client.delete_key(key.uid)
        return
    instance = get_backend(kind="embedded", index_dir=tmp_path / "search-index", settings=search_settings)
    instance.apply_settings(search_settings)
    yield instance


@pytest.fixture
def loaded(backend: SearchBackend) -> SearchBackend:
    """The backend with :data:`CORPUS` indexed."""
    backend.upsert(CORPUS)
    return backend


@pytest.fixture
def corpus() -> list[dict]:
    """A copy of the test corpus (10 documents, one internal)."""
    return [dict(doc) for doc in CORPUS]


@pytest.fixture(name="make_doc")
def make_doc_fixture():
    """The :func:`make_doc` factory."""
    return make_doc


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the on-commit callbacks (the index tasks) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
