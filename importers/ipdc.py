"""Import IPDC/LPDC instances (public services of a local government, JSON-LD) as products.

Contract of :func:`import_ipdc` (see docs/ipdc.md for the field and code-list mapping):
- Reads one ``.json``/``.jsonld`` file or every such file of a folder (not recursive). A file holds a JSON array of
  instances, an object with ``@graph``, or one instance. Nested nodes (requirements, evidence, procedures, costs,
  websites) may be embedded or referenced by ``@id`` within the same file. Only the inline ``@context`` is used
  (remote contexts are never fetched); keys may be full IRIs, compact IRIs (``dct:title``) or the short names of
  docs/ipdc.md. Properties the importer does not use are ignored (JSON-LD is open).
- Each instance becomes an :class:`~importers.record.ItemRecord` of type product with external id
  ``ipdc-<uuid>`` (from ``mu:uuid`` or the last segment of ``@id``); Dutch texts only (``nl``, ``nl-BE``, its
  variants, or untagged). HTML from the LPDC editor becomes Markdown.
- Existing items keep the fields IPDC does not carry (life events, owner, review data, phone script, related
  items, service points, appointment, online URL, visibility): IPDC owns title, short answer, themes, audiences,
  keywords, body sections and cost lines.
- Validation and writing go through :func:`importers.pipeline.import_records`: every problem is reported
  as ``file:line: JSON path: message``, nothing is written when there is any, one transaction, re-importing
  changes nothing, ``dry_run`` writes nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from kennisbank.markdown import markdown_to_text
from kennisbank.models import ContentPage, ProductPage
from kennisbank.prices import amounts_in
from kennisbank.vocabulary import AudienceCode, ItemType, SectionKind

from .body import Section
from .html_text import html_to_markdown
from .jsonld import Context, JsonError, LDict, ValueTypeError, dutch_values, load_json, pick_language
from .limits import MAX_DEPTH, check_file
from .pipeline import (
    ImportIssue,
    ImportReport,
    ParsedItem,
    Progress,
    current_record,
    import_records,
)
from .record import CostItem, ItemRecord
from .schema import (
    COST_AMOUNT_MAX,
    COST_LABEL_MAX,
    KEYWORD_MAX,
    NAME_MAX,
    SHORT_ANSWER_MAX,
    TITLE_MAX,
    RecordResult,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# --- vocabulary ---------------------------------------------------------------------------------------------------
DCT = "http://purl.org/dc/terms/"
M8G = "http://data.europa.eu/m8g/"
CPSV = "http://purl.org/vocab/cpsv#"
LPDC_NAMESPACES = ("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#",
                   "https://data.vlaanderen.be/ns/ipdc-lpdc#")
DCAT = "http://www.w3.org/ns/dcat#"
PS = "http://vocab.belgif.be/ns/publicservice#"
SH = "http://www.w3.org/ns/shacl#"
MU = "http://mu.semte.ch/vocabularies/core/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = ("http://schema.org/", "https://schema.org/")


def _lpdc(local: str) -> frozenset[str]:
    return frozenset(ns + local for ns in LPDC_NAMESPACES)


TITLE = frozenset({DCT + "title"})
DESCRIPTION = frozenset({DCT + "description"})
ADDITIONAL_DESCRIPTION = _lpdc("additionalDescription")
EXCEPTION = _lpdc("exception")
REGULATION = _lpdc("regulation")
TARGET_AUDIENCE = _lpdc("targetAudience")
THEME = frozenset({M8G + "thematicArea"})
KEYWORD = frozenset({DCAT + "keyword"})
REQUIREMENT = frozenset({PS + "hasRequirement", M8G + "hasRequirement", M8G + "holdsRequirement"})
PROCEDURE = frozenset({CPSV + "follows"})
COST = frozenset({M8G + "hasCost"})
SUPPORTING_EVIDENCE = frozenset({M8G + "hasSupportingEvidence"})
INPUT = frozenset({CPSV + "hasInput", M8G + "hasInputType"})
WEBSITE = _lpdc("hasWebsite") | {RDFS + "seeAlso"}
URL = frozenset(ns + "url" for ns in SCHEMA)
ORDER = frozenset({SH + "order"})
UUID = frozenset({MU + "uuid"})
VALUE = frozenset({M8G + "value"})
CURRENCY = frozenset({M8G + "currency"})
PREF_LABEL = frozenset({SKOS + "prefLabel"})

#: Short names understood without an inline ``@context`` (the LPDC domain names).
SHORT_NAMES: dict[str, str] = {
    "title": DCT + "title", "description": DCT + "description",
    "additionalDescription": LPDC_NAMESPACES[0] + "additionalDescription",
    "exception": LPDC_NAMESPACES[0] + "exception", "regulation": LPDC_NAMESPACES[0] + "regulation",
    "targetAudience": LPDC_NAMESPACES[0] + "targetAudience", "thematicArea": M8G + "thematicArea",
    "keyword": DCAT + "keyword", "hasRequirement": PS + "hasRequirement", "follows": CPSV + "follows",
    "hasCost": M8G + "hasCost", "hasSupportingEvidence": M8G + "hasSupportingEvidence",
    "hasInput": CPSV + "hasInput", "hasWebsite": LPDC_NAMESPACES[0] + "hasWebsite", "url": SCHEMA[0] + "url",
    "order": SH + "order", "uuid": MU + "uuid", "value": M8G + "value", "currency": M8G + "currency",
    "prefLabel": SKOS + "prefLabel",
}
BASE_CONTEXT = Context(terms=dict(SHORT_NAMES))

#: Local names of the ``@type`` of a public service (instance) node.
SERVICE_TYPES = frozenset({"PublicService", "InstancePublicService", "InstancePublicServiceSnapshot",
                           "PublishedInstancePublicServiceSnapshot"})

# --- code lists (docs/ipdc.md) ---------------------------------------------------------------------------------
#: IPDC theme (concept local name) → (IPDC label, our theme name or None to create the IPDC label).
THEMES: dict[str, tuple[str, str | None]] = {
    "BurgerOverheid": ("Burger en Overheid", "Burgerzaken"),
    "BurgerEnOverheid": ("Burger en Overheid", "Burgerzaken"),
    "CultuurSportVrijeTijd": ("Cultuur, Sport en Vrije Tijd", "Vrije tijd"),
    "EconomieWerk": ("Economie en Werk", "Ondernemen"),
    "EconomieEnWerk": ("Economie en Werk", "Ondernemen"),
    "MilieuEnergie": ("Milieu en Energie", "Afval en milieu"),
    "MilieuEnEnergie": ("Milieu en Energie", "Afval en milieu"),
    "MileuEnEnergie": ("Milieu en Energie", "Afval en milieu"),
    "MobiliteitOpenbareWerken": ("Mobiliteit en Openbare Werken", "Mobiliteit"),
    "OnderwijsWetenschap": ("Onderwijs en Wetenschap", None),
    "OnderwijsEnWetenschap": ("Onderwijs en Wetenschap", None),
    "WelzijnGezondheid": ("Welzijn en Gezondheid", "Welzijn en zorg"),
    "BouwenWonen": ("Bouwen en Wonen", "Wonen en bouwen"),
    "BouwenEnWonen": ("Bouwen en Wonen", "Wonen en bouwen"),
}
_THEME_BY_LABEL = {label.casefold(): ours or label for label, ours in THEMES.values()}

#: IPDC target audience (Doelgroep concept local name) → our audience code (None: no counterpart, left out).
AUDIENCES: dict[str, str | None] = {
    "Burger": AudienceCode.CITIZEN,
    "Onderneming": AudienceCode.BUSINESS,
    "Vereniging": AudienceCode.ASSOCIATION,
    "Organisatie": AudienceCode.ASSOCIATION,
    "LokaalBestuur": None,
    "VlaamseOverheid": None,
}
_AUDIENCE_BY_LABEL: dict[str, str | None] = {
    "burger": AudienceCode.CITIZEN, "onderneming": AudienceCode.BUSINESS, "ondernemer": AudienceCode.BUSINESS,
    "vereniging": AudienceCode.ASSOCIATION, "organisatie": AudienceCode.ASSOCIATION, "lokaal bestuur": None,
    "vlaamse overheid": None}

ID_PREFIX = "ipdc-"


@dataclass
class _Located:
    """Where a value sits: file line of the enclosing object and JSON path."""

    line: int
    path: str


def _local_name(iri: str) -> str:
    return re.split(r"[/#:]", iri.rstrip("/#:"))[-1]


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}"


class _Instance:
    """Converts one instance node into a record, collecting problems."""

    def __init__(self, file: str, node: LDict, path: str, context: Context, index: dict[str, LDict]) -> None:
        self.file, self.node, self.path, self.index = file, node, path, index
        self.context = context.extended(node["@context"]) if "@context" in node else context
        self.issues: list[ImportIssue] = []

    # --- access -------------------------------------------------------------------------------------------------
    def problem(self, where: _Located, message: str) -> None:
        key = where.path.rsplit(".", 1)[-1] if "." in where.path else where.path
        self.issues.append(ImportIssue(self.file, where.line, key, message, path=where.path))

    def get(self, node: LDict, path: str, prop: frozenset[str], short: str) -> tuple[Any, _Located]:
        """The raw value of ``prop`` in ``node`` (None when absent) and where it is."""
        for key, value in node.items():
            if not key.startswith("@") and self.context.expand(key) in prop:
                return value, _Located(getattr(value, "line", 0) or node.line, _key_path(path, key))
        return None, _Located(node.line, _key_path(path, short))

    def resolve(self, value: Any) -> Any:
        """A node reference ``{"@id": ...}`` → the node of the same file with that id (else unchanged)."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
            return self.index.get(value["@id"], value)
        return value

    def nodes(self, node: LDict, path: str, prop: frozenset[str], short: str) -> list[tuple[LDict, str]]:
        """The object values of ``prop`` (resolved), ordered by ``sh:order`` and then position."""
        raw, where = self.get(node, path, prop, short)
        if raw is None:
            return []
        values = raw if isinstance(raw, list) else [raw]
        out: list[tuple[int, int, LDict, str]] = []
        for position, value in enumerate(values):
            item_path = f"{where.path}[{position}]" if isinstance(raw, list) else where.path
            value = self.resolve(value)
            if not isinstance(value, dict) or set(value) <= {"@id", "@type"}:
                self.problem(_Located(getattr(value, "line", where.line), item_path),
                             _("Verkeerd type: verwacht een object (met titel en beschrijving)."))
                continue
            order, order_at = self.get(value, item_path, ORDER, "order")  # type: ignore[arg-type]
            order = order.get("@value") if isinstance(order, dict) else order
            try:
                rank = int(order) if order is not None and not isinstance(order, bool) else position
            except (TypeError, ValueError):
                self.problem(order_at, _("Verkeerd type: verwacht een geheel getal."))
                rank = position
            out.append((rank, position, value, item_path))  # type: ignore[arg-type]
        return [(value, item_path) for _r, _p, value, item_path in sorted(out, key=lambda t: (t[0], t[1]))]

    def text(self, node: LDict, path: str, prop: frozenset[str], short: str, *,
             required: bool = False) -> tuple[str | None, _Located]:
        """The Dutch text of a property (raw, maybe HTML); problems are recorded."""
        raw, where = self.get(node, path, prop, short)
        if raw is None:
            if required:
                self.problem(where, _("Ontbreekt."))
            return None, where
        try:
            text = pick_language(raw)
        except ValueTypeError:
            self.problem(where, _("Verkeerd type: verwacht tekst (een string, {\"@value\", \"@language\"} of een "
                                  "taalmap)."))
            return None, where
        if text is None and required:
            self.problem(where, _("Geen Nederlandse tekst (taal nl)."))
        return text, where

    # --- conversion -------------------------------------------------------------------------------------------
    def external_id(self) -> str | None:
        raw, where = self.get(self.node, self.path, UUID, "uuid")
        source = raw if isinstance(raw, str) and raw.strip() else None
        if source is None:
            iri = self.node.get("@id")
            if isinstance(iri, str) and iri.strip():
                source = _local_name(iri) or iri
        if source is None:
            self.problem(_Located(self.node.line, _key_path(self.path, "@id")),
                         _("Ontbreekt: een instantie heeft een @id of uuid nodig."))
            return None
        slug = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")
        external_id = (ID_PREFIX + slug)[:100].rstrip("-")
        if not slug:
            self.problem(where, _("Ongeldige id '%(value)s'.") % {"value": source})
            return None
        return external_id

    def section_text(self, items: list[tuple[LDict, str]]) -> str:
        """Markdown of a list of sub-nodes: bold title, description, websites (amounts live in cost lines only)."""
        parts: list[str] = []
        for item, item_path in items:
            title, _w = self.text(item, item_path, TITLE, "title")
            description, _w = self.text(item, item_path, DESCRIPTION, "description")
            block: list[str] = []
            if title and title.strip():
                block.append(f"**{_plain(title)}**")
            if description and description.strip():
                block.append(html_to_markdown(description))
            links = self.websites(item, item_path)
            if links:
                block.append(links)
            if block:
                parts.append("\n\n".join(block))
        return "\n\n".join(parts)

    def websites(self, node: LDict, path: str) -> str:
        lines = []
        for site, site_path in self.nodes(node, path, WEBSITE, "hasWebsite"):
            url, url_at = self.get(site, site_path, URL, "url")
            url = url.get("@value") if isinstance(url, dict) else url
            if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
                self.problem(url_at, _("Ongeldig webadres: begin met https://."))
                continue
            title, _w = self.text(site, site_path, TITLE, "title")
            lines.append(f"- [{_plain(title) if title else url.strip()}]({url.strip()})")
        return "\n".join(lines)

    def costs(self) -> tuple[str, tuple[CostItem, ...]]:
        nodes = self.nodes(self.node, self.path, COST, "hasCost")
        lines: list[CostItem] = []
        for item, item_path in nodes:
            raw, where = self.get(item, item_path, VALUE, "value")
            if raw is None:
                # Only a text ("De kostprijs bedraagt 25 euro."): one amount in it becomes the cost line.
                description, _w = self.text(item, item_path, DESCRIPTION, "description")
                found = amounts_in(markdown_to_text(html_to_markdown(description))) if description else []
                if len(found) == 1 and found[0] <= COST_AMOUNT_MAX:
                    title, _w = self.text(item, item_path, TITLE, "title")
                    lines.append(CostItem(label=_plain(title)[:COST_LABEL_MAX] if title else _("Kostprijs"),
                                          amount=found[0]))
                continue
            amount = _amount(raw)
            if amount is None:
                self.problem(where, _("Ongeldig bedrag: verwacht een getal in euro tussen 0 en %(max)s met hoogstens "
                                      "twee cijfers na de komma.") % {"max": COST_AMOUNT_MAX})
                continue
            currency, currency_at = self.get(item, item_path, CURRENCY, "currency")
            currency = currency.get("@id") if isinstance(currency, dict) else currency
            if currency is not None and (not isinstance(currency, str) or _local_name(currency).upper() != "EUR"):
                self.problem(currency_at, _("Enkel bedragen in euro (EUR) worden ondersteund."))
                continue
            title, _w = self.text(item, item_path, TITLE, "title")
            label = _plain(title)[:COST_LABEL_MAX] if title else _("Kostprijs")
            lines.append(CostItem(label=label, amount=amount))
        return self.section_text(nodes), tuple(lines)

    def concepts(self, prop: frozenset[str], short: str) -> list[tuple[str, str, str | None, _Located]]:
        """(kind, value, label, where) for every code-list value: kind ``iri`` (expanded) or ``label``."""
        raw, where = self.get(self.node, self.path, prop, short)
        if raw is None:
            return []
        out = []
        for position, value in enumerate(raw if isinstance(raw, list) else [raw]):
            at = _Located(where.line, f"{where.path}[{position}]" if isinstance(raw, list) else where.path)
            value = self.resolve(value)
            if isinstance(value, dict) and isinstance(value.get("@id"), str):
                label = None
                label_raw, _w = self.get(value, at.path, PREF_LABEL, "prefLabel")  # type: ignore[arg-type]
                if label_raw is not None:
                    try:
                        label = pick_language(label_raw)
                    except ValueTypeError:
                        label = None
                out.append(("iri", self.context.expand_iri(value["@id"]), label, at))
            elif isinstance(value, str) and value.strip():
                expanded = self.context.expand_iri(value.strip())
                kind = "iri" if "://" in expanded else "label"
                out.append((kind, expanded, None, at))
            else:
                self.problem(at, _("Verkeerd type: verwacht een begrip (IRI of {\"@id\": ...})."))
        return out

    def themes(self) -> tuple[list[str], dict[tuple[str, str], int]]:
        names: list[str] = []
        lines: dict[tuple[str, str], int] = {}
        for kind, value, label, at in self.concepts(THEME, "thematicArea"):
            if kind == "iri":
                local = _local_name(value)
                if local in THEMES:
                    ipdc_label, ours = THEMES[local]
                    name = ours or label or ipdc_label
                else:
                    name = label or _label_from_local_name(local)
            else:
                name = _THEME_BY_LABEL.get(value.casefold(), value)
            name = " ".join(name.split())
            if not name or len(name) > NAME_MAX["themes"]:
                self.problem(at, _("Ongeldige themanaam '%(value)s'.") % {"value": name})
                continue
            names.append(name)
            lines.setdefault(("themes", name), at.line)
        return names, lines

    def audiences(self) -> list[str]:
        codes: list[str] = []
        for kind, value, _label, at in self.concepts(TARGET_AUDIENCE, "targetAudience"):
            if kind == "iri":
                local = _local_name(value)
                if local.startswith("Onderneming"):
                    local = "Onderneming"  # the sector subconcepts (OndernemingIndustrie, ...)
                known, code = local in AUDIENCES, AUDIENCES.get(local)
            else:
                known, code = value.casefold() in _AUDIENCE_BY_LABEL, _AUDIENCE_BY_LABEL.get(value.casefold())
            if not known:
                self.problem(at, _("Onbekende doelgroep '%(value)s' (zie docs/ipdc.md).") % {"value": value})
            elif code is not None:
                codes.append(code)
        return codes

    def keywords(self) -> list[str]:
        raw, where = self.get(self.node, self.path, KEYWORD, "keyword")
        try:
            values = dutch_values(raw)
        except ValueTypeError:
            self.problem(where, _("Verkeerd type: verwacht een lijst van trefwoorden (tekst)."))
            return []
        out: list[str] = []
        for value in values:
            keyword = " ".join(value.split())
            if len(keyword) > KEYWORD_MAX:
                self.problem(where, _("Trefwoord te lang: %(n)s tekens (max. %(max)s).")
                             % {"n": len(keyword), "max": KEYWORD_MAX})
            elif keyword and keyword not in out:
                out.append(keyword)
        return out

    def convert(self) -> tuple[ItemRecord | None, RecordResult | None]:
        node, path = self.node, self.path
        external_id = self.external_id()
        title, title_at = self.text(node, path, TITLE, "title", required=True)
        if title is not None:
            title = _plain(title)
            if not title:
                self.problem(title_at, _("Mag niet leeg zijn."))
            elif len(title) > TITLE_MAX:
                self.problem(title_at, _("Te lang: %(n)s tekens (max. %(max)s).") % {"n": len(title), "max": TITLE_MAX})
        description, _w = self.text(node, path, DESCRIPTION, "description", required=True)
        additional, _w = self.text(node, path, ADDITIONAL_DESCRIPTION, "additionalDescription")
        exception, _w = self.text(node, path, EXCEPTION, "exception")
        regulation, _w = self.text(node, path, REGULATION, "regulation")

        requirements = self.nodes(node, path, REQUIREMENT, "hasRequirement")
        evidence: list[tuple[LDict, str]] = []
        for requirement, requirement_path in requirements:
            evidence += self.nodes(requirement, requirement_path, SUPPORTING_EVIDENCE, "hasSupportingEvidence")
        evidence += self.nodes(node, path, INPUT, "hasInput")
        procedures = self.nodes(node, path, PROCEDURE, "follows")
        cost_text, cost_lines = self.costs()
        themes, name_lines = self.themes()
        audiences = self.audiences()
        keywords = self.keywords()

        wat_is_het = "\n\n".join(html_to_markdown(t) for t in (description, additional) if t and t.strip())
        sections = [
            Section(SectionKind.WHAT, "Wat is het?", wat_is_het),
            Section(SectionKind.WHO, "Voor wie?", self.section_text(requirements)),
            Section(SectionKind.HOW_TO_APPLY, "Hoe aanvragen?", self.section_text(procedures)),
            Section(SectionKind.WHAT_TO_BRING, "Wat meebrengen?", self.section_text(evidence)),
            Section(SectionKind.COST, "Kostprijs", cost_text),
            Section(SectionKind.EXCEPTIONS, "Uitzonderingen", html_to_markdown(exception or "")),
            Section(SectionKind.OTHER, "Regelgeving", html_to_markdown(regulation or "")),
        ]
        if self.issues or external_id is None or title is None or description is None:
            return None, None
        record = ItemRecord(
            external_id=external_id, item_type=ItemType.PRODUCT, title=title,
            short_answer=short_answer(description), themes=tuple(themes), audiences=tuple(audiences),
            keywords=tuple(keywords), cost=cost_lines,
            sections=tuple(s for s in sections if s.text.strip()),
        )
        result = RecordResult(record=record, problems=[], key_lines={"id": node.line, "type": node.line},
                              name_lines=name_lines)
        return record, result


