"""A product made from an IPDC concept names it in the LPDC stream (``linkedConcept``, dct:source), and the member
still conforms to the official SHACL shape with the concept known, as LPDC knows the concepts it reads from IPDC."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import Client
from pyld import jsonld
from pyshacl import validate
from rdflib import RDF, Graph, URIRef

from channels.lpdc.models import Snapshot
from importers.ipdc_concepts import create_product, import_concepts
from importers.jsonld_documents import offline_loader
from kennisbank import services

from .conftest import DATA, shacl_context

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "ipdc" / "concepts"
CONCEPT = "https://ipdc.tni-vlaanderen.be/id/concept/4f1c2a9e-6d3b-4b8e-9a51-2c7d0e9f1a01"


def test_published_product_from_a_concept_links_the_concept_and_conforms(identity, tmp_path,
                                                                          django_capture_on_commit_callbacks):
    shutil.copy(PAGES / "page-0.json", tmp_path / "page-0.json")
    assert import_concepts(tmp_path).ok
    product = create_product("2301")
    assert not Snapshot.objects.exists()  # a draft is not in the stream
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(product.get_latest_revision_as_object())
    document = Client().get("/doc/instancesnapshot", {"pageNumber": 0}).json()
    [member] = document["member"]
    assert member["linkedConcept"] == CONCEPT and member["naam"]["nl-BE-x-formal"] == "Adreswijziging doorgeven"
    nquads = jsonld.to_rdf({"@context": document["@context"], **member},
                           {"documentLoader": offline_loader, "format": "application/n-quads"})
    data = Graph().parse(data=nquads, format="nquads")
    assert (URIRef(member["@id"]), URIRef("http://purl.org/dc/terms/source"), URIRef(CONCEPT)) in data
    data += shacl_context()
    data.add((URIRef(CONCEPT), RDF.type,
              URIRef("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#ConceptualPublicService")))
    conforms, _report, text = validate(data, shacl_graph=Graph().parse(DATA / "instantie-shape.ttl"),
                                       inference="none")
    assert conforms, text
    assert Snapshot.objects.get().violations == []


def test_round_trip_keeps_the_link_to_the_concept(identity, tmp_path, django_capture_on_commit_callbacks):
    from importers.ipdc import import_ipdc
    from importers.models import ConceptLink
    from kennisbank.models import ContentPage, ProductPage

    shutil.copy(PAGES / "page-0.json", tmp_path / "page-0.json")
    import_concepts(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(create_product("2301").get_latest_revision_as_object())
    stream = tmp_path / "stream"
    stream.mkdir()
    (stream / "page-0.json").write_text(Client().get("/doc/instancesnapshot", {"pageNumber": 0}).content.decode())
    for page in ContentPage.objects.all():
        page.delete()
    assert not ConceptLink.objects.exists()
    assert import_ipdc(stream).ok
    [product] = ProductPage.objects.all()
    assert product.title == "Adreswijziging doorgeven"
    assert ConceptLink.objects.get(product=product).concept.iri == CONCEPT
