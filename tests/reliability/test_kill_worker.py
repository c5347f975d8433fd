"""Reliability: ``kill -9`` in the middle of a reindex and in the middle of the task worker's indexing.

Real ``manage.py`` subprocesses on a throwaway data dir (SQLite file + embedded tantivy index, the embedded defaults
of ``kennisbank.settings.base``) holding a few hundred items imported with ``import_markdown``:

- ``search_rebuild`` killed partway: the old index still answers with the same documents, the half-built directory
  does not pile up, a re-run completes and ``search_verify`` exits 0;
- ``db_worker`` killed while it works through index tasks enqueued by publishing (django-tasks database backend):
  the index still answers, a restarted ``db_worker --batch`` runs everything that was left, and ``search_verify``
  shows no drift. A task that was RUNNING at the moment of the kill stays RUNNING in django-tasks-db (it is never
  retried); its item is repaired by ``search_verify --fix`` — the test checks that only such items can drift.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search.backends.embedded import EmbeddedBackend
from search.port import SearchQuery

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
N_ITEMS = 240
TASKS_TABLE = "django_tasks_database_dbtaskresult"  # django-tasks-db keeps its historical table name
SUBJECTS = ["reispas", "rijbewijs", "parkeerkaart", "huisvuil", "premie", "terras", "kinderopvang", "zwembad"]


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0"}
    for name in ("DATABASE_URL", "MEILI_URL", "MEILI_MASTER_KEY"):
        env.pop(name, None)
    return env


def manage(data_dir: Path, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=_env(data_dir), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} → {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc


def spawn(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=_env(data_dir), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def tasks(data_dir: Path) -> dict[str, int]:
    """Rows of the ``search`` queue per status in the data dir's database."""
    with sqlite3.connect(data_dir / "kennisbank.sqlite3", timeout=30) as db:
        rows = db.execute(f"SELECT status, COUNT(*) FROM {TASKS_TABLE} WHERE queue_name = 'search' "  # noqa: S608
                          "GROUP BY status").fetchall()
    return dict(rows)


def index(data_dir: Path) -> EmbeddedBackend:
    return EmbeddedBackend(data_dir / "search-index")


def hits(data_dir: Path, q: str) -> set[str]:
    result = index(data_dir).search(SearchQuery(q=q, scope="operator", limit=100))
    return {hit.id for hit in result.hits}


def total(data_dir: Path, q: str) -> int:
    return index(data_dir).search(SearchQuery(q=q, scope="operator", limit=1)).total


