"""Import IPDC/LPDC instance snapshots (JSON-LD, a Linked Data Event Stream) as products.

Contract of :func:`import_ipdc` (docs/ipdc.md has the full mapping):
- The source is an LDES start URL (pages are fetched over HTTP and every ``tree:relation`` is followed once), a
  directory of page files (``.json``/``.jsonld``, sorted by name) or one file. JSON-LD is processed by PyLD with the
  bundled official contexts (:mod:`importers.jsonld_documents`, no network for contexts; an unknown remote context
  is an error naming it). Compacted, expanded and flattened documents give the same result.
- Members are the ``InstancePublicServiceSnapshot`` nodes (an ``InstancePublicService`` without ``isVersionOf``
  counts as its own version). Identity is ``isVersionOf``: the external id is ``ipdc-<last segment>``; per instance
  the snapshot with the latest ``generatedAtTime`` wins and older ones are skipped.
- ``gearchiveerd`` true, or an ``eindeDienstVerlening`` in the past, unpublishes the product (it is never created
  for that). Code lists are read as IRIs (the context's ``@base`` resolves ``"BouwenWonen"``); themes map through
  the admin's IPDC-theme field of our themes.
- Incremental: a cursor per source (:class:`importers.models.IpdcCursor`) remembers the last processed
  ``generatedAtTime``; members at or before it are skipped (``full=True`` ignores it). A second run changes nothing.
- Errors name the page (URL or file), the member ``@id`` and the JSON path; with any error nothing is written (one
  transaction, through :func:`importers.pipeline.import_records`); ``dry_run`` writes nothing, not even the cursor.
- A snapshot's ``linkedConcept`` links the product to that IPDC concept when it has been read
  (:mod:`importers.ipdc_concepts`).
- Existing products keep what IPDC does not carry (life events, owner, review data, phone script, related items,
  visibility).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kennisbank.markdown import markdown_to_text
from kennisbank.models import ContentPage, ProductPage, ServicePoint, Theme
from kennisbank.prices import amounts_in
from kennisbank.vocabulary import ActionKind, AudienceCode, ItemType, ProductType, SectionKind, guess_action_kind

from .body import Section, kind_for_heading
from .html_text import html_to_markdown
from .jsonld import JsonError, LDict, LList, load_json
from .jsonld_documents import UnknownContext, flatten
from .limits import MAX_DEPTH, check_file, check_json_arrays
from .pipeline import ImportIssue, ImportReport, ParsedItem, Progress, current_record, import_records
from .record import ActionItem, CostItem, ItemRecord
from .schema import COST_AMOUNT_MAX, COST_LABEL_MAX, KEYWORD_MAX, NAME_MAX, SHORT_ANSWER_MAX, TITLE_MAX, RecordResult

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# --- vocabulary ---------------------------------------------------------------------------------------------------
DCT = "http://purl.org/dc/terms/"
LPDC = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#"
M8G = "http://data.europa.eu/m8g/"
CPSV = "http://purl.org/vocab/cpsv#"
SCHEMA = "http://schema.org/"
ADRES = "https://data.vlaanderen.be/ns/adres#"
TREE = "https://w3id.org/tree#"
RDF_TYPE = "@type"
P = {
    "naam": DCT + "title", "beschrijving": DCT + "description", "verdereBeschrijving": LPDC + "additionalDescription",
    "uitzonderingen": LPDC + "exception", "regelgevingTekst": LPDC + "regulation",
    "voorwaarden": "http://vocab.belgif.be/ns/publicservice#hasRequirement", "bewijs": M8G + "hasSupportingEvidence",
    "procedures": CPSV + "follows", "websites": "http://www.w3.org/2000/01/rdf-schema#seeAlso",
    "procedureWebsites": LPDC + "hasWebsite", "kosten": M8G + "hasCost", "financieleVoordelen": CPSV + "produces",
    "regelgeving": M8G + "hasLegalResource", "contactgegevens": M8G + "hasContactPoint", "url": SCHEMA + "url",
    "order": "http://www.w3.org/ns/shacl#order", "type": DCT + "type", "doelgroepen": LPDC + "targetAudience",
    "themas": M8G + "thematicArea", "zoektermen": "http://www.w3.org/ns/dcat#keyword",
    "isVersionOf": DCT + "isVersionOf", "generatedAtTime": "http://www.w3.org/ns/prov#generatedAtTime",
    "gearchiveerd": LPDC + "isArchived", "eindeDienstVerlening": SCHEMA + "endDate", "email": SCHEMA + "email",
    "telefoonnummer": SCHEMA + "telephone", "openingsuren": SCHEMA + "openingHours", "adres": LPDC + "address",
    "straatnaam": ADRES + "Straatnaam", "huisnummer": ADRES + "Adresvoorstelling.huisnummer",
    "busnummer": ADRES + "Adresvoorstelling.busnummer", "postcode": ADRES + "postcode",
    "gemeentenaam": ADRES + "gemeentenaam", "member": TREE + "member", "relation": TREE + "relation",
    "node": TREE + "node", "linkedConcept": DCT + "source",
}
SNAPSHOT_TYPES = frozenset({LPDC + "InstancePublicServiceSnapshot"})
INSTANCE_TYPES = frozenset({LPDC + "InstancePublicService", CPSV + "PublicService"})
THEME_BASE = "https://productencatalogus.data.vlaanderen.be/id/concept/Thema/"
TYPE_BASE = "https://productencatalogus.data.vlaanderen.be/id/concept/Type/"
AUDIENCE_BASE = "https://productencatalogus.data.vlaanderen.be/id/concept/Doelgroep/"
#: Dutch language tags in order of preference (PyLD lowercases tags): instances.
DUTCH = ("nl-be-x-formal", "nl", "nl-be", "nl-be-x-informal", "nl-be-x-generated-formal",
         "nl-be-x-generated-informal")
#: The same for concepts: IPDC writes ``nl`` and generates a formal ("u") and an informal version; we address
#: citizens with "u".
CONCEPT_DUTCH = ("nl-be-x-generated-formal", "nl-be-x-formal", "nl", "nl-be", "nl-be-x-generated-informal",
                 "nl-be-x-informal")
ID_PREFIX = "ipdc-"
#: Description the LPDC publisher writes for a requirement when a product has no conditions (the shape requires one);
#: read back as "no Voor wie? section".
NO_CONDITIONS = "Er zijn geen bijzondere voorwaarden."

#: IPDC theme (local name) → the theme name used when none of our themes has that IPDC theme.
THEMES: dict[str, str] = {
    "BurgerOverheid": "Burgerzaken", "CultuurSportVrijeTijd": "Vrije tijd", "EconomieWerk": "Ondernemen",
    "MilieuEnergie": "Afval en milieu", "MobiliteitOpenbareWerken": "Mobiliteit",
    "OnderwijsWetenschap": "Onderwijs en wetenschap", "WelzijnGezondheid": "Welzijn en zorg",
    "BouwenWonen": "Wonen en bouwen",
}
#: IPDC target audience (Doelgroep local name) → our audience code (None: no counterpart, left out).
AUDIENCES: dict[str, str | None] = {
    "Burger": AudienceCode.CITIZEN, "Onderneming": AudienceCode.BUSINESS, "Vereniging": AudienceCode.ASSOCIATION,
    "Organisatie": AudienceCode.ASSOCIATION, "LokaalBestuur": None, "VlaamseOverheid": None,
}
_H3_RE = re.compile(r"<h3[^>]*>(.*?)</h3>", re.I | re.S)
_COST_RE = re.compile(r"^€\s?\d")

Fetch = Callable[[str], str]


# --- reading pages ------------------------------------------------------------------------------------------------
@dataclass
class Page:
    """One LDES page (or file): where it came from, its JSON (with line numbers) and its flattened nodes."""

    name: str
    raw: Any
    nodes: dict[str, dict[str, Any]]
    next_urls: list[str] = field(default_factory=list)


def _locate(raw: Any, target: str, path: str = "$") -> tuple[str, int] | None:
    """JSON path and line of the object whose ``@id`` is ``target`` in the original document."""
    if isinstance(raw, dict):
        if raw.get("@id") == target:
            return path, getattr(raw, "line", 0)
        for key, value in raw.items():
            found = _locate(value, target, f"{path}.{key}")
            if found:
                return found
    elif isinstance(raw, list):
        for n, value in enumerate(raw):
            found = _locate(value, target, f"{path}[{n}]")
            if found:
                return found
    return None


def _plain_json(value: Any) -> Any:
    if isinstance(value, LDict | dict):
        return {k: _plain_json(v) for k, v in value.items()}
    if isinstance(value, LList | list):
        return [_plain_json(v) for v in value]
    return value


def read_page(name: str, text: str, issues: list[ImportIssue], *, base: str | None = None) -> Page | None:
    """Parse and flatten one page; problems go to ``issues`` (None when the page cannot be read)."""
    file_issues, go_on = check_file(name, text, size=len(text.encode()), kind="json")
    issues += file_issues
    if not go_on:
        return None
    try:
        raw = load_json(text, max_depth=MAX_DEPTH)
    except JsonError as exc:
        issues.append(ImportIssue(name, exc.line, "$", _("Ongeldige JSON (kolom %(col)s): %(msg)s")
                                  % {"col": exc.column, "msg": exc.message}))
        return None
    too_long = check_json_arrays(name, raw)
    if too_long:
        issues += too_long
        return None
    try:
        flat = flatten(_plain_json(raw), base=base)
    except UnknownContext as exc:
        issues.append(ImportIssue(name, 1, "@context", str(exc), path="$.@context"))
        return None
    except ValueError as exc:
        issues.append(ImportIssue(name, 1, "$", _("Geen geldige JSON-LD: %(msg)s") % {"msg": exc}))
        return None
    nodes = {node["@id"]: node for node in flat if "@id" in node}
    next_urls = [ref["@id"] for node in flat for rel in node.get(P["relation"], [])
                 for ref in nodes.get(rel.get("@id", ""), {}).get(P["node"], []) if "@id" in ref]
    return Page(name=name, raw=raw, nodes=nodes, next_urls=next_urls)


def _http_fetch(url: str) -> str:
    import requests

    response = requests.get(url, headers={"Accept": "application/ld+json, application/json"}, timeout=30)
    response.raise_for_status()
    return response.content.decode("utf-8-sig")


def read_pages(source: str, issues: list[ImportIssue], *, fetch: Fetch | None = None) -> list[Page]:
    """Every page of ``source`` (URL: walk the relations; directory: its files; file: itself)."""
    pages: list[Page] = []
    if source.startswith(("http://", "https://")):
        fetch = fetch or _http_fetch
        queue, seen = [source], set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            try:
                text = fetch(url)
            except Exception as exc:  # noqa: BLE001 - any transport problem is reported, nothing written
                issues.append(ImportIssue(url, 0, "url", _("Pagina niet op te halen: %(err)s") % {"err": exc}))
                continue
            page = read_page(url, text, issues, base=url)
            if page is not None:
                pages.append(page)
                queue += [urljoin(url, u) for u in page.next_urls if urljoin(url, u) not in seen]
        return pages
    path = Path(source)
    if not path.exists():
        issues.append(ImportIssue(source, 0, "bestand", _("Dit bestand of deze map bestaat niet.")))
        return []
    files = sorted((p for p in path.iterdir() if p.is_file() and p.suffix in (".json", ".jsonld")),
                   key=lambda p: p.name) if path.is_dir() else [path]
    if not files:
        issues.append(ImportIssue(source, 0, "map", _("Geen .json- of .jsonld-bestanden gevonden.")))
    for file in files:
        data = file.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            issues.append(ImportIssue(file.name, data[: exc.start].count(b"\n") + 1, "$",
                                      _("Het bestand is geen geldige UTF-8-tekst.")))
            continue
        page = read_page(file.name, text, issues)
        if page is not None:
            pages.append(page)
    return pages


# --- one member ---------------------------------------------------------------------------------------------------
def _values(node: dict[str, Any], key: str) -> list[Any]:
    return node.get(P[key], [])


def _literal(node: dict[str, Any], key: str) -> str | None:
    values = [v.get("@value") for v in _values(node, key) if isinstance(v, dict) and "@value" in v]
    return str(values[0]) if values else None


def _dutch(node: dict[str, Any], key: str, languages: tuple[str, ...] = DUTCH) -> str | None:
    by_lang: dict[str, str] = {}
    for value in _values(node, key):
        if isinstance(value, dict) and isinstance(value.get("@value"), str):
            by_lang.setdefault(str(value.get("@language", "")).lower(), value["@value"])
    for tag in (*languages, ""):
        if tag in by_lang:
            return by_lang[tag]
    return next((v for k, v in by_lang.items() if k.startswith("nl")), None)


def _iris(node: dict[str, Any], key: str) -> list[str]:
    return [v["@id"] for v in _values(node, key) if isinstance(v, dict) and "@id" in v]


def _order(node: dict[str, Any]) -> float:
    """``sh:order`` of a sub-node (0 when absent or not a number)."""
    try:
        return float(_literal(node, "order") or 0)
    except ValueError:
        return 0


def _plain(text: str) -> str:
    return " ".join(markdown_to_text(html_to_markdown(text)).split())


def _datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    moment = parse_datetime(value.replace("Z", "+00:00"))
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def short_answer(description: str) -> tuple[str, bool]:
    """(short answer ≤ 300 characters, whether it is the whole first paragraph) from a description (HTML or
    Markdown): the first paragraph as plain text, else cut after the last whole sentence or at a word with "…"."""
    markdown = html_to_markdown(description)
    paragraph = next((p for p in re.split(r"\n\s*\n", markdown) if p.strip()), markdown)
    first = " ".join(markdown_to_text(paragraph).split())
    if len(first) <= SHORT_ANSWER_MAX:
        return first, True
    window = first[:SHORT_ANSWER_MAX]
    end = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
    if end >= 60:
        return window[: end + 1], False
    return first[: SHORT_ANSWER_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…", False


@dataclass
class Member:
    """One snapshot as found: page, node, where it is in the page, and its version key and time."""

    page: Page
    node: dict[str, Any]
    version_of: str
    generated_at: dt.datetime | None
    position: int

    @property
    def id(self) -> str:
        return str(self.node.get("@id", ""))

    @property
    def external_id(self) -> str:
        segment = re.split(r"[/#:]", self.version_of.rstrip("/#:"))[-1]
        return (ID_PREFIX + re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-"))[:100].rstrip("-")

    @property
    def archived(self) -> bool:
        return (_literal(self.node, "gearchiveerd") or "").lower() in {"true", "1"}

    @property
    def ended(self) -> bool:
        end = _datetime(_literal(self.node, "eindeDienstVerlening"))
        return end is not None and end <= timezone.now()


class _Converter:
    """Turns one member into an :class:`ItemRecord`, collecting problems against page, member and JSON path."""

    def __init__(self, member: Member, *, languages: tuple[str, ...] = DUTCH) -> None:
        self.member, self.page, self.languages = member, member.page, languages
        found = _locate(member.page.raw, member.id)
        self.path, self.line = found if found else ("$", 1)
        self.issues: list[ImportIssue] = []
        self.contact_points: list[dict[str, str]] = []

    def dutch(self, node: dict[str, Any], key: str) -> str | None:
        return _dutch(node, key, self.languages)

    def problem(self, key: str, message: str) -> None:
        self.issues.append(ImportIssue(self.page.name, self.line, key, message,
                                       path=f"{self.path}.{key} ({self.member.id})"))

    def nodes(self, node: dict[str, Any], key: str) -> list[dict[str, Any]]:
        found = [self.page.nodes.get(i, {}) for i in _iris(node, key)]
        return sorted(found, key=_order)

    def texts(self, nodes: list[dict[str, Any]], standard: str) -> str:
        parts = []
        for node in nodes:
            title, description = self.dutch(node, "naam"), self.dutch(node, "beschrijving")
            block = []
            if title and (len(nodes) > 1 or _plain(title) != standard):
                block.append(f"**{_plain(title)}**")
            if description and description.strip() and _plain(description) != NO_CONDITIONS:
                block.append(html_to_markdown(description))
            if block:
                parts.append("\n\n".join(block))
        return "\n\n".join(parts)

    def links(self, nodes: list[dict[str, Any]], key: str) -> list[tuple[str, str]]:
        out = []
        for node in nodes:
            url = (_literal(node, "url") or "").strip()
            if not url.lower().startswith(("http://", "https://")):
                self.problem(f"{key}.url", _("Ongeldig webadres '%(url)s': begin met https://.") % {"url": url})
                continue
            out.append((_plain(self.dutch(node, "naam") or "") or url, url))
        return out

    def costs(self) -> tuple[list[CostItem], str]:
        lines, texts = [], []
        for node in self.nodes(self.member.node, "kosten"):
            title = _plain(self.dutch(node, "naam") or "") or _("Kostprijs")
            paragraphs = [markdown_to_text(p) for p in re.split(r"\n\s*\n", html_to_markdown(
                self.dutch(node, "beschrijving") or "")) if p.strip()]
            found = amounts_in(paragraphs[0]) if paragraphs else []
            if paragraphs and _COST_RE.match(paragraphs[0].strip()) and len(found) == 1 and len(paragraphs) <= 2 \
                    and found[0] <= COST_AMOUNT_MAX:
                note = " ".join(paragraphs[1].split()) if len(paragraphs) == 2 else ""
                lines.append(CostItem(label=title[:COST_LABEL_MAX], amount=found[0], note=note[:255]))
            else:
                texts.append(self.texts([node], str(SectionKind.COST.label)))
        return lines, "\n\n".join(t for t in texts if t)

    def further(self) -> list[Section]:
        html = self.dutch(self.member.node, "verdereBeschrijving") or ""
        pieces = _H3_RE.split(html)
        sections = []
        if pieces[0].strip() and _plain(pieces[0]):
            sections.append(Section(SectionKind.OTHER, "Meer uitleg", html_to_markdown(pieces[0])))
        for heading_html, body in zip(pieces[1::2], pieces[2::2], strict=True):
            heading = _plain(heading_html)[:120]
            sections.append(Section(kind_for_heading(heading), heading, html_to_markdown(body)))
        return sections

    def codes(self, key: str, base: str) -> list[str]:
        out = []
        for iri in _iris(self.member.node, key):
            if not iri.startswith(base):
                self.problem(key, _("Onbekende waarde %(iri)s (verwacht een begrip uit de codelijst %(base)s).")
                             % {"iri": iri, "base": base})
                continue
            out.append(iri[len(base):])
        return out

    def themes(self) -> list[str]:
        ours = {t.ipdc_theme: t.name for t in Theme.objects.exclude(ipdc_theme="").order_by("-sort_order", "-name")}
        names = []
        for code in self.codes("themas", THEME_BASE):
            name = ours.get(code) or THEMES.get(code) or code
            if len(name) > NAME_MAX["themes"]:
                self.problem("themas", _("Ongeldige themanaam '%(value)s'.") % {"value": name})
                continue
            names.append(name)
        return names

    def audiences(self) -> list[str]:
        codes = []
        for local in self.codes("doelgroepen", AUDIENCE_BASE):
            local = "Onderneming" if local.startswith("Onderneming") else local
            if local not in AUDIENCES:
                self.problem("doelgroepen", _("Onbekende doelgroep '%(value)s' (zie docs/ipdc.md).") % {"value": local})
            elif AUDIENCES[local] is not None:
                codes.append(str(AUDIENCES[local]))
        return codes

    def keywords(self) -> list[str]:
        out: list[str] = []
        for value in _values(self.member.node, "zoektermen"):
            tag = str(value.get("@language", "")).lower() if isinstance(value, dict) else ""
            text = " ".join(str(value.get("@value", "")).split()) if isinstance(value, dict) else ""
            if not text or not (tag == "" or tag.startswith("nl")):
                continue
            if len(text) > KEYWORD_MAX:
                self.problem("zoektermen", _("Trefwoord te lang: %(n)s tekens (max. %(max)s).")
                             % {"n": len(text), "max": KEYWORD_MAX})
            elif text not in out:
                out.append(text)
        return out

    def read_contact_points(self) -> None:
        for node in self.nodes(self.member.node, "contactgegevens"):
            point = {key: _literal(node, key) or "" for key in ("email", "telefoonnummer", "url", "openingsuren")}
            address = next(iter(self.nodes(node, "adres")), None)
            if address is not None:
                street = " ".join(p for p in (self.dutch(address, "straatnaam"), _literal(address, "huisnummer")) if p)
                box = _literal(address, "busnummer")
                point.update(address=f"{street} bus {box}" if box else street,
                             postal_code=_literal(address, "postcode") or "",
                             city=self.dutch(address, "gemeentenaam") or "")
            self.contact_points.append(point)

    def convert(self) -> ItemRecord | None:
        node = self.member.node
        title_html = self.dutch(node, "naam")
        title = _plain(title_html) if title_html else ""
        if title_html is None:
            self.problem("naam", _("Ontbreekt (of geen Nederlandse tekst)."))
        elif not title:
            self.problem("naam", _("Mag niet leeg zijn."))
        elif len(title) > TITLE_MAX:
            self.problem("naam", _("Te lang: %(n)s tekens (max. %(max)s).") % {"n": len(title), "max": TITLE_MAX})
        description = self.dutch(node, "beschrijving")
        if description is None:
            self.problem("beschrijving", _("Ontbreekt (of geen Nederlandse tekst)."))
            description = ""
        answer, whole = short_answer(description)
        what = html_to_markdown(description)
        if whole:
            rest = re.split(r"\n\s*\n", what.strip(), maxsplit=1)
            what = rest[1] if len(rest) == 2 else ""
        requirements = self.nodes(node, "voorwaarden")
        evidence = [e for r in requirements for e in self.nodes(r, "bewijs")]
        procedures = self.nodes(node, "procedures")
        cost_lines, cost_text = self.costs()
        legal_text = html_to_markdown(self.dutch(node, "regelgevingTekst") or "")
        for label, url in self.links(self.nodes(node, "regelgeving"), "regelgeving"):
            if url not in legal_text:
                legal_text = "\n".join(p for p in (legal_text, f"- [{label}]({url})") if p)
        sections = [
            Section(SectionKind.WHAT, "Wat is het?", what),
            Section(SectionKind.WHO, "Voor wie?", self.texts(requirements, str(SectionKind.WHO.label))),
            Section(SectionKind.HOW_TO_APPLY, "Hoe aanvragen?",
                    self.texts(procedures, str(SectionKind.HOW_TO_APPLY.label))),
            Section(SectionKind.WHAT_TO_BRING, "Wat meebrengen?",
                    self.texts(evidence, str(SectionKind.WHAT_TO_BRING.label))),
            Section(SectionKind.COST, "Kostprijs", cost_text),
            *self.further(),
            Section(SectionKind.EXCEPTIONS, "Uitzonderingen",
                    html_to_markdown(self.dutch(node, "uitzonderingen") or "")),
            *[Section(SectionKind.FINANCIAL_ADVANTAGE, _plain(self.dutch(a, "naam") or "") or "Financieel voordeel",
                      html_to_markdown(self.dutch(a, "beschrijving") or ""))
              for a in self.nodes(node, "financieleVoordelen")],
            Section(SectionKind.LEGAL, "Regelgeving", legal_text),
        ]
        websites = [w for p in procedures for w in self.nodes(p, "procedureWebsites")] + self.nodes(node, "websites")
        actions = []
        for label, url in self.links(websites, "websites"):
            kind = guess_action_kind(url)
            actions.append(ActionItem(kind=kind, url=url, label="" if label == str(ActionKind(kind).label) else label))
        types = self.codes("type", TYPE_BASE)
        for code in types:
            if code not in ProductType.values:
                self.problem("type", _("Onbekend soort product '%(value)s'.") % {"value": code})
        themes, audiences, keywords = self.themes(), self.audiences(), self.keywords()
        self.read_contact_points()
        if self.issues:
            return None
        return ItemRecord(
            external_id=self.member.external_id, item_type=ItemType.PRODUCT, title=title, short_answer=answer,
            themes=tuple(themes), audiences=tuple(audiences), keywords=tuple(keywords), cost=tuple(cost_lines),
            actions=tuple(actions), product_type=types[0] if types and types[0] in ProductType.values else "",
            sections=tuple(s for s in sections if s.text.strip()),
        )


# --- the run ------------------------------------------------------------------------------------------------------
def members(pages: list[Page], *, snapshot_types: frozenset[str] = SNAPSHOT_TYPES,
            instance_types: frozenset[str] = INSTANCE_TYPES) -> list[Member]:
    """Every snapshot of the pages (instance snapshots unless other types are given), in page order; an unversioned
    node of ``instance_types`` counts as its own snapshot."""
    out, position = [], 0
    for page in pages:
        for node in page.nodes.values():
            types = set(node.get(RDF_TYPE, []))
            if types & snapshot_types or (types & instance_types and P["isVersionOf"] not in node):
                version_of = next(iter(_iris(node, "isVersionOf")), node["@id"])
                out.append(Member(page, node, version_of, _datetime(_literal(node, "generatedAtTime")), position))
                position += 1
    return out


def latest(found: list[Member]) -> list[Member]:
    """Per instance the member with the latest ``generatedAtTime`` (later in the stream wins a tie)."""
    best: dict[str, Member] = {}
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    for member in found:
        current = best.get(member.version_of)
        key = (member.generated_at or floor, member.position)
        if current is None or key >= (current.generated_at or floor, current.position):
            best[member.version_of] = member
    return sorted(best.values(), key=lambda m: m.position)


def _service_point_names(points: list[dict[str, str]], *, create: bool) -> list[str]:
    """Our service points for IPDC contact points: matched on address + postcode, e-mail or phone; created (with the
    details IPDC gives) when none matches and ``create`` is set."""
    names = []
    for point in points:
        qs = ServicePoint.objects.all()
        match = None
        if point.get("address") and point.get("postal_code"):
            match = qs.filter(address__iexact=point["address"], postal_code=point["postal_code"]).first()
        if match is None and point.get("email"):
            match = qs.filter(email__iexact=point["email"]).first()
        if match is None and point.get("telefoonnummer"):
            match = qs.filter(phone=point["telefoonnummer"]).first()
        if match is None:
            name = (", ".join(p for p in (point.get("address"), point.get("city")) if p) or point.get("email")
                    or point.get("telefoonnummer") or point.get("url") or _("Contactpunt"))[:120]
            match = qs.filter(name=name).first()
            if match is None and create:
                match = ServicePoint.objects.create(
                    name=name, address=point.get("address", ""), postal_code=point.get("postal_code", "")[:10],
                    city=point.get("city", ""), email=point.get("email", ""),
                    phone=point.get("telefoonnummer", "")[:40],
                    url=point.get("url", ""), notes=point.get("openingsuren", ""))
        if match is not None:
            names.append(match.name)
    return names


def _merge_with_existing(record: ItemRecord) -> ItemRecord:
    page = ContentPage.objects.filter(external_id=record.external_id).first()
    if page is None or page.specific_class is not ProductPage:
        return record
    return dataclasses.replace(
        current_record(page), title=record.title, short_answer=record.short_answer, themes=record.themes,
        audiences=record.audiences, keywords=record.keywords, sections=record.sections, cost=record.cost,
        actions=record.actions, product_type=record.product_type, service_points=record.service_points)


def _link_concepts(chosen: list[Member]) -> None:
    """Products whose snapshot names a concept we know (``linkedConcept``) are linked to it, up to date with the
    concept's latest snapshot (a product already linked keeps its link and review status)."""
    from .models import ConceptLink, IpdcConcept

    for member in chosen:
        iri = next(iter(_iris(member.node, "linkedConcept")), None)
        concept = IpdcConcept.objects.filter(iri=iri).first() if iri else None
        product = ProductPage.objects.filter(external_id=member.external_id).first() if concept else None
        if concept is not None and product is not None:
            ConceptLink.objects.get_or_create(product=product, defaults={
                "concept": concept, "based_on_snapshot": concept.snapshot, "based_on_content": concept.content})


