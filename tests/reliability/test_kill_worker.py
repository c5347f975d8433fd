"""Reliability: ``kill -9`` in the middle of a reindex and in the middle of the task worker's indexing.

Real ``manage.py`` subprocesses on a throwaway data dir (SQLite file + embedded tantivy index, the embedded defaults
of ``kennisbank.settings.base``) holding a few hundred items imported with ``import_markdown``:

- ``search_rebuild`` killed partway: the old index still answers with the same documents, the half-built directory
  does not pile up, a re-run completes and ``search_verify`` exits 0;
- ``db_worker`` killed while it works through the index outbox filled by publishing (one coalesced flush task at a
  time, ten changes per task and commit here; django-tasks database backend):
  the index still answers, a restarted ``db_worker --batch`` runs everything that was left — including the task
  that was RUNNING at the moment of the kill (the lease of :mod:`kennisbank.worker`) — and ``search_verify`` shows
  no drift;
- ``db_worker`` killed in the middle of an index commit (the test watches the index directory and kills as soon as
  a file appears that ``meta.json`` does not list yet), round after round: every later commit still works (no
  ``FileAlreadyExists`` wedge), and in the end every task ran and the index matches the database.
"""

from __future__ import annotations

import json
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
import tantivy

from search.backends.embedded import EmbeddedBackend
from search.port import SearchQuery

pytestmark = [
    pytest.mark.slow,
    # Its subprocesses always use their own SQLite data dir: the PostgreSQL pass would only repeat the SQLite one.
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="own SQLite subprocesses; run in the SQLite pass"),
]

ROOT = Path(__file__).resolve().parents[2]
N_ITEMS = 240
TASKS_TABLE = "django_tasks_database_dbtaskresult"  # django-tasks-db keeps its historical table name
SUBJECTS = ["reispas", "rijbewijs", "parkeerkaart", "huisvuil", "premie", "terras", "kinderopvang", "zwembad"]


OUTBOX_TABLE = "kb_search_pendingindexchange"
BATCH = 10  # outbox changes per index task in the worker: 24 tasks (commits) for the 240 changes


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0", "KENNISBANK_SEARCH_INDEX_BATCH_SIZE": str(BATCH)}
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


def pending(data_dir: Path) -> int:
    """Changes in the index outbox that no task has indexed yet."""
    with sqlite3.connect(data_dir / "kennisbank.sqlite3", timeout=30) as db:
        return db.execute(f"SELECT COUNT(*) FROM {OUTBOX_TABLE}").fetchone()[0]  # noqa: S608


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
        db.execute(f"DELETE FROM {OUTBOX_TABLE}")  # noqa: S608
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


TURN_INTERNAL = """
from kennisbank import services
from kennisbank.models import ContentPage
for page in ContentPage.objects.filter(live=True, visibility="public").order_by("pk").specific()[:50]:
    page.visibility = "internal"
    services.publish(page)
    print("turned", page.external_id)
"""

PUBLIC_OUTPUTS = """
import json, re
from django.test import Client
from kennisbank.models import ContentPage
client = Client()
seen, links = set(), set()
for subject in %r:
    for offset in range(0, 200, 50):
        api = client.get("/api/v1/search/", {"q": subject, "limit": 50, "offset": offset})
        assert api.status_code == 200, api.content[:300]
        seen.update(hit["id"] for hit in api.json()["results"])
    page = client.get("/zoeken/", {"q": subject})
    assert page.status_code == 200
    links.update(re.findall(r'href="(/(?:vragen|producten)/[a-z0-9-]+/)"', page.content.decode()))
by_url = {p.url: p.external_id for p in ContentPage.objects.all()}
print(json.dumps(sorted(seen | {by_url[link] for link in links})))
"""


def _public_ids(data_dir: Path) -> set[str]:
    out = manage(data_dir, "shell", "-c", PUBLIC_OUTPUTS % (SUBJECTS,)).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_kill_worker_during_indexing_then_restart_leaves_no_drift(data_dir):
    manage(data_dir, "shell", "-c", PUBLISH_ALL)  # every item changed; the changes wait in the outbox
    assert pending(data_dir) == N_ITEMS
    assert tasks(data_dir) == {"READY": 1}  # coalesced: one waiting flush for all 240 publishes
    assert hits(data_dir, "bestellen") == set()  # nothing indexed yet
    assert manage(data_dir, "search_verify", check=False).returncode == 1  # stale titles: drift is seen

    worker = spawn(data_dir, "db_worker", "--queue-name", "search", "--interval", "0.1", "--no-startup-delay",
                   "--no-reload")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and worker.poll() is None and tasks(data_dir).get("SUCCESSFUL", 0) < 5:
        time.sleep(0.05)
    assert worker.poll() is None, "the worker stopped by itself"
    worker.kill()
    worker.communicate(timeout=30)
    assert worker.returncode == -9
    after_kill = tasks(data_dir)
    assert 0 < pending(data_dir) < N_ITEMS, f"the worker finished before the kill: {after_kill}"

    # The index still answers: the items done so far have their new title, the rest their old one.
    assert 0 < total(data_dir, "bestellen") < N_ITEMS
    assert len(index(data_dir).ids()) == N_ITEMS

    # With the worker dead, 50 public items turn internal: the index still has them as public, public search not.
    turned = {line.split()[1] for line in manage(data_dir, "shell", "-c", TURN_INTERNAL).stdout.splitlines()
              if line.startswith("turned ")}
    assert len(turned) == 50 and turned <= index(data_dir).ids()
    in_index = {hit.id for subject in SUBJECTS for hit in index(data_dir).search(
        SearchQuery(q=subject, scope="public", limit=100)).hits}
    assert len(in_index & turned) == 50  # the index, behind, still calls all of them public
    public = _public_ids(data_dir)
    assert public and not public & turned, sorted(public & turned)

    # The restarted worker sees that the killed one is gone (same machine, no such process) and runs its task again.
    manage(data_dir, "db_worker", "--queue-name", "search", "--batch", "--no-startup-delay", "--no-reload",
           "--interval", "0")
    final = tasks(data_dir)
    assert final.get("READY", 0) == 0 and final.get("FAILED", 0) == 0 and final.get("RUNNING", 0) == 0, final
    assert pending(data_dir) == 0
    assert manage(data_dir, "search_verify", check=False).returncode == 0
    assert total(data_dir, "bestellen") == N_ITEMS  # every title is the new one
    assert total(data_dir, "aanvragen") == 0


