"""Shared fixtures. Areas add their own fixtures in ``tests/<area>/conftest.py``.

Hypothesis runs with a fixed seed by default (profile ``ci``: ``derandomize=True``), so a property test fails the
same way on every run and in CI; ``HYPOTHESIS_PROFILE=explore`` searches with fresh random examples locally (a
failure it finds is printed with ``@reproduce_failure`` and belongs in a regression test).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

from kennisbank.site_structure import ensure_site_structure
from tests.factories import make_item, make_user

hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
hypothesis_settings.register_profile("explore", derandomize=False, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def site_structure(db):
    """The home page and both index pages (also after a flush by transactional tests)."""
    return ensure_site_structure()


@pytest.fixture
def public_fiche(site_structure):
    return make_item("fiche", title="Wat doe ik als mijn identiteitskaart verloren is?",
                     short_answer="Laat uw kaart meteen blokkeren via DOC STOP.", themes=["Burgerzaken"])


@pytest.fixture
def internal_fiche(site_structure):
    return make_item("fiche", title="Interne procedure PIN-code geheim", visibility="internal",
                     short_answer="GEHEIM-INTERN: enkel voor het loket.", themes=["Burgerzaken"])


@pytest.fixture
def draft_fiche(site_structure):
    return make_item("fiche", title="Ontwerp nieuwe fiche", live=False,
                     short_answer="ONTWERP-TEKST die nog niet gepubliceerd is.", themes=["Burgerzaken"])


@pytest.fixture
def public_product(site_structure):
    return make_item("product", title="Identiteitskaart (eID) aanvragen",
                     short_answer="U vraagt uw eID aan aan de balie van het stadhuis.", themes=["Burgerzaken"])


@pytest.fixture
def operator_user(db):
    return make_user("operator", perms=["kennisbank.view_internal"])


@pytest.fixture
def wagtail_roles(site_structure):
    """The role groups as a fresh install has them, also after a transactional test flushed the database.

    A flush removes the groups and page permissions Wagtail's and our data migrations create; this puts back what
    they give: every role group with its registered permissions, admin access for editors and moderators, and
    their page permissions on the root page (editors add and change, moderators also publish).
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    from kennisbank.roles import EDITORS, MODERATORS, ensure_roles

    ensure_roles()
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, actions in ((EDITORS, ("add", "change")), (MODERATORS, ("add", "change", "publish"))):
        group = Group.objects.get(name=name)
        group.permissions.add(access_admin)
        for action in actions:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


@pytest.fixture
def chromium_path() -> str:
    """Path of Debian's chromium; browser tests fail (not skip) in CI when it is missing."""
    import os
    import shutil

    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install the Debian package 'chromium'")
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    return path


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture
def browser(chromium_path):
    """A headless Debian chromium driven by Playwright (no downloaded browser builds)."""
    import os

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def artifacts_dir():
    """Where browser tests save screenshots (kept after the run; gitignored)."""
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def login_browser_context(browser, live_server, user):
    """A browser context whose session cookie belongs to ``user`` (logged in without the login form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="nl-BE")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return context


@pytest.fixture
def search_index(tmp_path, settings):
    """A fresh embedded search index in ``tmp_path`` for this test (the service's cached backend is reset)."""
    from search import service

    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "INDEX_DIR": tmp_path / "search-index",
                                  "MEILI_URL": ""}
    service.reset_backend()
    yield service.backend()
    service.reset_backend()


@pytest.fixture(scope="session")
def redis_url():
    """A throwaway Redis server (Debian ``redis-server``) on a free local port, for the shared-cache tests; or
    ``REDIS_URL`` when the environment gives one. Fails (not skips) in CI when the server is not installed."""
    import shutil
    import socket
    import subprocess
    import tempfile
    import time

    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: scripts/test.sh must install the Debian package")
        pytest.skip("redis-server not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = tempfile.mkdtemp(prefix="kennisbank-redis-")
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _attempt in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
