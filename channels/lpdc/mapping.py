"""Our product → the content of an LPDC instance snapshot (the IPDC-LPDC implementation model, short keys of
``ipdc-lpdc-im.jsonld``), the mapping documented in docs/ipdc.md.

Contract of :func:`member_content`: a dict with every content key of the member (no ``@id``, ``isVersionOf``,
``generatedAtTime``: the stream adds those). Texts are HTML in language ``nl-BE-x-formal`` (we write in the "u"
form); keywords are ``nl`` (LPDC only reads Dutch keywords as ``@nl``). The shape's limits are respected: at most one
requirement (``voorwaarden``) and one procedure (``procedures``), an ordered list of costs. Raises
:class:`IdentityMissing` when the municipality's bestuurseenheid or NIS code is not filled in (LPDC rejects a member
without them).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from importers.ipdc import NO_CONDITIONS
from importers.models import ConceptLink
from kennisbank.identity import Identity
from kennisbank.markdown import markdown_to_text, render_markdown
from kennisbank.models import ProductPage, ServicePoint
from kennisbank.opening import hours_text
from kennisbank.prices import euro
from kennisbank.vocabulary import AudienceCode, SectionKind

LANGUAGE = "nl-BE-x-formal"
KEYWORD_LANGUAGE = "nl"
#: Our audience → the IPDC Doelgroep concept (employees have no counterpart).
AUDIENCES: dict[str, str] = {AudienceCode.CITIZEN: "Burger", AudienceCode.BUSINESS: "Onderneming",
                             AudienceCode.ASSOCIATION: "Vereniging"}
_GEO_FILE = Path(__file__).resolve().parent / "data" / "codelijsten" / "geografisch-toepassingsgebied.ttl"
_LINK_RE = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_HOUSE_RE = re.compile(r"^(?P<street>.*?\D)\s+(?P<number>\d+[A-Za-z]?)(?:\s*(?:bus|b\.)\s*(?P<box>\S+))?$")


class IdentityMissing(Exception):
    """The municipality's bestuurseenheid IRI or NIS code is missing (site settings)."""


@cache
def lau_codes() -> dict[str, str]:
    """NIS code → LAU code of the IPDC geography code list (``BE25333037`` for 33037)."""
    text = _GEO_FILE.read_text(encoding="utf-8")
    return {m.group(2): m.group(1) + m.group(2) for m in re.finditer(r"^nuts:(BE[0-9A-Z]{3})(\d{5})\s*$", text, re.M)}


def _text(value: str) -> dict[str, str]:
    return {LANGUAGE: value}


def _html(markdown: str) -> str:
    return str(render_markdown(markdown)).strip()


def _sections(page: ProductPage) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for section in page.sections():
        if section["text"].strip():
            out.setdefault(section["kind"], []).append(section)
    return out


def _joined(sections: list[dict[str, str]], *, headings: bool = False) -> str:
    parts = []
    for section in sections:
        if headings and section["heading"]:
            parts.append(f"### {section['heading']}")
        parts.append(section["text"])
    return "\n\n".join(parts)


def _node(kind: str, name: str, description_html: str, order: int, **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": kind, "naam": _text(name), "beschrijving": _text(description_html), "order": order}
    node.update(extra)
    return node


def _websites(links: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"@type": "Website", "naam": _text(label), "url": url, "order": n} for n, (label, url) in enumerate(links)]


def _address(point: ServicePoint) -> list[dict[str, Any]]:
    match = _HOUSE_RE.match(" ".join(point.address.split()))
    if not match or not point.postal_code or not point.city:
        return []  # the shape requires street, number, postcode, municipality and country
    address: dict[str, Any] = {"@type": "Adres", "straatnaam": {"nl": match["street"].strip(" ,")},
                               "huisnummer": match["number"], "postcode": point.postal_code,
                               "gemeentenaam": {"nl": point.city}, "land": {"nl": "België"}}
    if match["box"]:
        address["busnummer"] = match["box"]
    return [address]


def contact_point(point: ServicePoint, order: int) -> dict[str, Any]:
    """A service point as ``Contactgegevens`` (address, e-mail, phone, website, opening hours as text)."""
    node: dict[str, Any] = {"@type": "Contactgegevens", "order": order}
    if point.email:
        node["email"] = point.email
    if point.phone:
        node["telefoonnummer"] = point.phone
    if point.url:
        node["url"] = point.url
    hours = hours_text(point)
    if hours:
        node["openingsuren"] = hours.replace("\n", "; ")
    address = _address(point)
    if address:
        node["adres"] = address
    return node


