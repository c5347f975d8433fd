"""API benchmark: latency at 20 concurrent clients and SQL queries per request by page size.

Run from the repository root (needs ``wrk`` from Debian's packages and gunicorn from the ``production`` extra)::

    .venv/bin/python bench/api.py [--clients 20] [--seconds 10] [--workers 3] [--items 150]

What it does:
1. Creates a throwaway data dir (SQLite, or the database of ``DATABASE_URL``; embedded search index), migrates,
   loads the demo content (``manage.py setup_demo``) and tops it up with generated public fiches to ``--items``
   public items.
2. Counts SQL queries per list request for page sizes 10/50/100 (in-process, Django test client, same database);
   the count must not grow with the page size.
3. Starts the production server as deployed (gunicorn with the deploy unit's 3 sync workers, persistent database
   connections, DEBUG off) on 127.0.0.1 and loads it with wrk, a separate C process, from ``--clients``
   concurrent connections: list (``/api/v1/items/?limit=20``), detail (cycling through every public item) and
   search (cycling through as-you-type prefixes and typos). Prints p50/p95/max in milliseconds and requests per
   second, twice: with the caches as deployed (API responses per public content version, search results per
   index generation), and with both off (every response computed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
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
    from kennisbank.vocabulary import AudienceCode
    from search import service
    from search.documents import iter_documents
    from search.passages import with_vectors

    parent = ensure_site_structure().fiches
    theme = Theme.objects.get_or_create(name="Bench")[0]
    burger = Audience.objects.get(code=AudienceCode.CITIZEN)
    missing = max(0, target - items(Scope.PUBLIC).count())
    now = timezone.now()
    for i in range(missing):
        page = FichePage(title=f"Benchvraag {i:04d} over de gemeentelijke dienstverlening",
                         short_answer="Een kort antwoord voor de benchmark.", live=True,
                         first_published_at=now, last_published_at=now,
                         body=[("section", {"kind": "other", "heading": "Uitleg", "text": "Tekst " * 80})])
        parent.add_child(instance=page)
        page.themes.through.objects.create(contentpage_id=page.pk, theme_id=theme.pk)
        page.audiences.through.objects.create(contentpage_id=page.pk, audience_id=burger.pk)
    if missing:
        service.backend().upsert(with_vectors(iter_documents()))
    ids = list(items(Scope.PUBLIC).values_list("external_id", flat=True))
    return len(ids), ids


def query_counts() -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    counts = {}
    with override_settings(KENNISBANK_API_CACHE_SECONDS=0):  # count the work of a computed response
        client.get("/api/v1/items/?limit=10")  # warm per-process caches (site root paths)
        for size in (10, 50, 100):
            for url in (f"/api/v1/items/?limit={size}", f"/api/v1/fiches/?limit={size}"):
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                counts[url] = len(ctx.captured_queries)
    return counts


WRK_SCRIPT = r"""
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f %d %d\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - start) * 1000


