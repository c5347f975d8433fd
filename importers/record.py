"""The canonical, format-neutral representation of one item of the exchange format.

Contract:
- :class:`ItemRecord` holds exactly what the Markdown exchange format carries (core keys, the documented extension
  keys and the body sections). It normalises itself on construction: unordered sets (themes, life events,
  audiences, service points) are sorted, so two records are equal exactly when the content is the same.
- :func:`record_from_page` reads a page (a live row or a revision object) into a record. The importer compares
  that with the record parsed from the file to decide "ongewijzigd"; the exporter renders it.
- ``related_scope`` (optional) keeps only related items that the scope may see (public exports never name
  internal or draft items).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from kennisbank.models import ContentPage, ProductPage
from kennisbank.selectors import items
from kennisbank.vocabulary import AudienceCode, ItemType, Scope, Visibility

from .body import Section

#: Order of the audience codes (the fixed list of the model).
AUDIENCE_ORDER: list[str] = list(AudienceCode.values)


@dataclass(frozen=True)
class ActionItem:
    """A call to action: ``kind`` (:class:`~kennisbank.vocabulary.ActionKind`), ``url``, optional button text."""

    kind: str
    url: str = ""
    label: str = ""


@dataclass(frozen=True)
class CostItem:
    label: str
    amount: Decimal
    note: str = ""


def _sorted_names(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(names), key=lambda n: (n.casefold(), n)))


@dataclass(frozen=True)
class ItemRecord:
    """One product or fiche as the exchange format describes it (normalised; compare with ``==``)."""

    external_id: str
    item_type: str
    title: str
    short_answer: str
    themes: tuple[str, ...] = ()
    life_events: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    visibility: str = Visibility.PUBLIC.value
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    owner: str = ""
    review_interval_months: int | None = None
    last_reviewed: dt.date | None = None
    cost: tuple[CostItem, ...] = ()
    appointment_required: bool = False
    product_type: str = ""
    actions: tuple[ActionItem, ...] = ()
    service_points: tuple[str, ...] = ()
    phone_questions: tuple[str, ...] = ()
    phone_steps: tuple[str, ...] = ()
    phone_transfer: str = ""
    phone_notes: str = ""
    sections: tuple[Section, ...] = field(default=())

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "themes", _sorted_names(self.themes))
        setattr_(self, "life_events", _sorted_names(self.life_events))
        setattr_(self, "service_points", _sorted_names(self.service_points))
        codes = dict.fromkeys(self.audiences)
        setattr_(self, "audiences", tuple(sorted(codes, key=lambda c: (
            AUDIENCE_ORDER.index(c) if c in AUDIENCE_ORDER else len(AUDIENCE_ORDER), c))))
        for name in ("keywords", "related", "phone_questions", "phone_steps", "cost", "actions", "sections"):
            setattr_(self, name, tuple(getattr(self, name)))

    @property
    def is_product(self) -> bool:
        return self.item_type == ItemType.PRODUCT


def record_from_page(page: ContentPage, *, related_scope: Scope | None = None,
                     related_ids: dict[int, str] | None = None) -> ItemRecord:
    """The record of a page as it is (a live row, or the object of a revision).

    ``related_ids`` (page pk → external id of the related items the scope may see) saves the query for them; see
    :func:`records_from_live_pages`.
    """
    page = page.specific if type(page) is ContentPage else page
    target_ids = [link.target_id for link in page.related_links.all()]
    if related_ids is None:
        targets = items(related_scope or Scope.EDITOR).filter(pk__in=target_ids)
        by_pk = dict(targets.values_list("pk", "external_id"))
    else:
        by_pk = related_ids
    related = tuple(by_pk[pk] for pk in target_ids if pk in by_pk)
    product_fields: dict = {}
    if isinstance(page, ProductPage):
        product_fields = {
            "cost": tuple(CostItem(line.label, Decimal(line.amount).quantize(Decimal("0.01")), line.note or "")
                          for line in page.cost_lines.all()),
            "appointment_required": bool(page.appointment_required),
            "product_type": page.product_type or "",
            "actions": tuple(ActionItem(a.kind, a.url or "", a.label or "") for a in page.actions.all()),
            "service_points": tuple(sp.name for sp in page.service_points.all()),
        }
    return ItemRecord(
        external_id=page.external_id,
        item_type=page.item_type,
        title=page.title,
        short_answer=page.short_answer,
        themes=tuple(t.name for t in page.themes.all()),
        life_events=tuple(e.name for e in page.life_events.all()),
        audiences=tuple(a.code for a in page.audiences.all()),
        visibility=page.visibility,
        keywords=tuple(page.keyword_list),
        related=related,
        owner=page.owner_team.name if page.owner_team is not None else "",
        review_interval_months=page.review_interval_months or None,
        last_reviewed=page.last_reviewed,
        phone_questions=tuple(page.phone_question_list),
        phone_steps=tuple(page.phone_step_list),
        phone_transfer=page.phone_transfer or "",
        phone_notes=page.phone_notes or "",
        sections=tuple(Section(s["kind"], s["heading"], s["text"]) for s in page.sections()),
        **product_fields,
    )


def records_from_live_pages(pks: list[int], batch_size: int = 500) -> dict[int, ItemRecord]:
    """:func:`record_from_page` of many live pages (the live rows, editor scope) with a fixed number of queries per
    batch instead of about ten per page (relations prefetched, related ids looked up once). Keyed by page pk."""
    from kennisbank.models import FichePage

    out: dict[int, ItemRecord] = {}
    common = ("themes", "life_events", "audiences", "related_links")
    for start in range(0, len(pks), batch_size):
        chunk = pks[start : start + batch_size]
        for model, extra in ((ProductPage, ("cost_lines", "actions", "service_points")), (FichePage, ())):
            pages = list(model.objects.filter(pk__in=chunk, live=True).select_related("owner_team")
                         .prefetch_related(*common, *extra))
            target_ids = {link.target_id for page in pages for link in page.related_links.all()}
            by_pk = dict(items(Scope.EDITOR).filter(pk__in=target_ids).values_list("pk", "external_id"))
            for page in pages:
                out[page.pk] = record_from_page(page, related_ids=by_pk)
    return out