def _write_items(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_ITEMS):
        subject = SUBJECTS[i % len(SUBJECTS)]
        (folder / f"{subject}-{i:04d}.md").write_text(
            f'---\nid: {subject}-{i:04d}\ntype: {"product" if i % 3 == 0 else "fiche"}\n'
            f'title: "{subject.capitalize()} aanvragen {i}"\nshort_answer: "U vraagt een {subject} aan op het '
            f'gemeentehuis."\nthemes: ["Burgerzaken"]\naudience: [burger]\n'
            f'visibility: {"internal" if i % 10 == 0 else "public"}\n---\n## Wat is het?\n\n'
            f"Uitleg over {subject} nummer {i}.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory) -> Path:
    """A migrated data dir with N_ITEMS imported items, a complete index and no queued tasks."""
    root = tmp_path_factory.mktemp("reliability")
    data = root / "data"
    manage(data, "migrate", "--no-input", "-v", "0")
    _write_items(root / "content")
    manage(data, "import_markdown", str(root / "content"))
    manage(data, "search_rebuild", "--no-progress")
    with sqlite3.connect(data / "kennisbank.sqlite3") as db:  # the import's index tasks: the rebuild covered them
        db.execute(f"DELETE FROM {TASKS_TABLE}")  # noqa: S608
    assert manage(data, "search_verify").returncode == 0
    return data


@pytest.fixture
def data_dir(base_dir, tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(base_dir, copy, symlinks=True)
    return copy


def _read_stderr(proc: subprocess.Popen, seen: list[bytes]) -> None:
    while chunk := proc.stderr.read1(4096):  # type: ignore[union-attr]
        seen.append(chunk)


def test_kill_during_search_rebuild_keeps_the_old_index(data_dir):
    before_ids = index(data_dir).ids()
    before_hits = hits(data_dir, "zwembad")
    assert len(before_ids) == N_ITEMS and before_hits

    proc = spawn(data_dir, "search_rebuild", "--batch-size", "1")
    seen: list[bytes] = []
    reader = threading.Thread(target=_read_stderr, args=(proc, seen), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    progress = re.compile(rb"search_rebuild:\s+[1-9]\d?%")  # partway: 1..99 % of the documents read
    while time.monotonic() < deadline and proc.poll() is None and not progress.search(b"".join(seen)):
        time.sleep(0.02)
    assert proc.poll() is None, f"search_rebuild ended before it could be killed: {b''.join(seen)[-500:]!r}"
    proc.kill()  # SIGKILL: no cleanup code runs
    stdout, _err = proc.communicate(timeout=30)
    reader.join(5)
    assert proc.returncode == -9 and "geïndexeerd".encode() not in stdout

    # The old index is intact and answers exactly as before.
    assert index(data_dir).ids() == before_ids
    assert hits(data_dir, "zwembad") == before_hits

    manage(data_dir, "search_rebuild", "--no-progress")
    assert manage(data_dir, "search_verify", check=False).returncode == 0
    assert index(data_dir).ids() == before_ids
    assert len(list((data_dir / "search-index").glob("index-*"))) <= 2  # current + previous; the half-built one went


PUBLISH_ALL = """
from kennisbank import services
from kennisbank.models import ContentPage
for page in ContentPage.objects.filter(live=True).order_by("pk").specific():
    page.title = page.title.replace("aanvragen", "bestellen")
    services.publish(page)
"""


def test_kill_worker_during_indexing_then_restart_leaves_no_drift(data_dir):
    manage(data_dir, "shell", "-c", PUBLISH_ALL)  # every item changed; the index tasks wait in the database
    queued = tasks(data_dir)
    assert queued.get("READY", 0) >= N_ITEMS
    assert hits(data_dir, "bestellen") == set()  # nothing indexed yet
    assert manage(data_dir, "search_verify", check=False).returncode == 1  # stale titles: drift is seen

    worker = spawn(data_dir, "db_worker", "--queue-name", "search", "--interval", "0.1", "--no-startup-delay",
                   "--no-reload")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and worker.poll() is None and tasks(data_dir).get("SUCCESSFUL", 0) < 20:
        time.sleep(0.05)
    assert worker.poll() is None, "the worker stopped by itself"
    worker.kill()
    worker.communicate(timeout=30)
    assert worker.returncode == -9
    after_kill = tasks(data_dir)
    assert after_kill.get("READY", 0) > 0, f"the worker finished before the kill: {after_kill}"

    # The index still answers: the items done so far have their new title, the rest their old one.
    assert 0 < total(data_dir, "bestellen") < N_ITEMS
    assert len(index(data_dir).ids()) == N_ITEMS

    manage(data_dir, "db_worker", "--queue-name", "search", "--batch", "--no-startup-delay", "--no-reload",
           "--interval", "0")
    final = tasks(data_dir)
    assert final.get("READY", 0) == 0 and final.get("FAILED", 0) == 0
    orphans = final.get("RUNNING", 0)  # killed mid-task: django-tasks-db never retries it
    assert orphans <= 1

    verify = manage(data_dir, "search_verify", check=False)
    if orphans == 0:
        assert verify.returncode == 0, verify.stdout
    else:
        stale = re.search(r"verouderd in index: (\d+)", verify.stdout)
        missing = re.search(r"ontbrekend in index: (\d+)", verify.stdout)
        assert int(stale.group(1)) <= 1 and int(missing.group(1)) == 0, verify.stdout
        assert manage(data_dir, "search_verify", "--fix", check=False).returncode == 0
    assert manage(data_dir, "search_verify", check=False).returncode == 0
    assert total(data_dir, "bestellen") == N_ITEMS  # every title is the new one
    assert total(data_dir, "aanvragen") == 0