def member_content(page: ProductPage, identity: Identity) -> dict[str, Any]:
    """The content keys of the snapshot member for ``page`` (see the module docstring)."""
    unit, lau = identity.administrative_unit, lau_codes().get(identity.nis_code or "")
    if not unit or not lau:
        raise IdentityMissing(_("Vul bij Instellingen → Gemeente de bestuurseenheid (IRI) en een geldige NIS-code in: "
                                "zonder die gegevens aanvaardt LPDC geen producten."))
    sections = _sections(page)
    content: dict[str, Any] = {"aangemaaktDoor": unit, "naam": _text(page.title)}
    description = [page.short_answer, _joined(sections.get(SectionKind.INTRO, []) + sections.get(SectionKind.WHAT, []))]
    content["beschrijving"] = _text(_html("\n\n".join(p for p in description if p.strip())))
    further = sections.get(SectionKind.LEAD_TIME, []) + sections.get(SectionKind.OTHER, [])
    if further:
        content["verdereBeschrijving"] = _text(_html(_joined(further, headings=True)))
    if SectionKind.EXCEPTIONS in sections:
        content["uitzonderingen"] = _text(_html(_joined(sections[SectionKind.EXCEPTIONS])))
    who, bring = sections.get(SectionKind.WHO), sections.get(SectionKind.WHAT_TO_BRING)
    if who or bring:
        requirement = _node("Voorwaarde", str(SectionKind.WHO.label),
                            _html(_joined(who)) if who else f"<p>{NO_CONDITIONS}</p>", 0)
        if bring:
            requirement["bewijs"] = {"@type": "Bewijs", "naam": _text(str(SectionKind.WHAT_TO_BRING.label)),
                                     "beschrijving": _text(_html(_joined(bring)))}
        content["voorwaarden"] = [requirement]
    actions = [(a.text, a.url) for a in page.actions.all() if a.url.startswith(("https://", "http://"))]
    how = sections.get(SectionKind.HOW_TO_APPLY)
    if how:
        procedure = _node("Procedure", str(SectionKind.HOW_TO_APPLY.label), _html(_joined(how)), 0)
        if actions:
            procedure["websites"] = _websites(actions)
        content["procedures"] = [procedure]
    elif actions:
        content["websites"] = _websites(actions)
    costs = [_node("Kost", line.label, f"<p>{euro(line.amount)}</p>" + (f"<p>{line.note}</p>" if line.note else ""), n)
             for n, line in enumerate(page.cost_lines.all())]
    if SectionKind.COST in sections:
        costs.append(_node("Kost", str(SectionKind.COST.label), _html(_joined(sections[SectionKind.COST])), len(costs)))
    if costs:
        content["kosten"] = costs
    advantages = sections.get(SectionKind.FINANCIAL_ADVANTAGE, [])
    if advantages:
        content["financieleVoordelen"] = [
            _node("FinancieelVoordeel", s["heading"] or str(SectionKind.FINANCIAL_ADVANTAGE.label), _html(s["text"]), n)
            for n, s in enumerate(advantages)]
    legal = sections.get(SectionKind.LEGAL, [])
    if legal:
        text = _joined(legal)
        content["regelgevingTekst"] = _text(_html(text))
        links = list(dict.fromkeys(_LINK_RE.findall(text)))
        if links:
            content["regelgeving"] = [{"@type": "Regelgeving", "naam": _text(markdown_to_text(label)), "url": url,
                                       "order": n} for n, (label, url) in enumerate(links)]
    points = [contact_point(p, n) for n, p in enumerate(page.service_points.all())]
    if points:
        content["contactgegevens"] = points
    if page.product_type:
        content["type"] = page.product_type
    audiences = [AUDIENCES[a.code] for a in page.audiences.all() if a.code in AUDIENCES]
    if audiences:
        content["doelgroepen"] = sorted(set(audiences))
    themes = sorted({t.ipdc_theme for t in page.themes.all() if t.ipdc_theme})
    if themes:
        content["themas"] = themes
    content["bevoegdeOverheden"] = [unit]
    content["uitvoerendeOverheden"] = [unit]
    content["geografischToepassingsgebieden"] = [lau]
    if page.keyword_list:
        content["zoektermen"] = {KEYWORD_LANGUAGE: page.keyword_list}
    concept = ConceptLink.objects.filter(product_id=page.pk).values_list("concept__iri", flat=True).first()
    if concept:
        content["linkedConcept"] = concept
    return content