def run_wrk(base: str, paths: list[str], clients: int, seconds: int, work: Path) -> dict[str, float]:
    """One wrk run cycling through ``paths`` with ``clients`` connections; latency figures in ms."""
    script, path_file = work / "cycle.lua", work / "paths.txt"
    script.write_text(WRK_SCRIPT)
    path_file.write_text("\n".join(paths) + "\n")
    out = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", str(script), base, "--", str(path_file)], capture_output=True, text=True, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT "))
    requests, duration_us, p50, p95, slowest, bad_status, socket_errors = line.split()[1:]
    return {"requests": int(requests), "rate": int(requests) / (int(duration_us) / 1e6), "p50": float(p50),
            "p95": float(p95), "max": float(slowest), "non_2xx": int(bad_status), "errors": int(socket_errors)}


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    """The production server (as in deploy/systemd/kennisbank-web.service), on loopback."""
    server = subprocess.Popen([str(Path(PYTHON).parent / "gunicorn"), "kennisbank.wsgi:application",
                               "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            timed_get(f"http://127.0.0.1:{port}/api/v1/themes/")
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer")


def stop(server: subprocess.Popen | None) -> None:
    if server is not None and server.poll() is None:
        server.terminate()
        server.wait(timeout=20)


def search_queries() -> list[str]:
    """As-you-type traffic: every prefix of each term from 3 letters on, plus a typo per term (URL-encoded)."""
    from urllib.parse import quote

    queries = []
    for term in SEARCH_TERMS:
        queries += [term[:n] for n in range(3, len(term) + 1)]
        queries.append(term[:2] + term[3] + term[2] + term[4:])  # two letters swapped
    return [f"/api/v1/search/?q={quote(q)}" for q in queries]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10, help="load duration per endpoint and mode")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (the deploy unit uses 3)")
    parser.add_argument("--items", type=int, default=150, help="public items in the database (at least)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data dir")
    args = parser.parse_args()
    missing = [tool for tool, path in (("wrk", shutil.which("wrk")),
                                       ("gunicorn", shutil.which("gunicorn", path=str(Path(PYTHON).parent))))
               if path is None]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install wrk; pip install -e '.[production]')")
        return 2

    data_dir = Path(tempfile.mkdtemp(prefix="kennisbank-bench-api-"))
    # Settings as deployed (deploy/kennisbank.env.example): persistent database connections, DEBUG off.
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "MEILI_URL": "",
           "DB_CONN_MAX_AGE": "60"}
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

        print("\nSQL queries per computed list request (server cache off; must not grow with page size):")
        counts = query_counts()
        for url, n in counts.items():
            print(f"  {url:<32} {n:>3} queries")
        from django.db import connections

        connections.close_all()

        endpoints = {
            "list   /api/v1/items/?limit=20": ["/api/v1/items/?limit=20"],
            "detail /api/v1/items/<id>/": [f"/api/v1/items/{external_id}/" for external_id in ids],
            "search /api/v1/search/?q=…": search_queries(),
        }
        from django.conf import settings as django_settings
        from django.db import connection

        cache_conf = django_settings.CACHES["default"]
        cache_name = ("Redis (shared by the workers)" if "Redis" in cache_conf["BACKEND"] else
                      f"per-worker LocMem, {cache_conf.get('OPTIONS', {}).get('MAX_ENTRIES', 300)} entries")
        distinct = len(ids) + len(endpoints["search /api/v1/search/?q=…"]) + 1
        print(f"\n{args.clients} concurrent clients (wrk, 2 threads, {args.seconds} s per endpoint) against gunicorn "
              f"({args.workers} sync workers), loopback, {connection.vendor} database, {os.cpu_count()} CPUs, "
              f"{total} public items; cache: {cache_name}.")
        print("detail cycles through every public item; search through "
              f"{len(endpoints['search /api/v1/search/?q=…'])} as-you-type queries; every search is logged.")
        print(f"{distinct} distinct URLs in all: with caches on, after the warm-up nearly every request is a hit, so "
              "those rows measure the cost of a hit, not a hit rate; the caches-off rows measure a miss.")
        modes = [("caches on (as deployed: API responses per content version, search results per index version)",
                  "300", "60"),
                 ("caches off (every response computed)", "0", "0")]
        for title, api_seconds, search_seconds in modes:
            port = free_port()
            server = start_gunicorn({**env, "KENNISBANK_API_CACHE_SECONDS": api_seconds,
                                     "KENNISBANK_SEARCH_CACHE_SECONDS": search_seconds}, port, args.workers)
            print(f"\n{title}:")
            print(f"  {'endpoint':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>8} {'errors':>7}")
            for name, paths in endpoints.items():
                run_wrk(f"http://127.0.0.1:{port}", paths, args.clients, 5, data_dir)  # warm-up: fills every worker
                r = run_wrk(f"http://127.0.0.1:{port}", paths, args.clients, args.seconds, data_dir)
                print(f"  {name:<34} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['max']:>8.1f} {r['rate']:>8.0f} "
                      f"{r['non_2xx'] + r['errors']:>7}")
            stop(server)
            server = None
        return 0
    finally:
        stop(server)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
