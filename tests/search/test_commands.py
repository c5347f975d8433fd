"""Management commands: search_rebuild, search_verify, search_prune_log, search_push_settings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kennisbank import services
from kennisbank.models import Synonym
from kennisbank.selectors import Scope
from search import service
from search.documents import document_for
from search.models import QueryLog
from search.port import BackendUnavailable, SearchQuery
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def ids(q: str, scope: Scope = Scope.PUBLIC) -> list[str]:
    """Lexical hits: these tests check what the index holds (synonyms, drift), not the semantic neighbours."""
    return [hit.id for hit in service.search_items(q, scope=scope, log=False, mode="lexical").hits]


@pytest.fixture
def items(site_structure):
    """Two public items, one internal, one draft (none indexed yet: no on-commit callbacks ran)."""
    return {
        "public": make_item("fiche", title="Zwembad abonnement kopen"),
        "product": make_item("product", title="Zwembad huren"),
        "internal": make_item("fiche", title="Zwembad intern rooster", visibility="internal"),
        "draft": make_item("fiche", title="Zwembad ontwerp", live=False),
    }


def test_rebuild_indexes_all_live_items_and_pushes_synonyms(search_index, items):
    Synonym.objects.create(terms="baden, zwembad")
    with pytest.raises(BackendUnavailable, match="index is empty"):  # live items, no index: an outage
        ids("zwembad", Scope.OPERATOR)
    out = run("search_rebuild", "--no-progress")
    assert out.startswith("3 documenten geïndexeerd in ")
    assert set(ids("zwembad")) == {items["public"].external_id, items["product"].external_id}
    assert set(ids("zwembad", Scope.OPERATOR)) == {items["public"].external_id, items["product"].external_id,
                                                  items["internal"].external_id}
    assert set(ids("baden")) == {items["public"].external_id, items["product"].external_id}  # synonym pushed
    assert search_index.count() == 3


def test_verify_reports_drift_and_exits_non_zero_until_rebuilt(search_index, items):
    run("search_rebuild", "--no-progress")
    assert "ontbrekend in index: 0" in run("search_verify")

    # drift 1: a document deleted from the index directly
    search_index.delete([items["public"].external_id])
    # drift 2: a document the database does not have
    search_index.upsert([{**document_for(items["product"]), "id": "verdwenen-item"}])
    # drift 3: a stale document (title changed in the database without reindexing)
    stale = {**document_for(items["internal"]), "title": "Oude titel"}
    search_index.upsert([stale])

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 ontbrekend, 1 overbodig, 1 verouderd") as excinfo:
        call_command("search_verify", stdout=out)
    assert excinfo.value.returncode == 1
    report = out.getvalue()
    assert f"ontbrekend in index: 1: {items['public'].external_id}" in report
    assert "overbodig in index: 1: verdwenen-item" in report
    assert f"verouderd in index: 1: {items['internal'].external_id}" in report

    run("search_rebuild", "--no-progress")
    report = run("search_verify")  # exits 0: no CommandError
    assert "ontbrekend in index: 0" in report and "overbodig in index: 0" in report
    assert "verouderd in index: 0" in report


def test_verify_detects_a_visibility_change_that_was_not_indexed(search_index, items):
    run("search_rebuild", "--no-progress")
    page = items["public"]
    page.visibility = "internal"
    services.publish(page)  # on-commit indexing does not run inside this test transaction
    with pytest.raises(CommandError, match="1 verouderd"):
        call_command("search_verify", stdout=io.StringIO())
    # The drift verify found: still public in the index (the service itself rechecks and hides it already).
    assert page.external_id in {h.id for h in search_index.search(SearchQuery(q="zwembad", scope="public")).hits}
    assert page.external_id not in ids("zwembad")
    assert "Wachtende indexwijzigingen (nog niet door de worker verwerkt): 4." in run_failing("search_verify")
    out = run("search_verify", "--fix")
    assert "Hersteld" in out
    assert "4 wachtende indexwijziging(en) zijn hiermee verwerkt." in out  # 3 published creations + the publish
    assert page.external_id not in ids("zwembad")
    assert page.external_id in ids("zwembad", Scope.OPERATOR)
    assert "Wachtende indexwijzigingen (nog niet door de worker verwerkt): 0." in run("search_verify")


def run_failing(name: str, *args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_prune_log_uses_the_retention_setting(search_index, settings):
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "QUERY_LOG_RETENTION_DAYS": 7}
    now = timezone.now()
    for days in (1, 6, 8, 400):
        QueryLog.objects.create(query=f"q{days}", channel="website", scope="public", result_count=0,
                                created_at=now - dt.timedelta(days=days))
    assert run("search_prune_log").startswith("2 zoekopdrachten ouder dan 7 dagen verwijderd.")
    assert sorted(QueryLog.objects.values_list("query", flat=True)) == ["q1", "q6"]
    assert run("search_prune_log", "--days", "2").startswith("1 zoekopdrachten")
    with pytest.raises(CommandError, match="--days"):
        run("search_prune_log", "--days", "0")


def test_push_settings_command(search_index, items):
    run("search_rebuild", "--no-progress")
    assert ids("baden") == []
    Synonym.objects.create(terms="baden, zwembad")  # signal enqueues on commit; not run in this transaction
    assert ids("baden") == []
    assert "1 synoniemgroepen" in run("search_push_settings")
    assert set(ids("baden")) == {items["public"].external_id, items["product"].external_id}
