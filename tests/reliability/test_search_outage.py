"""A search outage is survivable: the API answers 503 JSON with Retry-After, pages fall back to a database search
with a visible notice, indexing tasks retry with backoff. Each with a backend that refuses connections and one that
hangs past the timeout (the Meilisearch imitation of ``tests/search/meili_imitation.py``), plus a damaged embedded
index.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kennisbank.vocabulary import Scope
from search import service, tasks
from search.fallback import database_search
from search.port import BackendUnavailable
from tests.factories import make_item, make_user
from tests.search.meili_imitation import MeiliImitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(site_structure):
    public = make_item("fiche", title="Identiteitskaart verloren", external_id="eid-verloren",
                       short_answer="Laat uw kaart blokkeren via DOC STOP.", keywords=["pasje kwijt"])
    internal = make_item("fiche", title="Identiteitskaart noodprocedure", external_id="eid-nood",
                         short_answer="Alleen voor medewerkers: GEHEIMNOOD.", visibility="internal")
    return public, internal


@pytest.fixture(params=["refused", "hang"])
def broken_search(request, settings):
    """The search backend is a Meilisearch that refuses connections, or one that hangs past the 0.5 s timeout."""
    server = MeiliImitation()
    server.__enter__()
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "MEILI_URL": server.url,
                                  "MEILI_MASTER_KEY": server.master_key, "MEILI_TIMEOUT_SECONDS": 0.5}
    if request.param == "refused":
        server.close()
    else:
        server.fault, server.hang_seconds = "hang", 2
    service.reset_backend()
    yield request.param
    if request.param == "hang":
        server.close()
    service.reset_backend()


def test_the_api_answers_503_json_with_retry_after(client, content, broken_search):
    response = client.get("/api/v1/search/", {"q": "identiteitskaart"})
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "30"
    assert response.json()["error"]["code"] == "search_unavailable"
    assert "tijdelijk niet beschikbaar" in response.json()["error"]["message"]


def test_the_website_falls_back_to_a_database_search_with_a_notice(client, content, broken_search):
    response = client.get("/zoeken/", {"q": "identiteitskaart"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "zoekfunctie werkt even niet volledig" in html
    assert "Identiteitskaart verloren" in html
    assert "noodprocedure" not in html and "GEHEIMNOOD" not in html  # the fallback reads through the selectors
    fragment = client.get("/zoeken/resultaten/", {"q": "pasje"})
    assert fragment.status_code == 200 and "Identiteitskaart verloren" in fragment.content.decode()


def test_the_console_falls_back_with_internal_items_and_a_notice(client, content, broken_search):
    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    response = client.get("/onthaal/zoeken/", {"q": "identiteitskaart"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "zoekmachine is even niet bereikbaar" in html
    assert "Identiteitskaart verloren" in html and "Identiteitskaart noodprocedure" in html


def test_a_damaged_embedded_index_degrades_the_same_way(client, content, search_index, settings):
    search_index.upsert([{"id": "eid-verloren", "type": "fiche", "title": "Identiteitskaart verloren",
                          "visibility": "public"}])
    live = (settings.KENNISBANK_SEARCH["INDEX_DIR"] / "current").resolve()
    for path in live.iterdir():  # every segment and meta file overwritten: tantivy cannot open the index
        if path.is_file():
            path.write_bytes(b"\0garbage")
    service.reset_backend()
    api = client.get("/api/v1/search/", {"q": "identiteitskaart"})
    assert api.status_code == 503 and api.json()["error"]["code"] == "search_unavailable"
    page = client.get("/zoeken/", {"q": "identiteitskaart"})
    assert page.status_code == 200 and "zoekfunctie werkt even niet volledig" in page.content.decode()


def test_the_database_fallback_respects_scope_and_filters(content):
    public = database_search("identiteitskaart", scope=Scope.PUBLIC)
    assert [h.id for h in public.hits] == ["eid-verloren"] and public.degraded and public.backend == "database"
    operator = database_search("identiteitskaart", scope=Scope.OPERATOR)
    assert {h.id for h in operator.hits} == {"eid-verloren", "eid-nood"}
    assert database_search("kwijt pasje", scope=Scope.PUBLIC).total == 1  # keywords, any word order
    assert database_search("identiteitskaart", scope=Scope.PUBLIC, filters={"type": "product"}).total == 0


def test_indexing_tasks_retry_with_backoff_while_the_backend_is_down(content, broken_search, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "search", "social", "reminders"]}}
    from django_tasks_db.models import DBTaskResult

    public, _internal = content
    before = timezone.now()
    assert tasks.index_item.call(public.pk) == "retry"
    queued = DBTaskResult.objects.filter(task_path__endswith="index_item").get()
    assert queued.args_kwargs["kwargs"] == {"attempt": 2}
    assert queued.run_after - before >= dt.timedelta(seconds=4)
    assert tasks.retry_delay(3) == dt.timedelta(seconds=20)
    with pytest.raises(BackendUnavailable):
        tasks.index_item.call(public.pk, attempt=6)  # the last attempt (TASK_MAX_ATTEMPTS) raises


def test_an_empty_index_while_the_database_has_items_is_an_outage_not_no_results(client, content, search_index):
    assert search_index.count() == 0  # recreated empty (or never built) while items are live
    api = client.get("/api/v1/search/", {"q": "identiteitskaart"})
    assert api.status_code == 503 and api.json()["error"]["code"] == "search_unavailable"
    page = client.get("/zoeken/", {"q": "identiteitskaart"})
    assert page.status_code == 200 and "Identiteitskaart verloren" in page.content.decode()


def test_a_damaged_settings_file_is_reported_and_repaired(content, search_index, settings):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from search.documents import iter_documents

    search_index.upsert(iter_documents())
    search_index.apply_settings(search_index.settings)
    (settings.KENNISBANK_SEARCH["INDEX_DIR"] / "settings.json").write_text("{kapot")
    service.reset_backend()
    assert service.backend().health()["ok"] is False
    assert service.search_items("identiteitskaart", scope=Scope.PUBLIC, log=False).total == 1  # still serves
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_verify", stdout=out)
    assert "Instellingenbestand van de index is beschadigd" in out.getvalue()
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    service.reset_backend()
    assert service.backend().health()["ok"] is True
    call_command("search_verify", stdout=io.StringIO())  # clean again: no drift, exit 0


def test_verify_names_the_repair_when_the_index_cannot_be_read(content, search_index, settings):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    search_index.upsert([{"id": "eid-verloren", "type": "fiche", "title": "x", "visibility": "public"}])
    live = (settings.KENNISBANK_SEARCH["INDEX_DIR"] / "current").resolve()
    for path in live.iterdir():
        if path.is_file():
            path.write_bytes(b"\0garbage")
    service.reset_backend()
    with pytest.raises(CommandError, match="search_rebuild"):
        call_command("search_verify", stdout=io.StringIO())


def test_search_verify_fix_heals_what_an_outage_left_behind(content, settings, django_capture_on_commit_callbacks):
    """Meilisearch fails while an item changes (the indexing task gives up); once it is back, --fix repairs it."""
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from kennisbank import services
    from search.documents import iter_documents

    with MeiliImitation() as server:
        settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "MEILI_URL": server.url,
                                      "MEILI_MASTER_KEY": server.master_key, "MEILI_TIMEOUT_SECONDS": 1}
        service.reset_backend()
        service.push_settings()
        service.backend().upsert(iter_documents())
        public, _internal = content
        server.fault = "500"
        public.title = "Identiteitskaart kwijt of gestolen"
        with django_capture_on_commit_callbacks(execute=True):
            services.publish(public)  # publishing succeeds; the indexing task fails (logged, never breaks it)
        server.fault = None
        with pytest.raises(CommandError, match="1 verouderd"):
            call_command("search_verify", stdout=io.StringIO())
        out = io.StringIO()
        call_command("search_verify", "--fix", stdout=out)
        assert "Hersteld" in out.getvalue()
        assert server.indexes["kennisbank"].documents["eid-verloren"]["title"] == "Identiteitskaart kwijt of gestolen"
    service.reset_backend()
