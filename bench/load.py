"""Load test: the real server on 127.0.0.1 with the demo content, N users for S seconds over pages, API and search.

Usage: .venv/bin/python bench/load.py [--users 20] [--seconds 60] [--server auto|gunicorn|wsgiref]
                                      [--workers 2] [--threads 4] [--seed 1] [--data-dir PATH] [--keep]

1. Creates a throwaway data dir (``KENNISBANK_DATA_DIR``; SQLite + embedded search index), runs ``migrate``,
   ``setup_demo`` (demo catalogue + search index) and ``collectstatic`` with ``DJANGO_DEBUG=0``.
2. Starts the server on a free port of 127.0.0.1: gunicorn (``kennisbank.wsgi``; ``--workers`` × ``--threads``) when it
   is installed, else the standard library's threading WSGI server.
3. Discovers the URLs to hit from the server itself: pages from sitemap.xml, item ids from ``/api/v1/items/``,
   theme and life-event slugs from the API.
4. ``--users`` threads (one keep-alive ``http.client`` connection each) loop until ``--seconds`` have passed, each
   picking a task: a website page, an API call (list, detail, change feed, themes), or a search typed as you go
   (every prefix of a query, to the search API or the website's results fragment).
5. Prints failures (status ≥ 400 or a broken connection) and p50/p95/p99 latency and request count per group and
   overall; exits 1 on any failure.

All traffic goes to 127.0.0.1 only; the run is bounded by ``--seconds`` (plus setup) and the server is stopped at the
end. The data dir is removed unless ``--keep`` or ``--data-dir`` is given.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
QUERIES = ["identiteitskaart", "rijbewijs", "afval ophaling", "adreswijziging", "parkeren bewonerskaart",
           "kinderopvang", "verhuizen", "omgevingsvergunning", "huwelijk", "identiteitskart", "eid verloren",
           "hoe vraag ik een reispas aan", "container", "premie", "bibliotheek"]
WSGIREF_SERVER = """
import os, sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
sys.path.insert(0, {root!r})
from kennisbank.wsgi import application
class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
class Quiet(WSGIRequestHandler):
    def log_message(self, *args): pass
make_server({host!r}, {port}, application, server_class=Server, handler_class=Quiet).serve_forever()
"""


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, group: str, seconds: float, failure: str | None) -> None:
        with self.lock:
            self.latencies[group].append(seconds)
            if failure:
                self.failures.append(f"[{group}] {failure}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def manage(args: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed ({proc.returncode})")


def start_server(kind: str, port: int, env: dict[str, str], workers: int, threads: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if kind == "gunicorn" or (kind == "auto" and gunicorn.exists()):
        cmd = [str(gunicorn), "kennisbank.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", str(workers),
               "--threads", str(threads), "--timeout", "60", "--log-level", "warning"]
    else:
        cmd = [sys.executable, "-c", WSGIREF_SERVER.format(root=str(ROOT), host=HOST, port=port)]
    print("server:", " ".join(cmd[:2]), f"op http://{HOST}:{port}/")
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    return response.status, response.read()


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server stopped during start (exit {proc.returncode})")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            status, _body = get(conn, "/")
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not answer within 90 s")


def discover(port: int) -> dict[str, list[str]]:
    """Paths to use, read from the running server."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    _s, sitemap = get(conn, "/sitemap.xml")
    pages = sorted({urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())})
    ids: list[str] = []
    path = "/api/v1/items/?limit=100"
    while path and len(ids) < 1000:
        _s, body = get(conn, path)
        data = json.loads(body)
        ids += [item["id"] for item in data.get("results", [])]
        nxt = data.get("next")
        path = (urlsplit(nxt).path + "?" + urlsplit(nxt).query) if nxt else ""
    slugs = {}
    for kind in ("themes", "life-events"):
        _s, body = get(conn, f"/api/v1/{kind}/")
        data = json.loads(body)
        rows = data.get("results", data) if isinstance(data, dict) else data
        slugs[kind] = [row["slug"] for row in rows if isinstance(row, dict) and "slug" in row]
    conn.close()
    if not pages or not ids:
        raise SystemExit(f"discovery found {len(pages)} pages and {len(ids)} items: is the demo content loaded?")
    return {"pages": pages, "ids": ids, "themes": slugs["themes"], "life_events": slugs["life-events"]}


