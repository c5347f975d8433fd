"""The run command's set-up step: logins printed, demo catalogue loaded, search built (the main job)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from channels.management.commands.setup_demo import DEMO_DIR
from kennisbank import selectors
from kennisbank.selectors import Scope
from search import service

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_dir(tmp_path, settings):
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "INDEX_DIR": tmp_path / "idx", "MEILI_URL": ""}
    settings.KENNISBANK_DATA_DIR = tmp_path
    service.reset_backend()
    yield
    service.reset_backend()


def test_setup_demo_loads_catalogue_prints_logins_and_builds_search(index_dir, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("setup_demo", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "gebruiker: admin" in text and "gebruiker: onthaal" in text
    assert selectors.items(Scope.PUBLIC).count() >= 40
    assert selectors.items(Scope.OPERATOR).filter(visibility="internal").count() >= 6
    # Synonyms work through the real search: "paspoort" finds the reispas product.
    hits = [h.id for h in service.search_items("paspoort", scope=Scope.PUBLIC, log=False).hits]
    assert "reispas-aanvragen" in hits
    # The printed admin password logs in.
    password = text.split("gebruiker: admin")[1].split("wachtwoord:")[1].split()[0]
    client = Client()
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    operator = get_user_model().objects.get(username="onthaal")
    assert operator.has_perm("kennisbank.view_internal") and not operator.is_staff
    # Running it again changes nothing and prints the same logins.
    again = io.StringIO()
    call_command("setup_demo", stdout=again, stderr=io.StringIO())
    assert password in again.getvalue()
    demo_items = len(list(DEMO_DIR.glob("*.md")))
    assert f"0 nieuw, 0 bijgewerkt, {demo_items} ongewijzigd" in again.getvalue()
