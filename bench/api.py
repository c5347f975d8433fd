"""API benchmark: latency at 20 concurrent clients and SQL queries per request by page size.

Run from the repository root::

    .venv/bin/python bench/api.py [--clients 20] [--requests 400] [--items 150]

What it does:
1. Creates a throwaway data dir (SQLite + embedded search index), migrates, loads the demo content
   (``manage.py setup_demo``) and tops it up with generated public fiches to ``--items`` public items.
2. Starts a real server (a threaded wsgiref server with the project's WSGI app, listen backlog 128; Django's
   runserver has a backlog of 5 and then measures TCP SYN retries) on 127.0.0.1 and sends ``--requests``
   GET requests per endpoint from ``--clients`` concurrent clients: list (``/api/v1/items/?limit=20``), detail
   (``/api/v1/items/<id>/``) and search (``/api/v1/search/?q=...``). Prints p50/p95/max in milliseconds.
3. Counts SQL queries per list request for page sizes 10/50/100 (in-process, Django test client, same database);
   the count must not grow with the page size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCH_TERMS = ["identiteitskaart", "verhuis", "afval", "rijbewijs", "parkeren", "geboorte", "vraag", "kaart"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def top_up(target: int) -> tuple[int, list[str]]:
    """Add generated public fiches until ``target`` public items exist; index them. Returns (count, ids)."""
    from django.utils import timezone

    from kennisbank.models import Audience, FichePage, Theme
    from kennisbank.selectors import Scope, items
    from kennisbank.site_structure import ensure_site_structure
    from search import service
    from search.documents import iter_documents

    parent = ensure_site_structure().fiches
    theme = Theme.objects.get_or_create(name="Bench")[0]
    burger = Audience.objects.get(code="burger")
    missing = max(0, target - items(Scope.PUBLIC).count())
    now = timezone.now()
    for i in range(missing):
        page = FichePage(title=f"Benchvraag {i:04d} over de gemeentelijke dienstverlening",
                         short_answer="Een kort antwoord voor de benchmark.", live=True,
                         first_published_at=now, last_published_at=now,
                         body=[("section", {"kind": "overig", "heading": "Uitleg", "text": "Tekst " * 80})])
        parent.add_child(instance=page)
        page.themes.through.objects.create(contentpage_id=page.pk, theme_id=theme.pk)
        page.audiences.through.objects.create(contentpage_id=page.pk, audience_id=burger.pk)
    if missing:
        service.backend().upsert(iter_documents())
    ids = list(items(Scope.PUBLIC).values_list("external_id", flat=True))
    return len(ids), ids


def query_counts() -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get("/api/v1/items/?limit=10")  # warm caches
    counts = {}
    for size in (10, 50, 100):
        for url in (f"/api/v1/items/?limit={size}", f"/api/v1/fiches/?limit={size}"):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts[url] = len(ctx.captured_queries)
    return counts


def timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - start) * 1000


def load(urls: list[str], clients: int) -> list[float]:
    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(timed_get, urls))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def serve(port: int) -> None:
    """A threaded WSGI server for the project (like runserver, but with a listen backlog for 20+ clients)."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    sys.path.insert(0, str(ROOT))
    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 128

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    make_server("127.0.0.1", port, get_wsgi_application(), server_class=Server,
                handler_class=QuietHandler).serve_forever()


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--items", type=int, default=150, help="public items in the database (at least)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data dir")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="kennisbank-bench-api-"))
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "MEILI_URL": ""}
    server = None
    try:
        print(f"data dir: {data_dir}")
        migrate = manage("migrate", "--no-input", env=env)
        if migrate.returncode:
            print(migrate.stderr[-2000:])
            return 1
        demo = manage("setup_demo", env=env)
        print("demo content:", "loaded" if demo.returncode == 0 else f"not loaded ({demo.stderr.strip()[-200:]})")
        setup_django(env)
        total, ids = top_up(args.items)
        print(f"public items: {total}")

        print("\nSQL queries per list request (must not grow with page size):")
        counts = query_counts()
        for url, n in counts.items():
            print(f"  {url:<32} {n:>3} queries")
        from django.db import connections

        connections.close_all()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([PYTHON, __file__, "--serve", str(port)],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                timed_get(f"{base}/api/v1/themes/")
                break
            except OSError:
                time.sleep(0.1)
        endpoints = {
            "list   /api/v1/items/?limit=20": [f"{base}/api/v1/items/?limit=20"] * args.requests,
            "detail /api/v1/items/<id>/": [f"{base}/api/v1/items/{ids[i % len(ids)]}/" for i in range(args.requests)],
            "search /api/v1/search/?q=…": [f"{base}/api/v1/search/?q={SEARCH_TERMS[i % len(SEARCH_TERMS)]}"
                                            for i in range(args.requests)],
        }
        print(f"\nLatency, {args.clients} concurrent clients, {args.requests} requests per endpoint, "
              f"threaded wsgiref server (one process, backlog 128), loopback, SQLite, {os.cpu_count()} CPUs:")
        print(f"  {'endpoint':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>8}")
        for name, urls in endpoints.items():
            load(urls[: args.clients], args.clients)  # warm-up
            start = time.perf_counter()
            times = load(urls, args.clients)
            rate = len(times) / (time.perf_counter() - start)
            print(f"  {name:<34} {statistics.median(times):>8.1f} {pct(times, 95):>8.1f} {max(times):>8.1f} "
                  f"{rate:>8.0f}")
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
