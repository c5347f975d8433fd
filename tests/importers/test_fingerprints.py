"""The quick check of a re-import (importers.fingerprints): unchanged files are not parsed again, and the outcome is
the one the full comparison gives in every case that a user can cause."""

from __future__ import annotations

import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Revision

from importers.markdown_import import import_folder
from importers.models import ImportFingerprint
from kennisbank import services
from kennisbank.models import ContentPage, Team, Theme

from .conftest import FICHE, PRODUCT, SAMPLE_FILES, write_folder

pytestmark = pytest.mark.django_db


def both_ways(folder) -> tuple[object, object]:
    """(quick, full) reports of a dry run of ``folder``: what each path would do now."""
    return import_folder(folder, dry_run=True), import_folder(folder, dry_run=True, full=True)


def summary(report) -> tuple:
    return (sorted(report.created), sorted(report.updated), sorted(report.unchanged),
            sorted(str(issue) for issue in report.errors))


def test_an_unchanged_folder_is_not_parsed_again_and_every_item_is_unchanged(sample_folder, site_structure):
    assert import_folder(sample_folder).ok
    assert ImportFingerprint.objects.filter(source="markdown").count() == 3
    with CaptureQueriesContext(connection) as full:
        full_report = import_folder(sample_folder, full=True)
    with CaptureQueriesContext(connection) as quick:
        report = import_folder(sample_folder)
    assert summary(report) == summary(full_report) == ([], [], ["eid-aanvragen", "eid-verloren", "pin-procedure"],
                                                       [])
    # the quick check reads fingerprints and revision ids; the full one loads every page with its relations
    assert len(quick) < len(full) and not any("wagtailcore_revision" in q["sql"] for q in quick.captured_queries)


def test_an_edit_in_the_admin_makes_the_file_count_again(sample_folder, site_structure):
    assert import_folder(sample_folder).ok
    page = ContentPage.objects.get(external_id="eid-verloren").specific
    page.title = "Kaart verloren (aangepast in de beheeromgeving)"
    services.publish(page)
    quick, full = both_ways(sample_folder)
    assert summary(quick) == summary(full) and quick.updated == ["eid-verloren"]
    report = import_folder(sample_folder)
    assert report.updated == ["eid-verloren"]
    page.refresh_from_db()
    assert page.title != "Kaart verloren (aangepast in de beheeromgeving)"  # the file wins, as without fingerprints
    assert import_folder(sample_folder).unchanged == ["eid-aanvragen", "eid-verloren", "pin-procedure"]


def test_a_changed_file_is_parsed_and_updated(sample_folder, site_structure):
    assert import_folder(sample_folder).ok
    changed = FICHE.replace("Uw kaart is weg.", "Uw kaart is kwijt.")
    (sample_folder / "eid-verloren.md").write_text(changed, encoding="utf-8")
    revisions = Revision.objects.count()
    quick, full = both_ways(sample_folder)
    assert summary(quick) == summary(full)
    report = import_folder(sample_folder)
    assert report.updated == ["eid-verloren"] and Revision.objects.count() == revisions + 1


def test_a_renamed_team_or_theme_makes_every_fingerprint_miss(sample_folder, site_structure):
    assert import_folder(sample_folder).ok
    team = Team.objects.get(name="Dienst Burgerzaken")
    team.name = "Team Burgerzaken"  # no revision of any page: only the borrowed names changed
    team.save()
    quick, full = both_ways(sample_folder)
    assert summary(quick) == summary(full) and quick.updated == ["eid-aanvragen"]
    assert import_folder(sample_folder).updated == ["eid-aanvragen"]  # the file's team is back
    theme = Theme.objects.get(name="Burgerzaken")
    theme.name = "Burgerzaken en identiteit"  # same web address: the import asks to use that name
    theme.save()
    quick, full = both_ways(sample_folder)
    assert summary(quick) == summary(full) and {issue.key for issue in quick.errors} == {"themes"}


def test_a_known_file_whose_related_item_is_gone_reports_the_line(tmp_path, site_structure):
    extra = PRODUCT.replace("id: eid-aanvragen", "id: eid-extra").replace('related: ["eid-verloren"]',
                                                                        'related: ["eid-aanvragen"]')
    folder = write_folder(tmp_path / "map", {**SAMPLE_FILES, "eid-extra.md": extra})
    assert import_folder(folder).ok
    # eid-aanvragen leaves the folder and the database: eid-extra (unchanged, known) now points at nothing
    (folder / "eid-aanvragen.md").unlink()
    (folder / "eid-verloren.md").write_text(FICHE.replace('"eid-aanvragen", ', ""), encoding="utf-8")
    ContentPage.objects.get(external_id="eid-aanvragen").delete()
    quick, full = both_ways(folder)
    assert summary(quick) == summary(full)
    [issue] = quick.errors
    assert issue.file == "eid-extra.md" and issue.key == "related" and issue.line > 1
    assert "eid-aanvragen" in issue.message


def test_a_copy_of_a_known_file_is_a_duplicate_id_in_both_files(sample_folder, site_structure):
    assert import_folder(sample_folder).ok
    shutil.copy(sample_folder / "eid-verloren.md", sample_folder / "eid-verloren-kopie.md")
    quick, full = both_ways(sample_folder)
    assert summary(quick) == summary(full)
    # the known original is parsed again, so both files are named with the line of their id
    assert sorted((issue.file, issue.line, issue.key) for issue in quick.errors) == [
        ("eid-verloren-kopie.md", 2, "id"), ("eid-verloren.md", 2, "id")]
    assert not import_folder(sample_folder).ok  # nothing written


def test_a_dry_run_and_a_failed_run_store_no_fingerprints(sample_folder, site_structure):
    assert import_folder(sample_folder, dry_run=True).ok
    assert not ImportFingerprint.objects.exists()
    (sample_folder / "kapot.md").write_text("---\nid: kapot\n", encoding="utf-8")
    assert not import_folder(sample_folder).ok
    assert not ImportFingerprint.objects.exists()


def test_lost_fingerprints_only_cost_a_full_comparison(sample_folder, site_structure):
    assert import_folder(sample_folder).ok
    ImportFingerprint.objects.all().delete()
    report = import_folder(sample_folder)
    assert sorted(report.unchanged) == ["eid-aanvragen", "eid-verloren", "pin-procedure"]
    assert ImportFingerprint.objects.count() == 3  # stored again by the full comparison
