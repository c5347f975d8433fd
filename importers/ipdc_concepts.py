"""IPDC concepts: read IPDC's concept-snapshot stream, make a product from a concept, and flag products whose concept
changed or was archived (LPDC's review status, "herziening nodig").

Contract:
- :func:`import_concepts` reads a concept-snapshot LDES (start URL, folder of pages or one file, like
  :func:`importers.ipdc.import_ipdc`, in the shape of IPDC's ``/doc/conceptsnapshot`` pages). Members are the
  ``ConceptualPublicServiceSnapshot`` nodes; identity is ``isVersionOf``; per concept the latest ``generatedAtTime``
  wins. Each is converted with the instance mapping, preferring the formal ("u") texts IPDC generates, and stored as
  an :class:`~importers.models.IpdcConcept` (upsert on the concept IRI). A cursor per source (key ``concepts:`` +
  source) makes runs incremental; a second run changes nothing. Errors name page, line, JSON path and member ``@id``;
  with any error nothing is written. ``dry_run`` writes nothing.
- Every product linked to a concept (:class:`~importers.models.ConceptLink`) whose concept got a newer snapshot is
  flagged: ``concept-gearchiveerd`` when the concept is archived (or its service ended), ``concept-gewijzigd`` with
  the changed fields when the content differs from the snapshot the product was last brought up to date with. A new
  snapshot with the same content only moves the link forward.
- :func:`create_product` makes a *draft* product (never published by this: the editor adapts it to the
  municipality and publishes) from the concept with that product number, external id ``ipdc-concept-<number>``,
  linked to the concept. :class:`ConceptError` (Dutch message) for an unknown or archived concept, or a concept
  that already has a product.
- :func:`confirm_up_to_date` is LPDC's "bijgewerkt tot de laatste versie van het concept": the review status is
  cleared and the link points at the concept's latest snapshot.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kennisbank.models import ProductPage
from kennisbank.vocabulary import ConceptReviewStatus, ItemType, SectionKind

from .body import Section
from .ipdc import CONCEPT_DUTCH, LPDC, Fetch, Member, _Converter, _cursor_key, latest, members, read_pages
from .models import ConceptLink, IpdcConcept, IpdcCursor
from .pipeline import ImportIssue, ParsedItem, import_records
from .record import ActionItem, CostItem, ItemRecord
from .schema import RecordResult

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

CONCEPT_SNAPSHOT_TYPES = frozenset({LPDC + "ConceptualPublicServiceSnapshot"})
CONCEPT_TYPES = frozenset({LPDC + "ConceptualPublicService"})
PRODUCT_NUMBER = "http://schema.org/productID"
ID_PREFIX = "ipdc-concept-"
#: LPDC's review-status concepts (``ext:reviewStatus``), for docs and exports.
REVIEW_STATUS_IRIS = {
    ConceptReviewStatus.CONCEPT_CHANGED: "http://lblod.data.gift/concepts/review-status/concept-gewijzigd",
    ConceptReviewStatus.CONCEPT_ARCHIVED: "http://lblod.data.gift/concepts/review-status/concept-gearchiveerd",
}
#: Record field → the name editors see in "what changed".
FIELD_NAMES = {
    "title": "Titel", "short_answer": "Kort antwoord", "themes": "Thema's", "audiences": "Doelgroepen",
    "keywords": "Zoektermen", "product_type": "Soort product", "cost": "Kostprijs", "actions": "Websites",
}


class ConceptError(Exception):
    """A concept cannot be used as asked; the message is Dutch and says why."""


# --- the stored form of a converted concept -------------------------------------------------------------------------
def record_to_json(record: ItemRecord) -> dict[str, Any]:
    """The content of a concept record as JSON (what :class:`IpdcConcept.content` stores)."""
    return {
        "title": record.title, "short_answer": record.short_answer, "themes": list(record.themes),
        "audiences": list(record.audiences), "keywords": list(record.keywords), "product_type": record.product_type,
        "cost": [{"label": c.label, "amount": str(c.amount), "note": c.note} for c in record.cost],
        "actions": [dataclasses.asdict(a) for a in record.actions],
        "sections": [dataclasses.asdict(s) for s in record.sections],
    }


def record_from_json(content: dict[str, Any], external_id: str) -> ItemRecord:
    """The product record for stored concept content (inverse of :func:`record_to_json`)."""
    return ItemRecord(
        external_id=external_id, item_type=ItemType.PRODUCT, title=content.get("title", ""),
        short_answer=content.get("short_answer", ""), themes=tuple(content.get("themes", ())),
        audiences=tuple(content.get("audiences", ())), keywords=tuple(content.get("keywords", ())),
        product_type=content.get("product_type", ""),
        cost=tuple(CostItem(c["label"], Decimal(c["amount"]), c.get("note", "")) for c in content.get("cost", ())),
        actions=tuple(ActionItem(**a) for a in content.get("actions", ())),
        sections=tuple(Section(**s) for s in content.get("sections", ())),
    )


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The names (Dutch, as editors see them) of what differs between two stored contents, in a stable order:
    the fields of :data:`FIELD_NAMES`, then each section by heading (the cost section counts as "Kostprijs")."""
    changed = [name for key, name in FIELD_NAMES.items() if old.get(key) != new.get(key)]

    def by_heading(content: dict[str, Any]) -> dict[str, str]:
        return {FIELD_NAMES["cost"] if s["kind"] == SectionKind.COST else s["heading"]: s["text"]
                for s in content.get("sections", ())}

    before, after = by_heading(old), by_heading(new)
    for heading in dict.fromkeys([*before, *after]):
        if before.get(heading) != after.get(heading):
            name = heading if heading == FIELD_NAMES["cost"] else _("Sectie «%(heading)s»") % {"heading": heading}
            if name not in changed:
                changed.append(name)
    return changed


