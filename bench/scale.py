"""Benchmark at regional scale: import, import → searchable, re-import, search and API under load, memory.

Usage (from the repository root; needs ``wrk`` from Debian and gunicorn from the ``production`` extra)::

    .venv/bin/python bench/scale.py [--sizes 1000,10000,50000] [--pg postgresql://…] [--seconds 10]

For every size and database (SQLite always; PostgreSQL too when ``--pg`` or ``DATABASE_URL`` gives a server, each
run in a fresh database created on it):

1. generates ``n`` exchange-format files (``bench/import_10k.py``'s generator: products and fiches, ~10 % internal);
2. ``manage.py migrate`` on a fresh data dir (embedded tantivy index);
3. ``manage.py import_markdown``: wall time and peak RSS of that process;
4. ``manage.py db_worker --queue-name '*' --batch``: runs every task the import left (search outbox flushes,
   Wagtail's batched admin-index and reference-index updates, LPDC); import → searchable = 3 + 4, with the task
   rows the import left. Searchable by words when the index outbox is empty (the database is polled every 0.2 s);
   by meaning too when the worker is done (the embedding tasks follow the words);
5. a second ``import_markdown`` of the same files (nothing changed): wall time, ms per item, peak RSS;
6. gunicorn as deployed (3 sync workers, DEBUG off, persistent connections) under wrk at 20 and 100 connections:
   list ``/api/v1/items/?limit=20``, detail (cycling through every public item) and search (cycling through 3 200+
   distinct as-you-type queries, more than any cache holds), once with the caches OFF (every response computed) and
   once ON (as deployed), the same URLs in the same order on both sides; the resident memory of every gunicorn
   worker after the runs.

Search runs twice: ``mode=lexical`` (the keystroke ranking) and ``mode=hybrid`` (the API default; the worker
embedded every item's passages, which step 4 includes). Figures come from this machine, with everything (server,
wrk, database) on it; compare ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import api as api_bench  # noqa: E402  (bench/api.py: wrk, gunicorn)
import import_10k as gen  # noqa: E402  (bench/import_10k.py: the file generator, run_child)

TARGETS = ("10 000 items imported and searchable <= 120 s; re-import unchanged <= 0.5 ms per item; 50 000-item "
           "import peak RSS <= 400 MiB; API p95 <= 50 ms at 20 connections, caches off, 10 000 items; search HTTP "
           "p95 <= 25 ms at 50 000 items")


def _pg_database(server_url: str) -> str:
    """Create a fresh database on the PostgreSQL server of ``server_url``; returns its URL."""
    import psycopg

    name = f"kb_scale_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_pg(server_url: str, database_url: str) -> None:
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    with contextlib.suppress(Exception), psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _task_rows(env: dict[str, str]) -> str:
    code = ("from django_tasks_db.models import DBTaskResult as T; from search.models import PendingIndexChange as P;"
            "print(T.objects.filter(status='READY').count(), P.objects.count())")
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return f"{out[-2]} task rows, {out[-1]} outbox changes"


def _outbox_count(data: Path, database_url: str) -> int:
    """Rows in the search index outbox, read straight from the database (no Django start-up per poll)."""
    sql = "SELECT COUNT(*) FROM kb_search_pendingindexchange"
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as conn:
            return int(conn.execute(sql).fetchone()[0])
    import sqlite3

    with contextlib.closing(sqlite3.connect(data / "kennisbank.sqlite3", timeout=30)) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _run_worker(env: dict[str, str], data: Path, database_url: str) -> tuple[float, int, float]:
    """``db_worker --queue-name '*' --batch`` until every task is done: (seconds, peak RSS MiB, seconds until the
    index outbox was empty, i.e. every imported item searchable by words; vectors follow in embedding tasks)."""
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:])\n"
            "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)\n"
            "sys.exit(p.returncode)\n")
    args = ["db_worker", "--queue-name", "*", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0",
            "--verbosity", "0"]
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, sys.executable, str(ROOT / "manage.py"), *args],
                            stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    words = None
    while proc.poll() is None:
        if words is None and _outbox_count(data, database_url) == 0:
            words = time.perf_counter() - started
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        raise SystemExit(f"manage.py db_worker failed ({proc.returncode})")
    rss = int(next(line.split()[1] for line in out.splitlines() if line.startswith("MAXRSS"))) // 1024
    return elapsed, rss, words if words is not None else elapsed


def _public_ids(env: dict[str, str]) -> list[str]:
    code = ("from kennisbank.selectors import items, Scope;"
            "print('\\n'.join(items(Scope.PUBLIC).order_by('pk').values_list('external_id', flat=True)))")
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line and " " not in line]


def _search_paths(mode: str = "hybrid") -> list[str]:
    """Distinct as-you-type queries: every prefix (from 2 letters) of subject + verb pairs and their typos."""
    words = [f"{s} {v}" for s in gen.SUBJECTS for v in gen.VERBS]
    queries: list[str] = []
    for phrase in words:
        queries += [phrase[:n] for n in range(2, len(phrase) + 1)]
        queries.append(phrase[:2] + phrase[3] + phrase[2] + phrase[4:])
    unique = list(dict.fromkeys(q for q in queries if q.strip()))
    return [f"/api/v1/search/?q={quote(q)}&mode={mode}" for q in unique]


def _rss_of_workers(server: subprocess.Popen) -> list[int]:
    """Resident memory (MiB) of gunicorn's worker processes (children of the master)."""
    out = []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{pid}/status").read_text()
            out.append(int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS"))) // 1024)
    return out


def load(env: dict[str, str], ids: list[str], seconds: int, work: Path) -> None:
    """wrk against gunicorn: list, detail, search at 20 and 100 connections, caches off then on."""
    endpoints = {
        "list   /api/v1/items/?limit=20": ["/api/v1/items/?limit=20"],
        "detail /api/v1/items/<id>/": [f"/api/v1/items/{i}/" for i in ids],
        "search lexical ?q=…&mode=lexical": _search_paths("lexical"),
        "search hybrid  ?q=…&mode=hybrid": _search_paths("hybrid"),
    }
    print(f"  load: {len(endpoints['detail /api/v1/items/<id>/'])} detail URLs, "
          f"{len(endpoints['search lexical ?q=…&mode=lexical'])} distinct search URLs per mode (each query is "
          f"embedded once per process, then cached), wrk 2 threads, {seconds} s each")
    for title, api_seconds, search_seconds in (("caches OFF (every response computed)", "0", "0"),
                                               ("caches ON (as deployed)", "300", "60")):
        port = api_bench.free_port()
        server = api_bench.start_gunicorn({**env, "KENNISBANK_API_CACHE_SECONDS": api_seconds,
                                           "KENNISBANK_SEARCH_CACHE_SECONDS": search_seconds}, port, 3)
        try:
            print(f"  {title}:")
            print(f"    {'endpoint':<32} {'conns':>5} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'errors':>6}")
            for name, paths in endpoints.items():
                for clients in (20, 100):
                    api_bench.run_wrk(f"http://127.0.0.1:{port}", paths, clients, 2, work)  # warm-up
                    r = api_bench.run_wrk(f"http://127.0.0.1:{port}", paths, clients, seconds, work)
                    print(f"    {name:<32} {clients:>5} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['rate']:>7.0f} "
                          f"{r['non_2xx'] + r['errors']:>6}")
            print(f"    memory per gunicorn worker after the runs: {_rss_of_workers(server)} MiB")
        finally:
            api_bench.stop(server)


def run_size(n: int, database: str, server_url: str, seconds: int, work: Path) -> None:
    content = work / f"content-{n}"
    if not content.exists():
        gen.generate(content, n, seed=1)
    data = work / f"data-{database}-{n}"
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "MEILI_URL": "",
           "DB_CONN_MAX_AGE": "60"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    database_url = ""
    if database == "postgresql":
        database_url = _pg_database(server_url)
        env["DATABASE_URL"] = database_url
    try:
        print(f"\n== {n} items, {database} ==")
        seconds_migrate, _rss, _ = gen.run_child(["migrate", "--no-input", "-v", "0"], env)
        print(f"  migrate: {seconds_migrate:.1f} s")
        t_import, rss_import, out = gen.run_child(["import_markdown", str(content)], env)
        print(f"  import: {t_import:.1f} s ({1000 * t_import / n:.1f} ms per item), peak RSS {rss_import} MiB; "
              f"{out.strip().splitlines()[-1]}")
        print(f"  left for the worker: {_task_rows(env)}")
        t_worker, rss_worker, t_words = _run_worker(env, data, database_url)
        print(f"  worker (all queues, until empty): {t_worker:.1f} s, peak RSS {rss_worker} MiB; left: "
              f"{_task_rows(env)}")
        print(f"  import -> searchable by words (index outbox empty): {t_import + t_words:.1f} s")
        print(f"  import -> searchable by meaning too (every vector written, all tasks done): "
              f"{t_import + t_worker:.1f} s")
        t_again, rss_again, out = gen.run_child(["import_markdown", str(content)], env)
        print(f"  re-import unchanged: {t_again:.1f} s ({1000 * t_again / n:.2f} ms per item, process start "
              f"included), peak RSS {rss_again} MiB; {out.strip().splitlines()[-1]}")
        t_start, _rss, _ = gen.run_child(["import_markdown", "--help"], env)  # the same process start, no import
        print(f"  re-import unchanged without the process start (minus `import_markdown --help`, {t_start:.1f} s): "
              f"{1000 * max(t_again - t_start, 0) / n:.2f} ms per item")
        if seconds:
            load(env, _public_ids(env), seconds, work)
    finally:
        if database_url:
            _drop_pg(server_url, database_url)
        shutil.rmtree(data, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated item counts (default 1000,10000)")
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""),
                        help="PostgreSQL server URL (a fresh database is created per run); default DATABASE_URL")
    parser.add_argument("--seconds", type=int, default=10, help="wrk seconds per endpoint (0: no load runs)")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if args.seconds and (shutil.which("wrk") is None or shutil.which("gunicorn", path=str(Path(
            sys.executable).parent)) is None):
        print("missing wrk or gunicorn (apt-get install wrk; pip install -e '.[production]'), or pass --seconds 0")
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s]
    databases = ["sqlite"] + (["postgresql"] if args.pg and not args.sqlite_only else [])
    print(f"bench/scale.py on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; sizes {sizes}; "
          f"databases {databases}")
    print(f"targets (issue 18): {TARGETS}")
    work = Path(tempfile.mkdtemp(prefix="kb-scale-"))
    try:
        for n in sizes:
            for database in databases:
                started = time.perf_counter()
                run_size(n, database, args.pg, args.seconds, work)
                print(f"  ({time.perf_counter() - started:.0f} s for this run)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