# --- small pure helpers -------------------------------------------------------------------------------------------
def _plain(text: str) -> str:
    """One line of plain text (tags and Markdown markup removed, whitespace collapsed)."""
    return " ".join(markdown_to_text(html_to_markdown(text)).split())


def _label_from_local_name(local: str) -> str:
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", local)
    if not words:
        return local
    text = " ".join(w.lower() for w in words)
    return text[0].upper() + text[1:]


def _amount(raw: Any) -> Decimal | None:
    value = raw.get("@value") if isinstance(raw, dict) else raw
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount > COST_AMOUNT_MAX:
        return None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return None
    return amount.quantize(Decimal("0.01"))


def short_answer(description: str) -> str:
    """The short answer (≤ 300 characters) from a description: its first paragraph as plain text, cut after the
    last whole sentence that fits, else at a word boundary with an ellipsis."""
    text = markdown_to_text(html_to_markdown(description))
    first = next((p for p in re.split(r"\n\s*\n", text) if p.strip()), text)
    first = " ".join(first.split())
    if len(first) <= SHORT_ANSWER_MAX:
        return first
    window = first[:SHORT_ANSWER_MAX]
    end = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
    if end >= 60:
        return window[: end + 1]
    cut = first[: SHORT_ANSWER_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


# --- files --------------------------------------------------------------------------------------------------------
def _is_service(node: dict, context: Context) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and _local_name(context.expand_iri(t)) in SERVICE_TYPES for t in types)


