"""``manage.py search_rebuild``: rebuild the whole search index from the database, atomically.

Pushes the current search settings (synonyms) first, then hands every live item's document, with its passage
vectors (:mod:`search.passages`), to the port's ``rebuild`` (built aside and swapped: searches keep working on
the old index meanwhile).
Progress goes to stderr (tqdm); the summary (documents, seconds) to stdout.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import service
from search.documents import DEFAULT_BATCH_SIZE, count_documents, iter_documents
from search.passages import with_vectors
from search.port import SearchError


class Command(BaseCommand):
    help = "Bouwt de zoekindex opnieuw op uit de databank (atomair: zoeken blijft werken)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                            help="Items per databankquery (standaard %(default)s).")
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")

    def handle(self, *args, batch_size: int, no_progress: bool, **options) -> None:
        started = time.perf_counter()
        backend = service.backend()
        total = count_documents()
        try:
            settings = service.push_settings(backend)
            docs = tqdm(with_vectors(iter_documents(batch_size=batch_size)), total=total, unit="item", file=sys.stderr,
                        disable=no_progress or options["verbosity"] == 0, desc="search_rebuild")
            indexed = backend.rebuild(docs)
        except SearchError as exc:
            raise CommandError(f"search_rebuild: {exc}") from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{indexed} documenten geïndexeerd in {elapsed:.2f} s "
                          f"(backend {backend.name}, instellingen {settings.fingerprint()}).")
