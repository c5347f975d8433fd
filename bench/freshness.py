"""Benchmark: the cost of the content version (``channels.api.conditional.content_version``) read on every cached
API and search request, by catalogue size, with and without the index on ``wagtailcore_page.last_published_at``.

Run from the repository root::

    .venv/bin/python bench/freshness.py [--sizes 1000 10000 50000] [--repeat 2000]

What it does, like for like: one throwaway database (SQLite in a temporary data dir; the database of
``DATABASE_URL`` when that is set, e.g. the one of ``scripts/pg-test-server.sh``), migrated. For each size it adds
plain Wagtail pages (bulk insert, random publication times) up to that many, then times ``content_version()``
``--repeat`` times with the index (``kb_page_last_published_at``, migration ``kb_channels.0004``) and the same number
of times after dropping it, same database, same query, no cache on either side; the index is created again after.
Prints the database vendor and p50/p95 per call in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX = "kb_page_last_published_at"


def timings(repeat: int) -> tuple[float, float]:
    from channels.api.conditional import content_version

    content_version()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        content_version()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def top_up(target: int, rng: random.Random) -> None:
    """Add plain pages until ``target`` pages exist (paths under ``0009``, apart from the site's own tree)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page

    existing = Page.objects.count()
    content_type = ContentType.objects.get_for_model(Page)
    locale = Locale.get_default()
    now = timezone.now()
    batch = []
    for i in range(existing, target):
        published = now - timedelta(seconds=rng.randrange(365 * 86400))
        batch.append(Page(title=f"Benchpagina {i}", slug=f"bench-{i}", path=f"0009{i:08d}",
                          depth=3, numchild=0, url_path=f"/bench-{i}/", content_type=content_type, locale=locale,
                          translation_key=uuid.uuid4(), live=True, first_published_at=published,
                          last_published_at=published, draft_title=f"Benchpagina {i}"))
        if len(batch) == 2000:
            Page.objects.bulk_create(batch)
            batch = []
    if batch:
        Page.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-bench-freshness-"))
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(work), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0"}
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    if migrate.returncode:
        sys.exit(migrate.stderr)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from wagtail.models import Page

    if Page.objects.filter(slug__startswith="bench-").exists():
        sys.exit("The database already holds bench pages: use an empty database.")
    rng = random.Random(7)
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']}); {args.repeat} calls per figure, "
          "no cache on either side, same database and query.")
    print(f"{'pages':>8} {'index p50':>10} {'index p95':>10} {'scan p50':>10} {'scan p95':>10}   (ms per call)")
    table = Page._meta.db_table
    try:
        for size in args.sizes:
            top_up(size, rng)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.vendor == "sqlite" else f"ANALYZE {table}")
            with_index = timings(args.repeat)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            without = timings(args.repeat)
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (last_published_at)")
            print(f"{Page.objects.count():>8} {with_index[0]:>10.3f} {with_index[1]:>10.3f} "
                  f"{without[0]:>10.3f} {without[1]:>10.3f}")
    finally:
        with connection.cursor() as cursor:  # a DATABASE_URL database gets its state back; SQLite is thrown away
            cursor.execute(f"DELETE FROM {table} WHERE slug LIKE 'bench-%%'")


if __name__ == "__main__":
    main()
