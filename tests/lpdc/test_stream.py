"""The instance-snapshot LDES as LPDC reads it: shape of the reference stub, SHACL-conform members, snapshots on
every change, archiving, immutable pages (lblod/app-lpdc-digitaal-loket docs/integrerende-gemeentes.md)."""

from __future__ import annotations

import pytest
from django.test import Client
from pyld import jsonld
from pyshacl import validate
from rdflib import Graph
from wagtail.models import PageViewRestriction

from channels.lpdc.models import Snapshot
from importers.jsonld_documents import offline_loader
from kennisbank import services
from kennisbank.models import ProductPage
from kennisbank.selectors import Scope, products
from tests.factories import make_item

from .conftest import DATA, UNIT, shacl_context

pytestmark = pytest.mark.django_db
URL = "/doc/instancesnapshot"


def all_members(client: Client) -> list[dict]:
    members, number = [], 0
    while True:
        response = client.get(URL, {"pageNumber": number})
        if response.status_code == 404:
            return members
        page = response.json()
        members += page["member"]
        if not any(r["@type"] == "GreaterThanOrEqualToRelation" for r in page["view"]["relation"]):
            return members
        number += 1


def test_every_member_of_the_demo_stream_conforms_to_the_official_shacl_shape(demo_catalogue):
    page = Client().get(URL, {"pageNumber": 0}, HTTP_HOST="testserver")
    assert page.status_code == 200
    document = page.json()
    members = all_members(Client())
    assert len({m["isVersionOf"] for m in members}) == products(Scope.PUBLIC).count() >= 20
    for member in members:
        nquads = jsonld.to_rdf({"@context": document["@context"], **member},
                               {"documentLoader": offline_loader, "format": "application/n-quads"})
        data = Graph().parse(data=nquads, format="nquads")
        data += shacl_context()
        shapes = Graph().parse(DATA / "instantie-shape.ttl", format="turtle")
        conforms, _report, text = validate(data, shacl_graph=shapes, inference="none")
        assert conforms, f"{member['@id']}:\n{text}"
    # A real JSON-LD processor reads the page as an LDES of instance snapshots.
    flattened = jsonld.flatten(document, None, {"documentLoader": offline_loader})
    types = {t for node in flattened for t in node.get("@type", [])}
    assert {"https://w3id.org/ldes#EventStream",
            "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#InstancePublicServiceSnapshot"} <= types
    # The admin's stored result agrees (run by the task at publish).
    assert Snapshot.objects.exclude(violations=[]).count() == 0
    assert not Snapshot.objects.filter(validated_at=None).exists()


def test_member_carries_the_content_model_mapped_to_the_implementation_model(demo_catalogue):
    members = {m["isVersionOf"]: m for m in all_members(Client())}
    premie = next(m for m in members.values() if m["naam"]["nl-BE-x-formal"] == "Gemeentelijke renovatiepremie")
    assert premie["@type"] == ["InstantieSnapshot"]
    assert premie["@id"].startswith("http://data.lblod.info/id/public-service-snapshot/")
    assert premie["isVersionOf"].startswith("http://data.lblod.info/id/public-service/")
    assert premie["aangemaaktDoor"] == UNIT and premie["bevoegdeOverheden"] == [UNIT]
    assert premie["geografischToepassingsgebieden"] == ["BE25333037"]  # NIS 33037 Zonnebeek in the LAU code list
    assert premie["type"] == "FinancieelVoordeel"
    assert premie["themas"] == ["BouwenWonen", "MilieuEnergie"]
    assert premie["doelgroepen"] == ["Burger"]
    assert "renovatiepremie" in premie["zoektermen"]["nl"]
    assert premie["beschrijving"]["nl-BE-x-formal"].startswith("<p>Isoleert of renoveert u uw woning")
    assert [r["url"] for r in premie["regelgeving"]] == [
        "https://zonnebeek.example.org/reglementen/renovatiepremie", "https://www.vlaanderen.be/mijn-verbouwpremie"]
    assert premie["financieleVoordelen"][0]["beschrijving"]["nl-BE-x-formal"].startswith("<p>U krijgt 20 procent")
    assert len(premie["voorwaarden"]) == 1 and "bewijs" in premie["voorwaarden"][0]
    assert premie["procedures"][0]["websites"][0]["url"] == "https://zonnebeek.example.org/renovatiepremie"
    assert premie["kosten"][0]["naam"]["nl-BE-x-formal"] == "Aanvraag"
    eid = next(m for m in members.values() if m["naam"]["nl-BE-x-formal"].startswith("Elektronische identiteitskaart")
               or m["naam"]["nl-BE-x-formal"].startswith("Identiteitskaart"))
    points = eid["contactgegevens"]
    assert any(p.get("adres", [{}])[0].get("postcode") == "8980" for p in points)
    assert any("openingsuren" in p for p in points)


