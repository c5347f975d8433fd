"""``manage.py search_verify``: compare the search index with the database and report drift.

- missing: live items (``selectors.items(OPERATOR)``) whose document is not in the index;
- extra: documents in the index without a live item (unpublished, deleted, renamed external id);
- stale: documents whose indexed type, title, short answer, URL or visibility differ from the
  database (read back through the port's placeholder search; the body is not compared).

A damaged settings file counts as drift (``--fix`` writes the current settings again); an index that cannot be
read at all ends with a message that names the cause and the repair (``search_rebuild``). An empty index while the
database has live items shows as that many *missing* documents: drift, never a quiet "no results".

It also prints how many changes wait in the index outbox (:class:`search.models.PendingIndexChange`; the worker
indexes them, ``flush_index``) and how many items still wait for their passage vectors
(:class:`search.models.PendingEmbedding`, ``embed_index``). ``--fix`` clears the outbox rows noted before the
comparison started: the repair read the database after them, so they are covered.

Exits with status 1 when there is drift (``--fix`` repairs it first: upserts missing and stale
documents, deletes extra ones, and exits 0 when the index then matches).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kennisbank.vocabulary import Scope
from search import service
from search.documents import iter_documents
from search.models import PendingEmbedding, PendingIndexChange
from search.passages import with_vectors
from search.port import DOC_TYPES, MAX_LIMIT, MAX_WINDOW, VISIBILITIES, SearchBackend, SearchError, SearchQuery

COMPARED = ("type", "title", "short_answer", "url", "visibility")


def indexed_summaries(backend: SearchBackend) -> tuple[dict[str, tuple[str, ...]], bool]:
    """Id → compared fields of every indexed document, and whether the read-back was complete."""
    found: dict[str, tuple[str, ...]] = {}
    complete = True
    for doc_type in DOC_TYPES:
        for visibility in VISIBILITIES:
            offset = 0
            while True:
                query = SearchQuery(q="", scope=Scope.OPERATOR.value,  # type: ignore[arg-type]
                                    filters={"type": doc_type, "visibility": visibility},
                                    limit=MAX_LIMIT, offset=offset)
                result = backend.search(query)
                for hit in result.hits:
                    found[hit.id] = tuple(str(getattr(hit, name)) for name in COMPARED)
                offset += len(result.hits)
                if not result.hits or offset >= result.total:
                    break
                if offset + MAX_LIMIT > MAX_WINDOW:
                    complete = False
                    break
    return found, complete


def _summary(doc: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(doc[name]) for name in COMPARED)


def compare(backend: SearchBackend) -> dict[str, Any]:
    """Drift between the database and the index: ``missing``, ``extra``, ``stale`` (sorted id lists)."""
    docs = {doc["id"]: doc for doc in iter_documents()}
    indexed_ids = backend.ids()
    summaries, complete = indexed_summaries(backend)
    stale = sorted(i for i, doc in docs.items() if i in summaries and summaries[i] != _summary(doc))
    return {
        "documents": len(docs),
        "indexed": len(indexed_ids),
        "missing": sorted(set(docs) - indexed_ids),
        "extra": sorted(indexed_ids - set(docs)),
        "stale": stale,
        "complete": complete,
        "_docs": docs,
    }


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Command(BaseCommand):
    help = "Vergelijkt de zoekindex met de databank (ontbrekend, overbodig, verouderd). Exitcode 1 bij verschil."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--fix", action="store_true",
                            help="Herstel verschillen: ontbrekende en verouderde items indexeren, overbodige wissen.")
        parser.add_argument("--show", type=int, default=20, help="Toon maximaal zoveel ids per soort (standaard 20).")

    def handle(self, *args, fix: bool, show: int, **options) -> None:
        started = time.perf_counter()
        backend = service.backend()
        try:
            damaged = getattr(backend, "settings_damaged", "")
            if damaged:
                self.stdout.write(f"Instellingenbestand van de index is beschadigd: {damaged}")
                if fix:
                    service.push_settings(backend)
                    self.stdout.write("Instellingen opnieuw weggeschreven.")
                    damaged = ""
            compared_at = timezone.now()
            pending = PendingIndexChange.objects.count()
            self.stdout.write(f"Wachtende indexwijzigingen (nog niet door de worker verwerkt): {pending}.")
            self.stdout.write("Items die nog op hun betekenisvectoren wachten (gevonden op woorden, nog niet op "
                              f"betekenis): {PendingEmbedding.objects.count()}.")
            report = compare(backend)
            drift = self._print(report, show) or bool(damaged)
            if drift and fix:
                docs = report["_docs"]
                for chunk in _chunks(report["missing"] + report["stale"]):
                    backend.upsert(with_vectors([docs[i] for i in chunk]))
                for chunk in _chunks(report["extra"]):
                    backend.delete(chunk)
                self.stdout.write("Hersteld; opnieuw vergelijken:")
                report = compare(backend)
                drift = self._print(report, show)
            if fix and not drift:
                cleared, _ = PendingIndexChange.objects.filter(created_at__lt=compared_at).delete()
                if cleared:
                    self.stdout.write(f"{cleared} wachtende indexwijziging(en) zijn hiermee verwerkt.")
        except SearchError as exc:
            raise CommandError(f"search_verify: de zoekindex kan niet gelezen worden ({exc}); herstel: "
                               "manage.py search_rebuild") from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Vergeleken in {elapsed:.2f} s (backend {backend.name}).")
        if drift:
            raise CommandError(
                f"zoekindex wijkt af: {len(report['missing'])} ontbrekend, {len(report['extra'])} overbodig, "
                f"{len(report['stale'])} verouderd (herstel: manage.py search_verify --fix of search_rebuild)",
                returncode=1,
            )

    def _print(self, report: dict[str, Any], show: int) -> bool:
        self.stdout.write(f"Databank: {report['documents']} live items; index: {report['indexed']} documenten.")
        for key, label in (("missing", "ontbrekend in index"), ("extra", "overbodig in index"),
                           ("stale", "verouderd in index")):
            ids = report[key]
            more = f" (+{len(ids) - show} meer)" if len(ids) > show else ""
            self.stdout.write(f"  {label}: {len(ids)}" + (f": {', '.join(ids[:show])}{more}" if ids else ""))
        if not report["complete"]:
            self.stdout.write("  let op: meer dan 10 000 documenten per soort; verouderd-controle onvolledig.")
        return bool(report["missing"] or report["extra"] or report["stale"])
