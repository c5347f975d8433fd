"""Create many new pages at once, ending in the state Wagtail's one-by-one path leaves, in a few statements per batch.

Wagtail's path for one new published page is ``parent.add_child(instance=page)``, ``page.save_revision(
log_action=True)`` and ``revision.publish()``: three saves, five validations, about ninety SQL statements and a
hundred signals. :class:`NewPages` writes the same rows for a whole import in multi-row statements. It is used by
the import pipeline, inside :func:`kennisbank.bulk.bulk_writes` (it refuses to run outside it).

Contract, in call order:

1. :meth:`NewPages.free_slug` gives a slug that is free among a parent's children (the parent's slugs are read
   once); :meth:`NewPages.add` takes an unsaved specific page with its fields set, its parent and whether it is
   published or kept as a draft.
2. :meth:`NewPages.insert` validates every page as ``Page.full_clean`` does (fields, StreamField blocks, the slug
   among its siblings) and runs the readability gate (:func:`kennisbank.editorial.gate.check_new_page`) for pages
   to publish. When any page has a problem it returns the problems by position and writes nothing. Otherwise it
   writes the rows ``add_child`` writes: tree paths after each parent's last child (the parent rows are locked),
   depth, ``url_path``, the parent's locale, one insert per table per batch, and the parents' ``numchild``.
   What ``ContentPage.save`` adds (external id, next review date) is applied too.
3. The caller may now set relations that point at the new pages (``related``, themes, cost lines, ...), in memory,
   as on any modelcluster page. For a page to publish, only child relations and many-to-many values: its own
   columns (foreign keys included) were written by ``insert()``, and :meth:`NewPages.finish` refuses a published
   page whose columns changed. For a draft, anything set after ``insert()`` goes into its revision only, as
   Wagtail's ``save_revision`` keeps a draft's changes (relation rows are not written for drafts either).
4. :meth:`NewPages.finish` writes what ``save_revision`` and ``publish`` write:
   - one revision per page, whose content is the page as ``add_child`` left it (as Wagtail stores it);
   - the child-relation and many-to-many rows of published pages;
   - for published pages: ``live``, the live and latest revision, first and last published at; for drafts: the
     latest revision and ``has_unpublished_changes``;
   - the log entries ``wagtail.create``, ``wagtail.edit`` and, when published, ``wagtail.publish`` (user and uuid
     from the active log context, as ``wagtail.log_actions.log`` does).
   It then sends ``page_published`` and Wagtail's ``published`` for every published page, so every receiver
   (search outbox, LPDC stream, social checks) runs as after a publish, and hands every page to bulk mode's
   batched admin-search and reference-index updates (:func:`kennisbank.bulk.note_saved`).

Not covered, because imports do not need them: scheduled publication (``go_live_at`` in the future), aliases,
comments and workflows. :meth:`NewPages.add` refuses a page with ``go_live_at`` set.
``tests/importers/test_bulk.py`` compares the end state with Wagtail's path on the demo catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from . import bulk
from .editorial.gate import ReadabilityBlocked, check_new_page
from .models import ContentPage

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

#: Fields ``full_clean`` would check with a query each; their values come from rows this module just read or wrote.
_LOOKUP_FIELDS = ("locale", "content_type", "owner", "live_revision", "latest_revision", "locked_by", "alias_of",
                  "owner_team")
#: Ids per UPDATE statement.
_CHUNK = 500


@dataclass
class _Entry:
    page: Page
    parent: Page
    publish: bool


def _table_chain(model: type[models.Model]) -> list[type[models.Model]]:
    """The concrete models whose tables hold a row of ``model``: [Page, ContentPage, ProductPage]."""
    chain = [model]
    while chain[-1]._meta.parents:
        chain.append(next(iter(chain[-1]._meta.parents)))
    return list(reversed(chain))


def _slug_checked() -> None:
    """Stands in for ``Page._check_slug_is_unique`` on a page whose slug :meth:`NewPages.free_slug` gave."""


def _column_names(page: Page) -> list[str]:
    return [f.attname for f in page._meta.concrete_fields]


def _columns(page: Page) -> tuple[Any, ...]:
    return tuple(getattr(page, name) for name in _column_names(page))


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class NewPages:
    """A batch of new pages written together (see the module docstring for the contract and the order of calls)."""

    def __init__(self, user: AbstractBaseUser | None = None) -> None:
        self.user = user
        self._entries: list[_Entry] = []
        self._slugs: dict[int, set[str]] = {}
        self._reserved: set[tuple[int, str]] = set()  # (parent, slug) given by free_slug: checked against siblings
        self._state = "adding"
        self._written: list[tuple[Any, ...]] = []

    def free_slug(self, parent: Page, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``, ... : the first slug no child of ``parent`` (or page of this batch
        under it) has. The slug is reserved for this batch."""
        taken = self._slugs.get(parent.pk)
        if taken is None:
            taken = self._slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        self._reserved.add((parent.pk, slug))
        return slug

    def add(self, page: Page, parent: Page, *, publish: bool) -> None:
        """Queue an unsaved specific ``page`` under ``parent``; published in :meth:`finish` or kept as a draft."""
        if self._state != "adding":
            raise RuntimeError("add() after insert()")
        if page.pk is not None or not page._state.adding:
            raise ValueError(f"{page!r} is already saved")
        if page.go_live_at is not None:
            raise ValueError(f"{page!r}: scheduled publication is not supported in a bulk write")
        self._entries.append(_Entry(page, parent, publish))

    def __len__(self) -> int:
        return len(self._entries)

    # --- step 2 ---------------------------------------------------------------------------------------------------
    def insert(self) -> dict[int, ValidationError | ReadabilityBlocked]:
        """Validate every page and, when none has a problem, write the tree rows (module docstring, step 2).

        Returns the problems by position in the order of :meth:`add` (nothing is written then)."""
        if self._state != "adding":
            raise RuntimeError("insert() twice")
        if not bulk.active():
            raise RuntimeError("NewPages needs kennisbank.bulk.bulk_writes(): the admin indexes would miss the pages")
        self._state = "inserted"
        if not self._entries:
            return {}
        parents = self._place()
        problems: dict[int, ValidationError | ReadabilityBlocked] = {}
        seen: set[tuple[int, str]] = set()
        for position, entry in enumerate(self._entries):
            page = entry.page
            try:
                if (entry.parent.pk, page.slug) in seen:  # the database check below cannot see this batch
                    raise ValidationError({"slug": _("The slug '%(page_slug)s' is already in use within the parent "
                                                     "page at '%(parent_url_path)s'.")
                                           % {"page_slug": page.slug, "parent_url_path": entry.parent.url}})
                seen.add((entry.parent.pk, page.slug))
                if (entry.parent.pk, page.slug) in self._reserved:
                    # free_slug read the siblings' slugs: Page.clean need not ask the database again per page.
                    page._check_slug_is_unique = _slug_checked  # type: ignore[method-assign]
                try:
                    page.full_clean(exclude=[name for name in _LOOKUP_FIELDS if hasattr(page, f"{name}_id")],
                                    validate_unique=False, validate_constraints=False)
                finally:
                    page.__dict__.pop("_check_slug_is_unique", None)
                if entry.publish and isinstance(page, ContentPage):
                    check_new_page(page)
            except (ValidationError, ReadabilityBlocked) as exc:
                problems[position] = exc
        if problems:
            return problems
        self._write_rows()
        self._written = [_columns(entry.page) for entry in self._entries]
        for parent, count in parents:
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
            parent.numchild += count
        return {}

    def _place(self) -> list[tuple[Page, int]]:
        """Give every page its tree position as ``add_child`` would (after the parent's last child)."""
        by_parent: dict[int, list[_Entry]] = {}
        for entry in self._entries:
            by_parent.setdefault(entry.parent.pk, []).append(entry)
        placed = []
        for entries in by_parent.values():
            parent = entries[0].parent
            locked = Page.objects.select_for_update().only("path", "depth", "numchild").get(pk=parent.pk)
            last = locked.get_last_child() if locked.numchild else None
            start = Page._str2int(last.path[-Page.steplen :]) if last is not None else 0
            depth = locked.depth + 1
            for number, entry in enumerate(entries, start + 1):
                page = entry.page
                page.depth = depth
                page.path = Page._get_path(locked.path, depth, number)
                page.numchild = 0
                page.url_path = parent.url_path + page.slug + "/"
                page.locale_id = parent.locale_id
                page.draft_title = page.draft_title or page.title
                page._cached_parent_obj = parent
                if isinstance(page, ContentPage):
                    page.ensure_external_id()
                    page.next_review_date = page.compute_next_review_date()
            if len(entries[-1].page.path) > Page._meta.get_field("path").max_length:
                raise ValidationError("the new pages are too deep in the tree")
            placed.append((parent, len(entries)))
        return placed

    def _write_rows(self) -> None:
        pages = [entry.page for entry in self._entries]
        Page.objects.bulk_create(pages)  # one row each in wagtailcore_page; sets page.id
        by_table: dict[type[models.Model], list[Page]] = {}
        for page in pages:
            for model in _table_chain(type(page))[1:]:
                for link in model._meta.parents.values():
                    assert link is not None  # a concrete parent always has its pointer field
                    setattr(page, link.attname, page.id)
                by_table.setdefault(model, []).append(page)
        for model, rows in by_table.items():
            fields = [f for f in model._meta.local_concrete_fields if not f.generated]
            size = max(1, connection.ops.bulk_batch_size(fields, rows))
            for chunk in _chunks(rows, size):
                # The insert Django's own save runs per parent table (Model._save_table), for many rows at once.
                model._base_manager._insert(chunk, fields=fields, using=connection.alias)  # type: ignore[attr-defined]

    # --- step 4 ---------------------------------------------------------------------------------------------------
    @transaction.atomic
    def finish(self) -> list[Revision]:
        """Write revisions, relations, live state and log entries, then send the publish signals (module docstring,
        step 4). Returns the revisions in the order of :meth:`add`."""
        if self._state != "inserted":
            raise RuntimeError("finish() needs insert() first, once")
        self._state = "finished"
        if not self._entries:
            return []
        now = timezone.now()
        base_type = ContentType.objects.get_for_model(Page)
        pages = [entry.page for entry in self._entries]
        for entry, written in zip(self._entries, self._written, strict=True):
            if not entry.publish:
                continue  # a draft's later changes live in its revision only, as with Wagtail's save_revision
            page = entry.page
            changed = [name for name, (old, new) in zip(_column_names(page), zip(written, _columns(page),
                                                                                  strict=True), strict=True)
                       if old is not new and old != new]
            if changed:
                raise ValueError(f"{page!r}: columns changed after insert(), they would not be written: {changed}")
        relations = [self._pending_relations(page) for page in pages]
        revisions = Revision.objects.bulk_create([
            Revision(content_type_id=page.content_type_id, base_content_type=base_type, object_id=str(page.pk),
                     user=self.user, approved_go_live_at=None, content=page.serializable_data(),
                     object_str=str(page), created_at=now)
            for page in pages])
        published_pages = [(e.page, r) for e, r in zip(self._entries, relations, strict=True) if e.publish]
        self._write_relations([p for p, _r in published_pages], [r for _p, r in published_pages])
        self._write_live_state(now, base_type)
        self._write_log(revisions, now)
        for entry, revision in zip(self._entries, revisions, strict=True):
            page = entry.page
            page.latest_revision = revision
            if entry.publish:
                page.live_revision = revision
                page_published.send(sender=type(page), instance=page, revision=revision)
                published.send(sender=type(page), instance=page, revision=revision)
            bulk.note_saved(page)
        return revisions

    @staticmethod
    def _pending_relations(page: Page) -> dict[str, tuple[Any, list[models.Model]]]:
        """The page's child relations and many-to-many values as set in memory (modelcluster keeps them until the
        page is saved), by name; relations never set are empty for a new page and are recorded as such, so that
        neither the revision nor this module asks the database for them."""
        pending = page.__dict__.setdefault("_cluster_related_objects", {})
        relations: dict[str, tuple[Any, list[models.Model]]] = {}
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            relations[name] = (relation, list(pending.setdefault(name, [])))
        for field in type(page)._meta.get_fields():
            if isinstance(field, ParentalManyToManyField):
                relations[field.name] = (field, list(pending.setdefault(field.name, [])))
        return relations

    @staticmethod
    def _write_relations(pages: list[Page], relations: list[dict[str, tuple[Any, list[models.Model]]]]) -> None:
        """The rows modelcluster's ``commit()`` writes when the published page is saved."""
        rows: dict[type[models.Model], list[models.Model]] = {}
        for page, pending in zip(pages, relations, strict=True):
            for kind, objects in pending.values():
                if isinstance(kind, ParentalManyToManyField):
                    through = kind.remote_field.through
                    source, target = kind.m2m_field_name(), kind.m2m_reverse_field_name()
                    rows.setdefault(through, []).extend(
                        through(**{f"{source}_id": page.pk, f"{target}_id": other.pk}) for other in objects)
                    continue
                for child in objects:
                    setattr(child, kind.field.attname, page.pk)
                    rows.setdefault(type(child), []).append(child)
        for model, objects in rows.items():
            model._base_manager.bulk_create(objects, batch_size=_CHUNK)
        # Committed now: drop modelcluster's in-memory state, so the relations read the database again.
        for page in pages:
            page._cluster_related_objects = {}

    def _write_live_state(self, now: Any, base_type: ContentType) -> None:
        latest = Subquery(Revision.objects.filter(base_content_type_id=base_type.pk,
                                                  object_id=Cast(OuterRef("pk"), output_field=CharField()))
                          .order_by("-pk").values("pk")[:1])
        review_dates: dict[Any, list[int]] = {}
        for publish in (True, False):
            entries = [e for e in self._entries if e.publish is publish]
            for chunk in _chunks(entries, _CHUNK):
                ids = [e.page.pk for e in chunk]
                if publish:
                    Page.objects.filter(pk__in=ids).update(
                        latest_revision_id=latest, live_revision_id=latest, live=True, expired=False,
                        has_unpublished_changes=False, first_published_at=now, last_published_at=now,
                        latest_revision_created_at=now)
                else:
                    Page.objects.filter(pk__in=ids).update(
                        latest_revision_id=latest, has_unpublished_changes=True, latest_revision_created_at=now)
            for entry in entries:
                page = entry.page
                page.latest_revision_created_at = now
                page.has_unpublished_changes = not publish
                if publish:
                    page.live, page.expired = True, False
                    page.first_published_at = page.last_published_at = now
                if isinstance(page, ContentPage):
                    date = page.compute_next_review_date()
                    if date != page.next_review_date:
                        page.next_review_date = date
                        review_dates.setdefault(date, []).append(page.pk)
        for date, ids in review_dates.items():
            for chunk in _chunks(ids, _CHUNK):
                ContentPage.objects.filter(pk__in=chunk).update(next_review_date=date)

    def _write_log(self, revisions: list[Revision], now: Any) -> None:
        context = get_active_log_context()
        user = self.user or context.user
        user_id = getattr(user, "pk", None)
        entries = []
        for entry, revision in zip(self._entries, revisions, strict=True):
            page = entry.page
            common = {"content_type_id": page.content_type_id, "label": page.get_admin_display_title(),
                      "timestamp": now, "data": {}, "uuid": context.uuid, "page_id": page.pk,
                      "content_changed": True}
            entries.append(PageLogEntry(action="wagtail.create", user_id=user_id or page.owner_id, **common))
            entries.append(PageLogEntry(action="wagtail.edit", user_id=user_id, revision=revision, **common))
            if entry.publish:
                entries.append(PageLogEntry(action="wagtail.publish", user_id=user_id, revision=revision, **common))
        PageLogEntry.objects.bulk_create(entries, batch_size=_CHUNK)
