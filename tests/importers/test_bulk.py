"""The bulk import path ends in exactly the state of the one-by-one path, with a handful of tasks instead of seven
per item.

Both paths import the demo catalogue (``kennisbank/demo_content``, the files ``setup_demo`` loads) into a fresh
SQLite data dir with the production task backend (django-tasks database backend), then a real
``manage.py db_worker --queue-name '*' --batch`` runs every queued task. The snapshots compare pages, revisions,
live state, log entries, ``Page.find_problems()``, Wagtail's reference index, Wagtail's admin search index and
search hits of Kennisbank's own index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="own SQLite subprocesses; run in the SQLite pass"),
]

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "kennisbank" / "demo_content"

IMPORT = """
from importers.markdown_import import import_folder
from importers.pipeline import import_records
from django_tasks_db.models import DBTaskResult
import importers.markdown_import as m, json
original = m.import_records
m.import_records = lambda parsed, **kw: original(parsed, bulk=%r, **kw)
before = set(DBTaskResult.objects.values_list("pk", flat=True))  # migrate's own (site structure)
report = import_folder(%r)
assert report.ok, [str(e) for e in report.errors]
rows = list(DBTaskResult.objects.exclude(pk__in=before).values_list("task_path", flat=True))
print(json.dumps({"created": len(report.created), "tasks": len(rows),
                  "kinds": sorted(set(rows))}))
"""

SNAPSHOT = """
import json
from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from django_tasks_db.models import DBTaskResult
from kennisbank.selectors import Scope
from search.models import PendingIndexChange
from channels.lpdc.models import Snapshot
from search.service import search_items

def ident(ct_id, pk):
    model = ContentType.objects.get_for_id(ct_id).model_class()
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None:
        return f"{model.__name__}:gone"
    return obj.url_path if isinstance(obj, Page) else f"{model.__name__}:{obj}"

VOLATILE = {"id", "page_ptr", "contentpage_ptr", "translation_key", "latest_revision", "live_revision",
            "first_published_at", "last_published_at", "latest_revision_created_at", "pk"}

def label(field, value):
    if value is None or not field.is_relation:
        return value
    obj = field.related_model._base_manager.filter(pk=value).first()
    return obj.url_path if isinstance(obj, Page) else str(obj)

def columns(page):
    row = {}
    for f in page._meta.concrete_fields:
        if f.name in VOLATILE:
            continue
        value = f.value_from_object(page)
        if f.name == "body":
            value = [(b.block_type, dict(b.value)) for b in value]
        row[f.name] = label(f, value)
    for f in page._meta.get_fields():
        if f.many_to_many:
            row[f.name] = sorted(str(o) for o in getattr(page, f.name).all())
        elif f.one_to_many and f.name in ("related_links", "cost_lines", "actions"):
            row[f.name] = [{c.name: label(c, c.value_from_object(o)) for c in o._meta.concrete_fields
                            if c.name not in ("id", "page")} for o in getattr(page, f.name).all()]
    return row

def revision_content(revision, model):
    content = dict(revision.content)
    for key in VOLATILE:
        content.pop(key, None)
    content["body"] = [(b["type"], b["value"]) for b in json.loads(content["body"])]
    for name in ("related_links", "cost_lines", "actions"):
        content[name] = [{k: v for k, v in child.items() if k not in ("pk", "page")} for child in content.get(name, [])]
        for child in content[name]:
            if "target" in child:
                child["target"] = Page.objects.get(pk=child["target"]).url_path
    for f in model._meta.get_fields():
        if f.many_to_many and f.name in content:
            content[f.name] = sorted(str(o) for o in f.related_model.objects.filter(pk__in=content[f.name]))
        elif f.many_to_one and f.name in content and f.name not in ("locale", "content_type"):
            content[f.name] = label(f, content[f.name])
    return content

pages, rows = [], []
for page in Page.objects.order_by("path").specific():
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    pages.append([page.url_path, type(page).__name__, page.title, page.live, page.has_unpublished_changes,
                  page.live_revision_id is not None, revisions.count(),
                  sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)),
                  page.depth, page.numchild])
    rows.append([columns(page), [revision_content(r, type(page)) for r in revisions.order_by("pk")],
                 page.latest_revision_id == page.live_revision_id, page.first_published_at == page.last_published_at,
                 page.latest_revision_created_at == (page.latest_revision and page.latest_revision.created_at)])