def user(port: int, deadline: float, urls: dict[str, list[str]], stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def hit(group: str, path: str) -> None:
        nonlocal conn
        started = time.perf_counter()
        failure = None
        try:
            status, _body = get(conn, path)
            if status >= 400:
                failure = f"GET {path} → {status}"
        except (OSError, http.client.HTTPException) as exc:
            failure = f"GET {path} → {type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
        stats.add(group, time.perf_counter() - started, failure)

    while time.monotonic() < deadline:
        task = rng.random()
        if task < 0.35:
            choice = rng.random()
            if choice < 0.7:
                hit("pagina", rng.choice(urls["pages"]))
            elif choice < 0.85 and urls["themes"]:
                hit("pagina", f"/thema/{rng.choice(urls['themes'])}/")
            elif urls["life_events"]:
                hit("pagina", f"/levensgebeurtenis/{rng.choice(urls['life_events'])}/")
            else:
                hit("pagina", "/")
        elif task < 0.65:
            choice = rng.random()
            if choice < 0.5:
                hit("api-detail", f"/api/v1/items/{rng.choice(urls['ids'])}/")
            elif choice < 0.8:
                hit("api-lijst", rng.choice(["/api/v1/items/?limit=20", "/api/v1/products/?limit=50",
                                             "/api/v1/fiches/?limit=50"]))
            elif choice < 0.9:
                hit("api-wijzigingen", "/api/v1/changes/")
            else:
                hit("api-taxonomie", rng.choice(["/api/v1/themes/", "/api/v1/life-events/"]))
        else:  # a search typed as you go: every prefix from 2 characters on
            query = rng.choice(QUERIES)
            website = rng.random() < 0.4
            for end in range(2, len(query) + 1):
                if time.monotonic() >= deadline:
                    break
                q = quote(query[:end])
                if website:
                    hit("zoeken-website", f"/zoeken/resultaten/?q={q}")
                else:
                    hit("zoeken-api", f"/api/v1/search/?q={q}&limit=10")
    conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k] * 1000


def report(stats: Stats, seconds: float) -> None:
    groups = sorted(stats.latencies)
    everything = [v for g in groups for v in stats.latencies[g]]
    print(f"\n{'groep':<16}{'verzoeken':>10}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, values in [*((g, stats.latencies[g]) for g in groups), ("totaal", everything)]:
        if not values:
            continue
        print(f"{name:<16}{len(values):>10}{len(values) / seconds:>8.1f}{percentile(values, 50):>9.1f}"
              f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}{max(values) * 1000:>9.1f}")
    print(f"\nmislukt: {len(stats.failures)}")
    for failure in stats.failures[:50]:
        print("  " + failure)
    if len(stats.failures) > 50:
        print(f"  ... en nog {len(stats.failures) - 50}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--server", choices=["auto", "gunicorn", "wsgiref"], default="auto")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, help="Data dir to use (kept); default: a temporary one.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary data dir.")
    opts = parser.parse_args()
    if not 1 <= opts.users <= 500 or not 1 <= opts.seconds <= 3600:
        parser.error("--users 1..500 and --seconds 1..3600")

    data_dir = opts.data_dir or Path(tempfile.mkdtemp(prefix="kb-load-"))
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0", "ALLOWED_HOSTS": f"{HOST},localhost"}
    for name in ("DATABASE_URL", "MEILI_URL", "MEILI_MASTER_KEY"):
        env.pop(name, None)
    server = None
    try:
        started = time.perf_counter()
        for args in (["migrate", "--no-input", "-v", "0"], ["setup_demo"], ["collectstatic", "--no-input", "-v", "0"]):
            manage(args, env)
        print(f"data dir {data_dir} klaar in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = start_server(opts.server, port, env, opts.workers, opts.threads)
        wait_ready(port, server)
        urls = discover(port)
        print(f"{len(urls['pages'])} pagina's, {len(urls['ids'])} items, {len(urls['themes'])} thema's; "
              f"{opts.users} gebruikers gedurende {opts.seconds:.0f} s ...")
        stats = Stats()
        deadline = time.monotonic() + opts.seconds
        begin = time.perf_counter()
        threads = [threading.Thread(target=user, args=(port, deadline, urls, stats, opts.seed * 1000 + i), daemon=True)
                   for i in range(opts.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(opts.seconds + 60)
        report(stats, time.perf_counter() - begin)
        return 1 if stats.failures or not stats.latencies else 0
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(5)
        if opts.data_dir is None and not opts.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