def _uncommitted_files(data_dir: Path) -> set[str]:
    """Segment files in the live index directory that its ``meta.json`` does not refer to (a commit in flight)."""
    directory = (data_dir / "search-index" / "current").resolve()
    try:
        meta = json.loads((directory / "meta.json").read_text())
        names = os.listdir(directory)
    except (OSError, ValueError):
        return set()
    segments = {seg["segment_id"].replace("-", "") for seg in meta["segments"]}
    deletes = {f"{seg['segment_id'].replace('-', '')}.{seg['deletes']['opstamp']}.del"
               for seg in meta["segments"] if seg.get("deletes")}
    return {name for name in names if len(name.split(".")[0]) == 32
            and (name not in deletes if name.endswith(".del") else name.split(".")[0] not in segments)}


def _one_document(data_dir: Path) -> dict:
    backend = index(data_dir)
    searcher = backend._open().searcher()
    _score, address = searcher.search(tantivy.Query.all_query(), limit=1).hits[0]
    return json.loads(searcher.doc(address).get_first("source"))


ROUNDS = 8


def test_kill_worker_mid_commit_never_wedges_the_index(data_dir):
    manage(data_dir, "shell", "-c", PUBLISH_ALL)
    assert pending(data_dir) == N_ITEMS
    mid_commit = in_delete_window = 0
    for round_no in range(ROUNDS):
        done_before = tasks(data_dir).get("SUCCESSFUL", 0)
        worker = spawn(data_dir, "db_worker", "--queue-name", "search", "--interval", "0.05", "--no-startup-delay",
                       "--no-reload", "--heartbeat-seconds", "0.2", "--lease-seconds", "1")
        deadline = time.monotonic() + 60
        # Let the worker finish at least one task (the one the previous kill interrupted is run first), then kill
        # it as soon as its next commit is in flight. Killing always on the first commit would kill the same task
        # every round, and after KENNISBANK_TASK_MAX_CLAIMS rounds it is failed as a task that kills its worker.
        while (time.monotonic() < deadline and worker.poll() is None
               and tasks(data_dir).get("SUCCESSFUL", 0) == done_before):
            time.sleep(0.01)
        # The narrowest and worst window: the commit has written a segment's new delete file (``<seg>.<opstamp>.del``)
        # but not yet the ``meta.json`` that refers to it. Failing that within a few seconds, any commit in flight.
        caught: set[str] = set()
        del_deadline = time.monotonic() + 8
        while time.monotonic() < deadline and worker.poll() is None:
            caught = _uncommitted_files(data_dir)
            if any(name.endswith(".del") for name in caught) or (caught and time.monotonic() > del_deadline):
                break
        assert worker.poll() is None, f"round {round_no}: the worker stopped by itself"
        worker.kill()
        worker.communicate(timeout=30)
        mid_commit += bool(caught)
        in_delete_window += any(name.endswith(".del") for name in caught)

        # Another process can still write: the orphan files of the killed commit do not block the next one.
        backend = index(data_dir)
        before = backend.index_version()
        backend.upsert([_one_document(data_dir)])  # the same document again: a real commit, no change in content
        assert backend.index_version() != before, f"round {round_no}: no commit after the kill"
    assert mid_commit == ROUNDS, f"only {mid_commit} of {ROUNDS} kills landed inside a commit"
    print(f"{in_delete_window} of {ROUNDS} kills after the delete file was written, before meta.json")
    assert in_delete_window >= 1, "no kill landed in the window that wedged the index before the fix"

    manage(data_dir, "db_worker", "--queue-name", "search", "--batch", "--no-startup-delay", "--no-reload",
           "--interval", "0")
    final = tasks(data_dir)
    assert final.get("READY", 0) == 0 and final.get("RUNNING", 0) == 0 and final.get("FAILED", 0) == 0, final
    assert pending(data_dir) == 0
    verify = manage(data_dir, "search_verify", check=False)
    assert verify.returncode == 0, verify.stdout
    assert total(data_dir, "bestellen") == N_ITEMS