# --- reading the stream ---------------------------------------------------------------------------------------------
@dataclass
class ConceptReport:
    """What one run did: concepts new/changed/unchanged, products flagged, and every problem."""

    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("%(new)s nieuwe concepten, %(changed)s gewijzigd, %(same)s ongewijzigd; %(flagged)s producten te "
                 "herzien.") % {"new": len(self.created), "changed": len(self.updated),
                                "same": len(self.unchanged), "flagged": len(self.flagged)}

    def actions(self) -> list[tuple[str, str]]:
        return ([(n, _("nieuw")) for n in self.created] + [(n, _("gewijzigd")) for n in self.updated]
                + [(n, _("ongewijzigd")) for n in self.unchanged] + [(n, _("te herzien")) for n in self.flagged])


@dataclass
class _Read:
    member: Member
    product_number: str
    record: ItemRecord | None
    issues: list[ImportIssue]


def _read(member: Member) -> _Read:
    converter = _Converter(member, languages=CONCEPT_DUTCH)
    number = next((str(v.get("@value", "")).strip() for v in member.node.get(PRODUCT_NUMBER, [])
                   if isinstance(v, dict)), "")
    if not number:
        converter.problem("productnummer", _("Ontbreekt: elk concept heeft een productnummer."))
    elif not re.fullmatch(r"[\w.-]{1,40}", number):
        converter.problem("productnummer", _("Ongeldig productnummer '%(value)s'.") % {"value": number[:60]})
    record = converter.convert()
    if member.archived or member.ended:  # an archived concept may be incomplete: only its number must be right
        return _Read(member, number, record, [i for i in converter.issues if i.key == "productnummer"])
    return _Read(member, number, record, converter.issues)


def _flag(link: ConceptLink, concept: IpdcConcept) -> bool:
    """Update one product's review status after its concept changed; True when it now needs review."""
    if link.based_on_snapshot == concept.snapshot:
        return False
    if concept.archived:
        status, changes = ConceptReviewStatus.CONCEPT_ARCHIVED, []
    else:
        changes = changes_between(link.based_on_content, concept.content)
        if not changes and link.review_status != ConceptReviewStatus.CONCEPT_ARCHIVED:
            if not link.review_status:  # nothing to review: follow the concept silently
                link.based_on_snapshot, link.based_on_content = concept.snapshot, concept.content
                link.save(update_fields=["based_on_snapshot", "based_on_content"])
            return False
        status = ConceptReviewStatus.CONCEPT_CHANGED
    link.review_status, link.changes, link.flagged_at = status, changes, timezone.now()
    link.save(update_fields=["review_status", "changes", "flagged_at"])
    return True


