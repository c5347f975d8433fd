"""``kennisbank.bulk_pages.NewPages`` against Wagtail's own one-by-one path, in one database.

The demo-catalogue comparison of both import paths (published pages, every column, revision and relation) is in
``tests/importers/test_bulk.py``; here: drafts, slugs, validation, the signals, and the misuse it refuses.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_published

from kennisbank.bulk import bulk_writes
from kennisbank.bulk_pages import NewPages
from kennisbank.models import FichePage, Theme

pytestmark = pytest.mark.django_db

STATE = ("live", "has_unpublished_changes", "depth", "numchild", "url_path", "draft_title", "locale_id",
         "content_type_id", "next_review_date", "expired")


def _fiche(title: str, slug: str, **fields) -> FichePage:
    defaults = {"short_answer": "U belt het onthaal.", "external_id": slug, "review_interval_months": 6}
    return FichePage(title=title, slug=slug, live=False, **{**defaults, **fields})


def _state(page: Page) -> dict:
    page = Page.objects.get(pk=page.pk).specific
    row = {name: getattr(page, name) for name in STATE}
    row["revisions"] = page.revisions.count()
    row["latest_is_live"] = page.latest_revision_id == page.live_revision_id
    row["log"] = sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    row["themes"] = sorted(t.name for t in page.themes.all())
    return row


def test_a_draft_ends_as_wagtails_add_child_and_save_revision_leave_it(site_structure):
    theme = Theme.objects.create(name="Burgerzaken")
    reference = _fiche("Waar vind ik het onthaal?", "onthaal-wagtail")
    site_structure.fiches.add_child(instance=reference)
    reference.themes.set([theme])
    reference.save_revision(log_action=True)

    with bulk_writes():
        batch = NewPages()
        page = _fiche("Waar vind ik het onthaal?", batch.free_slug(site_structure.fiches, "onthaal-bulk"))
        batch.add(page, site_structure.fiches, publish=False)
        assert batch.insert() == {}
        page.themes.set([theme])
        published = []
        page_published.connect(lambda instance, **kw: published.append(instance.pk), weak=False,
                               dispatch_uid="test_bulk_pages")
        try:
            revisions = batch.finish()
        finally:
            page_published.disconnect(dispatch_uid="test_bulk_pages")

    expected, actual = _state(reference), _state(page)
    expected.pop("url_path"), actual.pop("url_path")
    assert actual == expected
    assert actual["live"] is False and actual["has_unpublished_changes"] is True
    assert actual["log"] == ["wagtail.create", "wagtail.edit"]
    assert published == []  # a draft is not published
    assert revisions[0].as_object().themes.all()[0] == theme  # the revision holds the relations, as Wagtail's
    assert Page.find_problems() == ([], [], [], [], [])
    site_structure.fiches.refresh_from_db()
    assert site_structure.fiches.numchild == 2


def test_published_pages_send_page_published_once_each_and_are_live(site_structure):
    published = []
    page_published.connect(lambda instance, **kw: published.append(instance.pk), weak=False,
                           dispatch_uid="test_bulk_pages")
    try:
        with bulk_writes():
            batch = NewPages()
            pages = [_fiche(f"Vraag {n}", batch.free_slug(site_structure.fiches, f"vraag-{n}")) for n in range(3)]
            for page in pages:
                batch.add(page, site_structure.fiches, publish=True)
            assert batch.insert() == {}
            batch.finish()
    finally:
        page_published.disconnect(dispatch_uid="test_bulk_pages")
    assert sorted(published) == sorted(p.pk for p in pages)
    for page in pages:
        state = _state(page)
        assert state["live"] and not state["has_unpublished_changes"] and state["latest_is_live"]
        assert state["log"] == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
        assert state["next_review_date"] is not None  # six months after the first publication
    assert [p.path for p in pages] == sorted(p.path for p in pages)
    assert Page.find_problems() == ([], [], [], [], [])


def test_slugs_skip_the_children_that_exist_and_the_ones_already_given(site_structure):
    site_structure.fiches.add_child(instance=_fiche("Bestaand", "afval"))
    with bulk_writes():
        batch = NewPages()
        slugs = [batch.free_slug(site_structure.fiches, "afval") for _ in range(2)]
        other_parent = batch.free_slug(site_structure.products, "afval")
    assert slugs == ["afval-2", "afval-3"]
    assert other_parent == "afval"


def test_a_page_that_fails_validation_is_reported_and_nothing_is_written(site_structure):
    before = Page.objects.count()
    with bulk_writes():
        batch = NewPages()
        batch.add(_fiche("Goed", "goed"), site_structure.fiches, publish=True)
        batch.add(_fiche("Te lang", "te-lang", short_answer="x" * 301), site_structure.fiches, publish=True)
        batch.add(_fiche("Slug bestaat", "goed"), site_structure.fiches, publish=True)  # the same slug as the first
        problems = batch.insert()
    assert sorted(problems) == [1, 2]
    assert isinstance(problems[1], ValidationError) and "short_answer" in problems[1].message_dict
    assert "slug" in problems[2].message_dict
    assert Page.objects.count() == before


def test_misuse_is_refused(site_structure):
    batch = NewPages()
    batch.add(_fiche("Buiten bulk", "buiten"), site_structure.fiches, publish=True)
    with pytest.raises(RuntimeError, match="bulk_writes"):
        batch.insert()
    with bulk_writes():
        batch = NewPages()
        page = _fiche("Later gewijzigd", "later")
        batch.add(page, site_structure.fiches, publish=True)
        assert batch.insert() == {}
        page.title = "Na insert"
        with pytest.raises(ValueError, match="title"):
            batch.finish()
