"""The vocabulary migrations move stored codes without data loss, both ways, on a database with the demo content.

The demo catalogue is imported, the database is migrated back to before the English codes (the reverse functions
write the old Dutch codes into pages, revisions, audiences, service points and feedback), checked, and migrated
forward again: every code is English again, nothing was lost, and the insight permission kept its grants.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from channels.management.commands.setup_demo import DEMO_DIR
from channels.models import Feedback
from kennisbank.models import Audience, ContentPage, ProductAction, ServicePoint
from kennisbank.roles import ensure_roles
from kennisbank.vocabulary import AudienceCode, FeedbackKind, SectionKind, ServicePointKind

BEFORE = [("kennisbank", "0003_roles"), ("kb_channels", "0002_taxonomy_generation"), ("kb_insight", None),
          ("kb_phone", "0001_initial")]
OLD_SECTION_KINDS = {"intro", "wat_is_het", "voor_wie", "hoe_aanvragen", "wat_meebrengen", "kostprijs", "termijn",
                     "uitzonderingen", "overig"}


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([t for t in targets if t[1] is not None] + [t for t in targets if t[1] is None])


def _stored_section_kinds() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM kennisbank_contentpage")
        bodies = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT content FROM wagtailcore_revision")
        revisions = [row[0] for row in cursor.fetchall()]
    kinds = set()
    for raw in bodies:
        blocks = json.loads(raw) if isinstance(raw, str) else raw
        kinds |= {b["value"]["kind"] for b in blocks or []}
    for raw in revisions:
        content = json.loads(raw) if isinstance(raw, str) else raw
        body = content.get("body")
        blocks = json.loads(body) if isinstance(body, str) else body
        kinds |= {b["value"]["kind"] for b in blocks or [] if isinstance(b, dict)}
    return kinds


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_codes_move_both_ways_without_loss_on_the_demo_catalogue(tmp_path, settings):
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "INDEX_DIR": tmp_path / "idx", "MEILI_URL": ""}
    ensure_roles()  # as after every migrate (a flush by an earlier transactional test removes the groups)
    call_command("import_markdown", str(DEMO_DIR), verbosity=0)
    page = ContentPage.objects.filter(live=True).first()
    Feedback.objects.create(item=page, kind=FeedbackKind.ERROR, channel="api", section="Termijn")
    ServicePoint.objects.update_or_create(name="Snelbalie Test", defaults={"kind": ServicePointKind.TOWN_HALL})
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(content_type__app_label="kb_insight", codename="view_insight").exists()
    pages_before = ContentPage.objects.count()
    actions_before = sorted(ProductAction.objects.values_list("page_id", "kind", "url"))
    assert actions_before
    kinds_before = _stored_section_kinds()
    assert kinds_before <= set(SectionKind.values) and len(kinds_before) > 3

    _migrate(BEFORE)
    assert set(Audience.objects.values_list("code", flat=True)) == {"burger", "ondernemer", "vereniging",
                                                                     "medewerker"}
    assert _stored_section_kinds() <= OLD_SECTION_KINDS
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind FROM kb_channels_feedback")
        assert [row[0] for row in cursor.fetchall()] == ["fout"]
        cursor.execute("SELECT kind FROM kennisbank_servicepoint WHERE name = 'Snelbalie Test'")
        assert cursor.fetchone()[0] == "snelbalie"
    assert editors.permissions.filter(content_type__app_label="kb_phone", codename="view_insight").exists()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    fresh = MigrationExecutor(connection)
    assert not fresh.migration_plan(fresh.loader.graph.leaf_nodes())
    assert set(Audience.objects.values_list("code", flat=True)) == set(AudienceCode.values)
    assert _stored_section_kinds() == kinds_before
    assert list(Feedback.objects.values_list("kind", flat=True)) == [FeedbackKind.ERROR]
    assert ServicePoint.objects.get(name="Snelbalie Test").kind == ServicePointKind.TOWN_HALL
    assert ContentPage.objects.count() == pages_before
    # Actions went back to online_url and came back: the same link, the same guessed kind (label and order aside).
    assert sorted(ProductAction.objects.values_list("page_id", "kind", "url")) == [
        a for a in actions_before if a[1] in ("apply_online", "book_appointment")]
    assert editors.permissions.filter(content_type__app_label="kb_insight", codename="view_insight").exists()
    assert not editors.permissions.filter(content_type__app_label="kb_phone", codename="view_insight").exists()
    # Every page still renders its sections and every revision still loads.
    for item in ContentPage.objects.filter(live=True).specific():
        assert item.sections()
        assert item.get_latest_revision_as_object().sections() == item.sections()