def test_fiches_internal_items_and_drafts_never_appear(identity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_item("fiche", title="Publieke fiche")
        make_item("product", title="Intern product", visibility="internal")
        make_item("product", title="Ontwerp product", live=False)
        make_item("product", title="Publiek product")
    titles = [m["naam"]["nl-BE-x-formal"] for m in all_members(Client())]
    assert titles == ["Publiek product"]


def _publish_change(page: ProductPage, **changes) -> None:
    revision_page = page.get_latest_revision_as_object()
    for key, value in changes.items():
        setattr(revision_page, key, value)
    services.publish(revision_page)


def test_snapshots_follow_the_life_of_a_product(identity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_item("product", title="Bewonerskaart")
    first = Snapshot.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _publish_change(ProductPage.objects.get(pk=page.pk))  # unchanged content: nothing new
    assert Snapshot.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        _publish_change(ProductPage.objects.get(pk=page.pk), short_answer="U vraagt de kaart online aan.")
    with django_capture_on_commit_callbacks(execute=True):
        ProductPage.objects.get(pk=page.pk).unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(ProductPage.objects.get(pk=page.pk).get_latest_revision_as_object())
    with django_capture_on_commit_callbacks(execute=True):
        _publish_change(ProductPage.objects.get(pk=page.pk), visibility="internal")
    with django_capture_on_commit_callbacks(execute=True):
        ProductPage.objects.get(pk=page.pk).delete()
    members = all_members(Client())
    assert [m.get("gearchiveerd") for m in members] == [None, None, "true", None, "true"]
    assert {m["isVersionOf"] for m in members} == {first.member["isVersionOf"]}
    assert len({m["@id"] for m in members}) == 5
    assert members[1]["beschrijving"]["nl-BE-x-formal"] == "<p>U vraagt de kaart online aan.</p>"
    assert members[2]["naam"] == members[1]["naam"]  # the archive snapshot carries the full data
    times = [m["generatedAtTime"] for m in members]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert all(m["creatie"] == members[0]["creatie"] for m in members)


def test_view_restriction_archives_the_products_under_it(identity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_item("product", title="Achter een wachtwoord")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert [m.get("gearchiveerd") for m in all_members(Client())] == [None, "true"]


def test_pages_link_on_generated_at_time_and_closed_pages_are_immutable(identity, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.KENNISBANK_LPDC_PAGE_SIZE = 2
    settings.KENNISBANK_BASE_URL = "https://www.zonnebeek.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            make_item("product", title=f"Product {n}")
    client = Client()
    first, last = client.get(URL, {"pageNumber": 0}), client.get(URL, {"pageNumber": 2})
    assert first["Content-Type"] == "application/ld+json"
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"
    assert last["Cache-Control"] == "public, max-age=60"
    doc0, doc2 = first.json(), last.json()
    assert doc0["@id"] == doc0["view"]["@id"] == "https://www.zonnebeek.example.org/doc/instancesnapshot?pageNumber=0"
    assert doc0["@context"] == [
        "https://www.zonnebeek.example.org/doc/ipdc-lpdc-im.jsonld", "https://www.zonnebeek.example.org/doc/ldes.jsonld"]
    assert doc0["timestampPath"] == "generatedAtTime" and doc0["versionOfPath"] == "isVersionOf"
    assert [(r["@type"], r["node"][-1]) for r in doc0["view"]["relation"]] == [("GreaterThanOrEqualToRelation", "1")]
    assert [(r["@type"], r["node"][-1]) for r in doc2["view"]["relation"]] == [("LessThanOrEqualToRelation", "1")]
    second = client.get(URL, {"pageNumber": 1}).json()
    assert doc0["view"]["relation"][0]["value"] <= second["member"][0]["generatedAtTime"]
    assert len(doc2["member"]) == 1
    again = client.get(URL, {"pageNumber": 0}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert client.get(URL, {"pageNumber": 3}).status_code == 404
    bad = client.get(URL, {"pageNumber": "x"})
    assert bad.status_code == 400 and "pageNumber" in bad.json()["detail"]
    # The contexts beside the pages are the official documents, and PyLD reads a page through them.
    im = client.get("/doc/ipdc-lpdc-im.jsonld")
    assert im.status_code == 200 and "InstantieSnapshot" in im.json()["@context"]
    expanded = jsonld.expand(doc0, {"documentLoader": offline_loader})
    assert expanded[0]["@type"] == ["https://w3id.org/ldes#EventStream"]
    assert len(expanded[0]["https://w3id.org/tree#member"]) == 2


def test_admin_shows_conformance_per_product_in_dutch(identity, admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        good = make_item("product", title="Goed product")
        bad = make_item("product", title="Fout product")
    snapshot = Snapshot.objects.get(instance__page_id=bad.pk)
    member = {**snapshot.member, "geografischToepassingsgebieden": ["BE99999999"]}
    member.pop("naam")
    from channels.lpdc import tasks

    Snapshot.objects.filter(pk=snapshot.pk).update(member=member)
    snapshot.refresh_from_db()
    tasks.validate(snapshot)
    html = admin_client.get("/admin/lpdc/").content.decode()
    assert f'data-external-id="{bad.external_id}"' in html and f'data-external-id="{good.external_id}"' in html
    assert "«name» ontbreekt (verplicht in LPDC)." in html
    assert "«spatial» verwijst naar http://data.europa.eu/nuts/code/BE99999999" in html
    assert html.index(bad.external_id) < html.index(good.external_id)  # problems first
    assert "In orde" in html


def test_nothing_is_published_without_the_municipality_identity(site_structure, admin_client,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_item("product", title="Zonder bestuurseenheid")
    assert Snapshot.objects.count() == 0
    assert "De bestuurseenheid (IRI) ontbreekt" in admin_client.get("/admin/lpdc/").content.decode()
    assert Client().get(URL).json()["member"] == []