references = sorted({(ident(r.content_type_id, r.object_id), ident(r.to_content_type_id, r.to_object_id),
                      r.model_path, r.content_path) for r in ReferenceIndex.objects.all()})
entries = sorted((ident(e.content_type_id, e.object_id), str(e.title), str(e.body), str(e.autocomplete))
                 for e in IndexEntry.objects.all())
queries = ["identiteitskaart", "afval", "parkeren", "rijbewijs", "trouwen", "verhuizen", "premie"]
hits = {q: [h.id for h in search_items(q, scope=Scope.OPERATOR, limit=50, log=False).hits] for q in queries}
problems = [len(part) for part in Page.find_problems()]
statuses = sorted(set(DBTaskResult.objects.values_list("status", flat=True)))
lpdc = sorted((s.instance.external_id, s.archived, s.fingerprint, len(s.violations)) for s in Snapshot.objects.all())
print(json.dumps({"pages": pages, "rows": rows, "references": references, "entries": entries, "hits": hits,
                  "problems": problems, "statuses": statuses, "lpdc": lpdc,
                  "outbox": PendingIndexChange.objects.count()}, default=str))
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "KENNISBANK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base",
           "DJANGO_DEBUG": "0"}
    for name in ("DATABASE_URL", "MEILI_URL", "MEILI_MASTER_KEY", "REDIS_URL"):
        env.pop(name, None)
    return env


def manage(data_dir: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=_env(data_dir), cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args[:2])} → {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def _last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("bulk") / "data"
    manage(data, "migrate", "--no-input", "-v", "0")
    manage(data, "shell", "-c", "from channels.demo import identity; assert identity.apply()")  # LPDC needs it
    return data


def _run(migrated: Path, tmp: Path, *, bulk: bool) -> tuple[dict, dict]:
    data = tmp / ("bulk" if bulk else "one-by-one")
    shutil.copytree(migrated, data, symlinks=True)
    imported = _last_json(manage(data, "shell", "-c", IMPORT % (bulk, str(DEMO))))
    manage(data, "db_worker", "--queue-name", "*", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")
    return imported, _last_json(manage(data, "shell", "-c", SNAPSHOT))


def test_bulk_import_ends_in_the_same_state_with_batched_tasks(migrated, tmp_path):
    one_by_one, expected = _run(migrated, tmp_path, bulk=False)
    bulk, actual = _run(migrated, tmp_path, bulk=True)
    items = len(list(DEMO.glob("*.md")))
    assert one_by_one["created"] == bulk["created"] == items

    assert actual["problems"] == expected["problems"] == [0, 0, 0, 0, 0]  # Page.find_problems(): a valid tree
    assert actual["pages"] == expected["pages"]  # same tree, titles, live state, revisions and log entries
    # Every column, relation row and revision content the same (ids, uuids and timestamps aside).
    for got, want in zip(actual["rows"], expected["rows"], strict=True):
        assert got == want, want[0].get("url_path")
    assert actual["references"] == expected["references"] and expected["references"]
    assert actual["entries"] == expected["entries"] and len(expected["entries"]) >= items  # Wagtail admin search
    assert actual["hits"] == expected["hits"] and all(expected["hits"].values())  # our own index
    assert actual["statuses"] == expected["statuses"] == ["SUCCESSFUL"]  # every task ran, none failed
    assert actual["outbox"] == expected["outbox"] == 0
    assert actual["lpdc"] == expected["lpdc"] and expected["lpdc"]  # the same LPDC snapshots, validated

    # One by one: Wagtail's two per-save tasks several times per item, and an LPDC sync per product. Bulk: one
    # search flush, a batched task per Wagtail index and one LPDC sync (the demo fits in one batch of 500).
    assert one_by_one["tasks"] >= 4 * items
    assert bulk["tasks"] <= 4, bulk
    assert bulk["kinds"] == ["channels.lpdc.tasks.sync_all", "kennisbank.bulk.apply_deferred",
                             "search.tasks.flush_index"]
