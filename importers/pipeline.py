"""The one import pipeline every format uses: parse → validate → write atomically.

Contract:
1. A format module (``markdown_import``, ``csv_import``, ``ipdc``) *parses* its input into :class:`ParsedItem`
   objects: one :class:`~importers.record.ItemRecord` each (None when the item has problems) plus every problem
   found, as :class:`ImportIssue` (file, line, key, JSON path for JSON formats, Dutch message). Field validation is
   shared: :func:`importers.schema.build_record` over :class:`~importers.locations.Field` objects, whose
   :class:`~importers.locations.Locator` tells each format's line numbers (YAML nodes, CSV rows, JSON members).
2. :func:`import_records` *validates* across items and against the database (duplicate ids, unknown ``related``
   ids, type changes, name clashes) and reports EVERY problem; when there is any, nothing is written.
3. It *writes* all items in ONE transaction: upsert on ``external_id``; a new revision only when the content differs
   (canonical record comparison), published when the item is live, a draft when an editor took it offline;
   themes, life events, teams and service points created when missing; ``related`` set in a second pass.
   Re-importing the same input changes nothing. ``dry_run=True`` validates and reports what WOULD change.
4. The write runs in bulk mode (:func:`kennisbank.bulk.bulk_writes`): Wagtail's per-save admin search-index and
   reference-index tasks are replaced by a few batched tasks after commit, and Kennisbank's own search index gets
   its changes through the index outbox (one flush task per batch). New items are written together by
   :class:`kennisbank.bulk_pages.NewPages` (tree rows, revisions, relations, log entries in multi-row statements,
   with the same validation and readability gate); changed items go through Wagtail's own publish one by one.
   ``bulk=False`` keeps Wagtail's one-by-one path and its per-save tasks for every item (same end state; used to
   compare both paths).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from kennisbank import services
from kennisbank.bulk import bulk_writes
from kennisbank.bulk_pages import NewPages
from kennisbank.editorial.gate import ReadabilityBlocked
from kennisbank.models import (
    Audience,
    ContentPage,
    CostLine,
    FichePage,
    LifeEvent,
    ProductAction,
    ProductPage,
    RelatedItem,
    ServicePoint,
    Team,
    Theme,
)
from kennisbank.site_structure import ensure_site_structure
from kennisbank.textclean import visible_text

from . import fingerprints
from .costs import prices_to_cost_lines
from .fingerprints import Known
from .limits import check_record
from .record import ItemRecord, record_from_page, records_from_live_pages
from .schema import RecordResult

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

T = TypeVar("T")
#: Wraps a loop for progress display: ``progress(iterable, description, total)``.
Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


@dataclass(frozen=True)
class ImportIssue:
    """The one error type of every importer.

    ``file``: the file name or URL; ``line``: the file line (0 when it concerns the folder or the whole input);
    ``key``: the field (``title``, ``cost[2].amount``, a CSV column); ``path``: the JSON path in JSON formats
    (``$.@graph[3].naam``), empty otherwise; ``message``: Dutch, for the person who fixes the input.
    """

    file: str
    line: int
    key: str
    message: str
    path: str = ""

    def __post_init__(self) -> None:
        # Messages quote the input: a NUL or lone surrogate in it would break terminals, logs and HTML. Show codes.
        for name in ("file", "key", "message", "path"):
            object.__setattr__(self, name, visible_text(getattr(self, name)))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path or self.key}: {self.message}"


@dataclass
class ImportReport:
    """Outcome of an import. ``created``/``updated``/``unchanged`` hold external ids (what would happen in a
    dry run); they stay empty when there are errors, because then nothing is written."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def actions(self) -> list[tuple[str, str]]:
        """(external id, Dutch action word) for every item, sorted by id."""
        rows = [(i, _("nieuw")) for i in self.created] + [(i, _("bijgewerkt")) for i in self.updated]
        rows += [(i, _("ongewijzigd")) for i in self.unchanged]
        return sorted(rows)

    def summary(self) -> str:
        counts = {"created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged)}
        if self.errors:
            return _("%(n)s fout(en) gevonden; er is niets geschreven.") % {"n": len(self.errors)}
        if self.dry_run:
            return _("Proefdraai, er is niets geschreven: %(created)s nieuw, %(updated)s bijgewerkt, "
                     "%(unchanged)s ongewijzigd.") % counts
        return _("Import klaar: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd.") % counts


@dataclass
class ParsedItem:
    """One item after parsing and per-item validation (``record`` is None when it has problems).

    ``name`` is the file (or URL) that problems are reported against.
    """

    name: str
    record: ItemRecord | None
    result: RecordResult | None
    issues: list[ImportIssue]
    #: The ``id`` value when it is text, also when the file has other problems (to find duplicates).
    raw_id: str | None = None
    #: The input's fingerprint (:func:`importers.fingerprints.digest`), when the format gives one.
    digest: str = ""
    #: Set when the fingerprint says the input is unchanged since the last import: then it was not parsed
    #: (``record`` and ``result`` are None, ``raw_id`` is the item's id) and the item is reported unchanged.
    known: Known | None = None


def _no_progress(iterable: Iterable[T], _desc: str, _total: int) -> Iterable[T]:
    return iterable


def _check_duplicates(parsed: list[ParsedItem]) -> list[ImportIssue]:
    issues: list[ImportIssue] = []
    first_file: dict[str, str] = {}
    for item in parsed:
        if item.raw_id is None or (item.result is None and item.known is None):
            continue
        if item.raw_id in first_file:
            line = item.result.key_lines.get("id", 2) if item.result is not None else 2
            issues.append(ImportIssue(item.name, line, "id",
                                      _("Dubbele id '%(id)s': staat ook in %(other)s.")
                                      % {"id": item.raw_id, "other": first_file[item.raw_id]}))
        else:
            first_file[item.raw_id] = item.name
    return issues


# --- cross-file validation ------------------------------------------------------------------------------------
def _check_names(parsed: list[ParsedItem]) -> list[ImportIssue]:
    """Themes and life events get a slug from their name: names that clash (with each other or with an existing
    one that has another name) or that give no slug are errors."""
    issues: list[ImportIssue] = []
    for key, model, label in (("themes", Theme, _("thema")), ("life_events", LifeEvent, _("levensgebeurtenis"))):
        by_slug: dict[str, str] = {}
        clashes: dict[tuple[str, str], Any] = {}  # (slug, name) → the clashing existing one or None: asked once
        for item in parsed:
            if item.record is None or item.result is None:
                continue
            for name in getattr(item.record, key):
                line = item.result.name_lines.get((key, name), 2)
                slug = slugify(name)[:100]
                if not slug:
                    issues.append(ImportIssue(item.name, line, key, _("'%(name)s' geeft geen bruikbaar webadres "
                                                                      "(slug).") % {"name": name}))
                    continue
                if by_slug.setdefault(slug, name) != name:
                    issues.append(ImportIssue(item.name, line, key, _("'%(name)s' botst met '%(other)s' (zelfde "
                                                                      "webadres): kies één schrijfwijze.")
                                              % {"name": name, "other": by_slug[slug]}))
                    continue
                if (slug, name) not in clashes:
                    found = model.objects.filter(slug=slug).exclude(name=name).first()
                    clashes[slug, name] = found if found is not None and not model.objects.filter(
                        name=name).exists() else None
                clash = clashes[slug, name]
                if clash is not None:
                    issues.append(ImportIssue(item.name, line, key,
                                              _("'%(name)s' botst met het bestaande %(label)s '%(other)s' "
                                                "(zelfde webadres): gebruik die naam.")
                                              % {"name": name, "label": label, "other": clash.name}))
    return issues


def _check_against_database(parsed: list[ParsedItem], existing: dict[str, ContentPage]) -> list[ImportIssue]:
    issues: list[ImportIssue] = []
    folder_ids = {p.record.external_id for p in parsed if p.record is not None}
    folder_ids |= {p.known.external_id for p in parsed if p.known is not None}
    for item in parsed:
        if item.known is not None:  # unchanged since the last import: its related items must still exist
            issues += [ImportIssue(item.name, 0, "related", _("Onbekende id '%(id)s': staat niet in de map en niet "
                                                             "in de databank.") % {"id": related_id})
                       for related_id in item.known.related
                       if related_id not in folder_ids and related_id not in existing]
            continue
        if item.record is None or item.result is None:
            continue
        record = item.record
        page = existing.get(record.external_id)
        if page is not None and page.specific_class and page.specific_class.item_type != record.item_type:
            issues.append(ImportIssue(item.name, item.result.key_lines.get("type", 2), "type",
                                      _("'%(id)s' bestaat al als %(old)s; het type wijzigen naar %(new)s kan niet.")
                                      % {"id": record.external_id, "old": page.specific_class.item_type,
                                         "new": record.item_type}))
        for related_id, line in zip(record.related, item.result.related_lines, strict=True):
            if related_id not in folder_ids and related_id not in existing:
                issues.append(ImportIssue(item.name, line, "related",
                                          _("Onbekende id '%(id)s': staat niet in de map en niet in de databank.")
                                          % {"id": related_id}))
    return issues


def _current_version(page: ContentPage) -> ContentPage:
    """What an import compares with: the live content, or the latest draft of an item that is offline."""
    page = page.specific
    if not page.live:
        return page.get_latest_revision_as_object() if page.latest_revision_id else page
    return page


def current_record(page: ContentPage) -> ItemRecord:
    """The record an import compares with for ``page`` (see :func:`_current_version`)."""
    return record_from_page(_current_version(page))


# --- writing --------------------------------------------------------------------------------------------------
class _Rollback(Exception):
    pass


class _Writer:
    """Applies records to pages inside the import transaction (creates referenced names on demand)."""

    def __init__(self) -> None:
        self.structure = ensure_site_structure()
        self.audiences = {a.code: a for a in Audience.objects.all()}
        self._themes: dict[str, Theme] = {}
        self._life_events: dict[str, LifeEvent] = {}
        self._teams: dict[str, Team] = {}
        self._points: dict[str, ServicePoint] = {}

    def theme(self, name: str) -> Theme:
        if name not in self._themes:
            self._themes[name] = Theme.objects.get_or_create(name=name)[0]
        return self._themes[name]

    def life_event(self, name: str) -> LifeEvent:
        if name not in self._life_events:
            self._life_events[name] = LifeEvent.objects.get_or_create(name=name)[0]
        return self._life_events[name]

    def team(self, name: str) -> Team:
        if name not in self._teams:
            self._teams[name] = Team.objects.get_or_create(name=name)[0]
        return self._teams[name]

    def service_point(self, name: str) -> ServicePoint:
        if name not in self._points:
            self._points[name] = ServicePoint.objects.get_or_create(
                name=name, defaults={"kind": ServicePoint.guess_kind(name)})[0]
        return self._points[name]

    def _parent(self, record: ItemRecord) -> Page:
        return self.structure.products if record.is_product else self.structure.fiches

    def _unsaved_page(self, record: ItemRecord, slug: str) -> ContentPage:
        model = ProductPage if record.is_product else FichePage
        page = model(title=record.title, slug=slug, external_id=record.external_id, live=False)
        self.apply_fields(page, record)
        return page

    def new_page(self, record: ItemRecord) -> ContentPage:
        """Create the page row (not live yet) under its index page (Wagtail's ``add_child``, one by one)."""
        parent = self._parent(record)
        slug, n = record.external_id, 1
        while parent.get_children().filter(slug=slug).exists():
            n += 1
            slug = f"{record.external_id}-{n}"
        page = self._unsaved_page(record, slug)
        parent.add_child(instance=page)
        return page

    def queue_page(self, record: ItemRecord, batch: NewPages, *, publish: bool) -> ContentPage:
        """The same page as :meth:`new_page`, queued in ``batch`` (written by ``batch.insert()``)."""
        parent = self._parent(record)
        page = self._unsaved_page(record, batch.free_slug(parent, record.external_id))
        if publish:  # a column, written by insert(); a draft keeps it in its revision (apply_relations), as before
            page.owner_team = self.team(record.owner) if record.owner else None
        batch.add(page, parent, publish=publish)
        return page

    @staticmethod
    def apply_fields(page: ContentPage, record: ItemRecord) -> None:
        page.title = record.title
        page.short_answer = record.short_answer
        page.visibility = record.visibility
        page.keywords = "\n".join(record.keywords)
        page.review_interval_months = record.review_interval_months
        page.last_reviewed = record.last_reviewed
        page.phone_questions = "\n".join(record.phone_questions)
        page.phone_steps = "\n".join(record.phone_steps)
        page.phone_transfer = record.phone_transfer
        page.phone_notes = record.phone_notes
        page.body = [("section", {"kind": s.kind, "heading": s.heading, "text": s.text}) for s in record.sections]
        if isinstance(page, ProductPage):
            page.appointment_required = record.appointment_required
            page.product_type = record.product_type

    def apply_relations(self, page: ContentPage, record: ItemRecord, targets: dict[str, ContentPage]) -> None:
        page.owner_team = self.team(record.owner) if record.owner else None
        page.themes.set([self.theme(n) for n in record.themes])
        page.life_events.set([self.life_event(n) for n in record.life_events])
        page.audiences.set([self.audiences[c] for c in record.audiences])
        page.related_links.set([RelatedItem(target=targets[rid], sort_order=i)
                                 for i, rid in enumerate(record.related)])
        if isinstance(page, ProductPage):
            page.service_points.set([self.service_point(n) for n in record.service_points])
            page.cost_lines.set([CostLine(label=c.label, amount=c.amount, note=c.note, sort_order=i)
                                 for i, c in enumerate(record.cost)])
            page.actions.set([ProductAction(kind=a.kind, url=a.url, label=a.label, sort_order=i)
                              for i, a in enumerate(record.actions)])


def _validation_issues(name: str, exc: ValidationError) -> list[ImportIssue]:
    if hasattr(exc, "error_dict"):
        return [ImportIssue(name, 0, key, " ".join(str(m) for m in messages))
                for key, messages in exc.message_dict.items()]
    return [ImportIssue(name, 0, "item", " ".join(exc.messages))]


def _problem_issues(name: str, problem: ValidationError | ReadabilityBlocked) -> list[ImportIssue]:
    if isinstance(problem, ReadabilityBlocked):  # the publish policy holds for imports too, reported per file
        return [ImportIssue(name, 0, "leesbaarheid", str(problem))]
    return _validation_issues(name, problem)


def _write(plan: list[tuple[str, ParsedItem, ContentPage | None]], user: AbstractBaseUser | None,
           progress: Progress, *, publish_new: bool = True, bulk: bool = True) -> list[ImportIssue]:
    """Create/update every planned item in one transaction; returns issues (then everything is rolled back)."""
    issues: list[ImportIssue] = []
    try:
        with bulk_writes() if bulk else contextlib.nullcontext(), transaction.atomic():
            writer = _Writer()
            pages: dict[str, ContentPage] = {}
            batch = NewPages(user) if bulk else None
            queued: list[ParsedItem] = []
            # Pass 1: every new item gets its page row, so ``related`` can point at it.
            for action, item, existing in plan:
                assert item.record is not None
                try:
                    if action == "created" and batch is not None:
                        pages[item.record.external_id] = writer.queue_page(item.record, batch, publish=publish_new)
                        queued.append(item)
                    elif action == "created":
                        pages[item.record.external_id] = writer.new_page(item.record)
                    else:
                        assert existing is not None
                        pages[item.record.external_id] = _current_version(existing)
                except ValidationError as exc:
                    issues += _validation_issues(item.name, exc)
            if batch is not None and not issues:
                for position, problem in batch.insert().items():
                    issues += _problem_issues(queued[position].name, problem)
            if issues:
                raise _Rollback
            wanted = {rid for _a, item, _e in plan if item.record for rid in item.record.related}
            targets = {p.external_id: p for p in ContentPage.objects.filter(external_id__in=wanted)}
            # Pass 2: fields and relations, then one revision per item.
            for action, item, _existing in progress(plan, _("Schrijven"), len(plan)):
                record = item.record
                assert record is not None
                page = pages[record.external_id]
                try:
                    if action == "created" and batch is not None:
                        writer.apply_relations(page, record, targets)  # fields are set; batch.finish() writes it
                        continue
                    writer.apply_fields(page, record)
                    writer.apply_relations(page, record, targets)
                    if (action == "created" and publish_new) or page.live:
                        services.publish(page, user)
                    else:
                        services.save_draft(page, user)
                except ValidationError as exc:
                    issues += _validation_issues(item.name, exc)
                except ReadabilityBlocked as exc:  # the publish policy holds for imports too, reported per file
                    issues.append(ImportIssue(item.name, 0, "leesbaarheid", str(exc)))
            if issues:
                raise _Rollback
            if batch is not None:
                batch.finish()
    except _Rollback:
        return issues
    return issues


def _reparse_doubtful(parsed: list[ParsedItem], reparse: Callable[[ParsedItem], ParsedItem]) -> list[ParsedItem]:
    """Known-unchanged items that would get a problem (a duplicate id, a related item that is gone), parsed."""
    known = [p for p in parsed if p.known is not None]
    if not known:
        return parsed
    claimed: dict[str, int] = {}
    for p in parsed:
        if p.raw_id is not None:
            claimed[p.raw_id] = claimed.get(p.raw_id, 0) + 1
    related = {rid for p in known if p.known is not None for rid in p.known.related}
    present = set(claimed) | set(ContentPage.objects.filter(external_id__in=related - set(claimed))
                                 .values_list("external_id", flat=True))
    return [reparse(p) if p.known is not None and (claimed[p.known.external_id] > 1
                                                    or not set(p.known.related) <= present) else p
            for p in parsed]


def import_records(parsed: list[ParsedItem], *, dry_run: bool = False, user: AbstractBaseUser | None = None,
                   progress: Progress | None = None, publish_new: bool = True, bulk: bool = True,
                   source: str = "", reparse: Callable[[ParsedItem], ParsedItem] | None = None) -> ImportReport:
    """Validate across items and write parsed records (steps 2 and 3 of :func:`import_folder`).

    The entry point for other formats (IPDC JSON-LD, ...): each :class:`ParsedItem` carries one record (or None
    with its ``issues``) and the name used in error messages. Same guarantees: every problem reported, nothing
    written when there is any, one transaction, idempotent upsert on ``external_id``, ``dry_run`` writes nothing.
    ``publish_new=False`` leaves new items as drafts (a product made from an IPDC concept). ``bulk`` (default)
    defers Wagtail's per-save tasks to batched ones (see the module docstring). With ``source`` (the format's
    name) the items' fingerprints are stored after a successful run, and items the format found known unchanged
    (``ParsedItem.known``) are reported unchanged without a comparison (:mod:`importers.fingerprints`); a known
    item whose id another input claims too, or whose related items are gone, is parsed again with ``reparse`` so
    its problems are reported with their lines.
    """
    progress = progress or _no_progress
    report = ImportReport(dry_run=dry_run)
    if reparse is not None:
        parsed = _reparse_doubtful(parsed, reparse)
    for item in parsed:
        if item.record is not None:
            item.record = prices_to_cost_lines(item.record)
    errors = [issue for item in parsed for issue in item.issues]
    errors += [issue for item in parsed for issue in check_record(item)]
    errors += _check_duplicates(parsed)
    records = [p.record for p in parsed if p.record is not None]
    valid = [p for p in parsed if p.record is not None]
    known = [p for p in parsed if p.known is not None]
    wanted = {r.external_id for r in records} | {rid for r in records for rid in r.related}
    wanted |= {rid for p in known if p.known is not None for rid in p.known.related}
    existing = {p.external_id: p for p in ContentPage.objects.filter(external_id__in=wanted)}
    errors += _check_against_database(parsed, existing)
    errors += _check_names(parsed)
    if errors:
        report.errors = sorted(errors, key=lambda e: (e.file, e.line, e.key))
        return report

    plan: list[tuple[str, ParsedItem, ContentPage | None]] = []
    imported = [existing[r.external_id] for r in records if r.external_id in existing]
    live_records = records_from_live_pages([page.pk for page in imported if page.live])  # batched: re-imports
    for item in valid:
        assert item.record is not None
        page = existing.get(item.record.external_id)
        if page is None:
            plan.append(("created", item, None))
            report.created.append(item.record.external_id)
        elif (live_records.get(page.pk) or record_from_page(_current_version(page))) == item.record:
            report.unchanged.append(item.record.external_id)
        else:
            plan.append(("updated", item, page))
            report.updated.append(item.record.external_id)
    report.unchanged += [p.known.external_id for p in known if p.known is not None]
    if dry_run:
        return report
    write_issues = _write(plan, user, progress, publish_new=publish_new, bulk=bulk) if plan else []
    if write_issues:
        report.created, report.updated, report.unchanged = [], [], []
        report.errors = write_issues
        return report
    if source:
        fingerprints.remember(source, {p.record.external_id: (p.digest, p.record.related)
                                       for p in valid if p.record is not None and p.digest})
    return report
