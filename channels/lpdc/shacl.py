"""Validate LPDC instance snapshots against the official SHACL shape, with the problems in Dutch.

Contract:
- :func:`validate_member` takes one stream member (a JSON-LD node in the shape of our pages, with the page's
  ``@context``), turns it into RDF with PyLD (bundled contexts, no network) and runs pySHACL against
  ``data/instantie-shape.ttl`` (verbatim from Informatievlaanderen/ipdc-lpdc ``shacl/instantie-shape.ttl``).
- The shape checks ``sh:class`` on code-list values and organisations, so the validation context holds what LPDC
  itself knows: the official code lists (``data/codelijsten/*.ttl``, verbatim from the same repository) and, for
  the IRIs named as organisations, that they are a ``besluit:Bestuurseenheid`` (a ``m8g:PublicOrganisation``), as
  LPDC's own SHACL tests set it up (lblod/app-lpdc-digitaal-loket ``migration-scripts/tests-shacl``), and for the
  concept a product is based on (``dct:source``), that it is an IPDC ``ConceptualPublicService`` (LPDC holds the
  concepts it reads from IPDC).
- The result is a list of :class:`Violation` (empty: the member conforms), each with a Dutch message naming the
  field by the shape's ``sh:name`` and the node it sits on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SH

from importers.jsonld_documents import to_nquads

DATA_DIR = Path(__file__).resolve().parent / "data"
BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
M8G = Namespace("http://data.europa.eu/m8g/")
PAV_CREATED_BY = URIRef("http://purl.org/pav/createdBy")
DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")
CONCEPTUAL_PUBLIC_SERVICE = URIRef("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#ConceptualPublicService")
ORGANISATION_PROPERTIES = (PAV_CREATED_BY, M8G.hasCompetentAuthority,
                           URIRef("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#hasExecutingAuthority"))


@dataclass(frozen=True)
class Violation:
    """One SHACL result: ``field`` (the shape's sh:name), ``message`` (Dutch), ``node`` (focus node IRI or blank
    node label), ``value`` (the offending value, may be empty)."""

    field: str
    message: str
    node: str
    value: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(DATA_DIR / "instantie-shape.ttl", format="turtle")
    return graph


@cache
def _code_lists() -> Graph:
    graph = Graph()
    for path in sorted((DATA_DIR / "codelijsten").glob("*.ttl")):
        graph.parse(path, format="turtle")
    graph.add((BESLUIT.Bestuurseenheid, RDFS.subClassOf, M8G.PublicOrganisation))
    return graph


@cache
def _field_names() -> dict[URIRef, str]:
    """sh:path → sh:name of every property shape (the names LPDC uses)."""
    shapes = shapes_graph()
    names: dict[URIRef, str] = {}
    for prop in shapes.subjects(SH.path, None):
        path, name = shapes.value(prop, SH.path), shapes.value(prop, SH.name)
        if isinstance(path, URIRef) and name is not None:
            names.setdefault(path, str(name))
    return names


def member_graph(member: dict[str, Any], context: Any) -> Graph:
    """The member as an rdflib graph (PyLD → N-Quads → rdflib)."""
    graph = Graph()
    graph.parse(data=to_nquads({"@context": context, **member}), format="nquads")
    return graph


def _message(component: str, field: str, shape: Graph, source: Any, value: str) -> str:
    count = lambda p: shape.value(source, p)  # noqa: E731
    params = {"field": field, "value": value}
    if component == "MinCountConstraintComponent":
        return _("«%(field)s» ontbreekt (verplicht in LPDC).") % params
    if component == "MaxCountConstraintComponent":
        return _("«%(field)s» mag hoogstens %(n)s keer voorkomen.") % {**params, "n": count(SH.maxCount)}
    if component == "DatatypeConstraintComponent":
        return _("«%(field)s» heeft een verkeerd gegevenstype (%(value)s).") % params
    if component == "ClassConstraintComponent":
        return _("«%(field)s» verwijst naar %(value)s, dat geen geldige waarde uit de codelijst of geen gekende "
                 "organisatie is.") % params
    if component == "LanguageInConstraintComponent":
        return _("«%(field)s» heeft een taal die LPDC niet aanvaardt (%(value)s).") % params
    if component == "UniqueLangConstraintComponent":
        return _("«%(field)s» heeft meer dan één tekst in dezelfde taal.") % params
    if component == "PatternConstraintComponent":
        return _("«%(field)s» heeft een ongeldige vorm (%(value)s).") % params
    return _("«%(field)s» voldoet niet aan de regels van LPDC (%(rule)s).") % {**params, "rule": component}


def validate_graph(data: Graph) -> list[Violation]:
    """pySHACL against the official shape; see the module docstring for the context."""
    from pyshacl import validate

    # SHACL's sh:class follows rdf:type / rdfs:subClassOf* in the data graph, so the context goes in beside it.
    context = Graph()
    context += data
    context += _code_lists()
    for prop in ORGANISATION_PROPERTIES:
        for organisation in data.objects(None, prop):
            context.add((organisation, RDF.type, BESLUIT.Bestuurseenheid))
    for concept in data.objects(None, DCT_SOURCE):
        context.add((concept, RDF.type, CONCEPTUAL_PUBLIC_SERVICE))
    conforms, report, _text = validate(context, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    if conforms:
        return []
    names = _field_names()
    shape = shapes_graph()
    out: list[Violation] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        component = str(report.value(result, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        source = report.value(result, SH.sourceShape)
        field = names.get(path, str(path)) if isinstance(path, URIRef) else str(path or "")
        shown = str(value) if value is not None else ""
        out.append(Violation(field=field, message=_message(component, field, shape, source, shown),
                             node=str(focus or ""), value=shown))
    return sorted(out, key=lambda v: (v.node, v.field, v.message))


def validate_member(member: dict[str, Any], context: Any) -> list[Violation]:
    """Validate one stream member (with the stream's ``@context``); empty list: it conforms."""
    return validate_graph(member_graph(member, context))