def _cursor_key(source: str) -> str:
    return source if source.startswith(("http://", "https://")) else str(Path(source).resolve())


def import_ipdc(source: Path | str, *, dry_run: bool = False, user: AbstractBaseUser | None = None,
                progress: Progress | None = None, full: bool = False, fetch: Fetch | None = None) -> ImportReport:
    """Import the instance snapshots of an LDES URL, a folder or a file; see the module docstring."""
    from .models import IpdcCursor

    source = str(source)
    issues: list[ImportIssue] = []
    pages = read_pages(source, issues, fetch=fetch)
    found = members(pages)
    if not found and not issues:
        shown = source if source.startswith(("http://", "https://")) or Path(source).is_dir() else Path(source).name
        issues.append(ImportIssue(shown, 0, "member", _("Geen instantiesnapshots gevonden.")))
    if issues:
        return ImportReport(dry_run=dry_run, errors=issues)
    cursor = IpdcCursor.objects.filter(source=_cursor_key(source)).first()
    since = None if full or cursor is None else cursor.last_generated_at
    newest = max((m.generated_at for m in found if m.generated_at), default=None)
    chosen = [m for m in latest(found) if since is None or m.generated_at is None or m.generated_at > since]
    withdrawn = [m.external_id for m in chosen if m.archived or m.ended]
    parsed: list[ParsedItem] = []
    points: dict[str, list[dict[str, str]]] = {}
    for member in chosen:
        if member.archived or member.ended:
            continue
        converter = _Converter(member)
        record = converter.convert()
        points[member.external_id] = converter.contact_points
        result = RecordResult(record=record, problems=[], key_lines={"id": converter.line, "type": converter.line},
                              name_lines={}) if record is not None else None
        parsed.append(ParsedItem(member.page.name, record, result, converter.issues))
    if any(item.issues for item in parsed):
        return ImportReport(dry_run=dry_run, errors=[i for item in parsed for i in item.issues])
    with transaction.atomic():
        for item in parsed:
            if item.record is not None:
                names = _service_point_names(points.get(item.record.external_id, []), create=not dry_run)
                item.record = _merge_with_existing(dataclasses.replace(item.record, service_points=tuple(names)))
                if item.result is not None:
                    item.result.record = item.record
        report = import_records(parsed, dry_run=dry_run, user=user, progress=progress) if parsed else \
            ImportReport(dry_run=dry_run)
        if not report.ok:
            transaction.set_rollback(True)
            return report
        if not dry_run:
            _link_concepts(chosen)
        for external_id in withdrawn:
            page = ProductPage.objects.filter(external_id=external_id, live=True).first()
            if page is not None:
                report.updated.append(external_id)
                if not dry_run:
                    page.unpublish(user=user)
        if not dry_run and newest is not None and (since is None or newest > since):
            IpdcCursor.objects.update_or_create(source=_cursor_key(source), defaults={"last_generated_at": newest})
        if dry_run:
            transaction.set_rollback(True)
    return report