def import_concepts(source: Path | str, *, dry_run: bool = False, full: bool = False,
                    fetch: Fetch | None = None) -> ConceptReport:
    """Read the concept snapshots of an LDES URL, a folder or a file; see the module docstring."""
    source = str(source)
    report = ConceptReport(dry_run=dry_run)
    pages = read_pages(source, report.errors, fetch=fetch)
    found = members(pages, snapshot_types=CONCEPT_SNAPSHOT_TYPES, instance_types=CONCEPT_TYPES)
    if not found and not report.errors:
        shown = source if source.startswith(("http://", "https://")) or Path(source).is_dir() else Path(source).name
        report.errors.append(ImportIssue(shown, 0, "member", _("Geen conceptsnapshots gevonden.")))
    if report.errors:
        return report
    key = "concepts:" + _cursor_key(source)
    cursor = IpdcCursor.objects.filter(source=key).first()
    since = None if full or cursor is None else cursor.last_generated_at
    chosen = [m for m in latest(found) if since is None or m.generated_at is None or m.generated_at > since]
    read = [_read(m) for m in chosen]
    report.errors = [i for r in read for i in r.issues]
    if report.errors:
        return report
    newest = max((m.generated_at for m in found if m.generated_at), default=None)
    with transaction.atomic():
        for item in read:
            member = item.member
            content = record_to_json(item.record) if item.record is not None else {}
            concept = IpdcConcept.objects.filter(iri=member.version_of).first()
            archived = member.archived or member.ended
            if concept is not None and concept.snapshot == member.id:
                report.unchanged.append(item.product_number)
                continue
            if concept is not None and concept.generated_at and member.generated_at \
                    and member.generated_at <= concept.generated_at:
                report.unchanged.append(item.product_number)  # an older snapshot than the one we hold
                continue
            (report.updated if concept is not None else report.created).append(item.product_number)
            if concept is None:
                concept = IpdcConcept(iri=member.version_of)
            concept.product_number = item.product_number
            concept.title = (item.record.title if item.record else "") or concept.title or item.product_number
            concept.snapshot, concept.archived = member.id, archived
            concept.generated_at = member.generated_at or timezone.now()
            concept.content = content or concept.content
            concept.save()
            for link in concept.links.select_related("product"):
                if _flag(link, concept):
                    report.flagged.append(link.product.external_id)
        if newest is not None and (since is None or newest > since):
            IpdcCursor.objects.update_or_create(source=key, defaults={"last_generated_at": newest})
        if dry_run:
            transaction.set_rollback(True)
    return report


# --- products from concepts -----------------------------------------------------------------------------------------
def find_concept(product_number: str) -> IpdcConcept:
    """The concept with that product number (the newest when IPDC reused a number), or :class:`ConceptError`."""
    concept = IpdcConcept.objects.filter(product_number=product_number.strip()).order_by("-generated_at").first()
    if concept is None:
        raise ConceptError(_("Geen IPDC-concept met productnummer %(n)s. Lees eerst de concepten in "
                             "(manage.py import_ipdc_concepts).") % {"n": product_number})
    return concept


@transaction.atomic
def create_product(product_number: str, *, user: AbstractBaseUser | None = None) -> ProductPage:
    """A draft product with the content of the concept with this product number, linked to it."""
    concept = find_concept(product_number)
    if concept.archived:
        raise ConceptError(_("Het concept %(n)s (%(title)s) is gearchiveerd door IPDC; maak er geen product meer van.")
                           % {"n": concept.product_number, "title": concept.title})
    existing = concept.links.select_related("product").first()
    if existing is not None:
        raise ConceptError(_("Er bestaat al een product voor concept %(n)s: «%(title)s».")
                           % {"n": concept.product_number, "title": existing.product.title})
    external_id = ID_PREFIX + re.sub(r"[^a-z0-9]+", "-", concept.product_number.lower()).strip("-")
    record = record_from_json(concept.content, external_id)
    result = RecordResult(record=record, problems=[], key_lines={}, name_lines={})
    report = import_records([ParsedItem(concept.product_number, record, result, [])], user=user, publish_new=False)
    if report.errors:
        raise ConceptError("; ".join(f"{e.key}: {e.message}" for e in report.errors))
    product = ProductPage.objects.get(external_id=external_id)
    ConceptLink.objects.create(product=product, concept=concept, based_on_snapshot=concept.snapshot,
                               based_on_content=concept.content)
    return product


def confirm_up_to_date(link: ConceptLink) -> None:
    """The editor reviewed the product against the concept's latest snapshot: clear the review status."""
    concept = link.concept
    link.based_on_snapshot, link.based_on_content = concept.snapshot, concept.content
    link.review_status, link.changes, link.flagged_at = ConceptReviewStatus.NONE, [], None
    link.save()


def links_to_review() -> list[ConceptLink]:
    """Products whose concept changed or was archived since their last review, the longest waiting first."""
    return list(ConceptLink.objects.exclude(review_status="").select_related("product", "concept")
                .order_by("flagged_at", "pk"))