def parse_ipdc_file(path: Path) -> list[ParsedItem]:
    """Every instance of one file as a :class:`ParsedItem` (one item per instance, named after the file)."""
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = _("Het bestand is geen geldige UTF-8-tekst.")
        return [ParsedItem(name, None, None, [ImportIssue(name, raw[: exc.start].count(b"\n") + 1, "$", message)])]
    file_issues, go_on = check_file(name, text, size=len(raw), kind="json")
    if not go_on:
        return [ParsedItem(name, None, None, file_issues)]
    try:
        doc = load_json(text, max_depth=MAX_DEPTH)
    except JsonError as exc:
        return [ParsedItem(name, None, None, [ImportIssue(name, exc.line, "$", _("Ongeldige JSON (kolom %(col)s): "
                                                                                   "%(msg)s") % {"col": exc.column,
                                                                                                 "msg": exc.message})])]
    context = BASE_CONTEXT
    if isinstance(doc, dict) and "@graph" in doc:
        context = context.extended(doc.get("@context"))
        nodes, base_path, only_typed = doc["@graph"], "$.@graph", True
    elif isinstance(doc, list):
        nodes, base_path, only_typed = doc, "$", False
    elif isinstance(doc, dict):
        nodes, base_path, only_typed = [doc], "", False
    else:
        return [ParsedItem(name, None, None, [ImportIssue(name, 1, "$", _("Verwacht een lijst van instanties of een "
                                                                          "JSON-LD-document met @graph."))])]
    if not isinstance(nodes, list):
        return [ParsedItem(name, None, None, [ImportIssue(name, getattr(doc, "line", 1), "$.@graph",
                                                          _("Verkeerd type: verwacht een lijst."))])]
    index = {n["@id"]: n for n in nodes if isinstance(n, dict) and isinstance(n.get("@id"), str)}
    parsed: list[ParsedItem] = []
    for position, node in enumerate(nodes):
        node_path = f"{base_path}[{position}]" if base_path else "$"
        if not isinstance(node, dict):
            parsed.append(ParsedItem(name, None, None, [ImportIssue(name, getattr(doc, "line", 1), node_path,
                                                                    _("Verkeerd type: verwacht een object."))]))
            continue
        node_context = context.extended(node["@context"]) if "@context" in node else context
        if ("@type" in node or only_typed) and not _is_service(node, node_context):
            continue  # a requirement, cost, ... node referenced by @id
        instance = _Instance(name, node, node_path, context, index)  # type: ignore[arg-type]
        record, result = instance.convert()
        parsed.append(ParsedItem(name, record, result, instance.issues))
    if not parsed:
        parsed.append(ParsedItem(name, None, None, [ImportIssue(name, 1, "$", _("Geen instanties (publieke "
                                                                               "dienstverlening) gevonden."))]))
    return parsed


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted((p for p in path.iterdir() if p.is_file() and p.suffix in (".json", ".jsonld")),
                          key=lambda p: p.name)
    else:
        yield path


def _check_duplicate_ids(parsed: list[ParsedItem]) -> list[ImportIssue]:
    issues: list[ImportIssue] = []
    first: dict[str, tuple[str, int]] = {}
    for item in parsed:
        if item.record is None or item.result is None:
            continue
        line = item.result.key_lines.get("id", 0)
        external_id = item.record.external_id
        if external_id in first:
            other_file, other_line = first[external_id]
            issues.append(ImportIssue(item.name, line, "@id", _("Dubbele instantie '%(id)s': staat ook in "
                                                                "%(file)s op regel %(line)s.")
                                      % {"id": external_id, "file": other_file, "line": other_line}))
            item.record = None
        else:
            first[external_id] = (item.name, line)
    return issues


def _merge_with_existing(parsed: list[ParsedItem]) -> None:
    """Keep the fields IPDC does not own from the current version of existing products."""
    ids = [p.record.external_id for p in parsed if p.record is not None]
    existing = {p.external_id: p for p in ContentPage.objects.filter(external_id__in=ids)}
    for item in parsed:
        record = item.record
        page = existing.get(record.external_id) if record is not None else None
        if record is None or page is None or page.specific_class is not ProductPage:
            continue
        merged = dataclasses.replace(current_record(page), title=record.title, short_answer=record.short_answer,
                                     themes=record.themes, audiences=record.audiences, keywords=record.keywords,
                                     sections=record.sections, cost=record.cost)
        item.record = merged
        if item.result is not None:
            item.result.record = merged


def import_ipdc(path: Path | str, *, dry_run: bool = False, user: AbstractBaseUser | None = None,
                progress: Progress | None = None) -> ImportReport:
    """Import the IPDC/LPDC instances of a file or folder; see the module docstring for the contract."""
    path = Path(path)
    if not path.exists():
        return ImportReport(dry_run=dry_run, errors=[ImportIssue(str(path), 0, "bestand",
                                                                 _("Dit bestand of deze map bestaat niet."))])
    files = list(_files(path))
    if not files:
        return ImportReport(dry_run=dry_run, errors=[ImportIssue(str(path), 0, "map",
                                                                 _("Geen .json- of .jsonld-bestanden gevonden."))])
    parsed: list[ParsedItem] = []
    for file in files:
        parsed += parse_ipdc_file(file)
    duplicate_issues = _check_duplicate_ids(parsed)
    if duplicate_issues:
        parsed.append(ParsedItem(files[0].name, None, None, duplicate_issues))
    _merge_with_existing(parsed)
    return import_records(parsed, dry_run=dry_run, user=user, progress=progress)
