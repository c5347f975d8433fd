"""Embedded search backend: a tantivy index on disk, zero setup, Meilisearch-style behaviour.

On-disk layout under ``path`` (created on first use)::

    path/current        symlink → the live index directory (swapped atomically by rebuild)
    path/index-<ns>/    tantivy index directories (the previous one is kept until the next rebuild)
    path/settings.json  the SearchSettings last applied (other processes pick up changes)
    path/.write.lock    fcntl lock: one writer at a time across threads and processes (POSIX only)

Text is normalised by :mod:`search.text` (accent + case folding) before tantivy sees it, and
indexed with tantivy's built-in ``whitespace`` tokenizer, so no custom analyzer has to be
registered in every process and there is no stemming. Hyphen compounds are also indexed joined.

Querying (see :mod:`search.backends._plan`): each slot matches, per searchable field (weights
title > keywords > short_answer > body), the exact term (boosted most), the typed prefix for the
last word (a term range scan), and typos within the budget (tantivy's
Levenshtein automaton, transposition = 1). Synonyms add exact terms/phrases. All slots must match;
while nothing matches the last slot is dropped (matching strategy ``last``). Highlighting is done
here, not by tantivy (its snippets are empty for fuzzy/regex queries).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import string
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from kennisbank.vocabulary import Visibility
from search import text
from search.backends._plan import Slot, Word, matcher_for, plan_query
from search.backends.vectors import VectorStore, as_matrix
from search.highlight import mark
from search.port import (
    VECTOR_FIELDS,
    BackendUnavailable,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResult,
    marked_to_html,
)
from search.settings import SearchSettings, default_settings

# Rule scores (Meilisearch's ranking rules in order: words, typo, proximity, attribute, exactness). Each slot
# scores SLOT_BASE minus TYPO_STEP per typo, plus its best field's attribute score, plus EXACTNESS_STEP for an
# exact (not prefix, not typo) word; each pair of adjacent query words found side by side adds PROXIMITY_NEAR (or
# PROXIMITY_CLOSE within PROXIMITY_SLOP words). The steps are spaced so that a rule only breaks ties of the rules
# before it for queries of up to about eight words; the words rule is the bucket (BUCKET_STEP per slot matched).
SLOT_BASE = 1000.0
TYPO_STEP = 400.0
PROXIMITY_NEAR = 40.0
PROXIMITY_CLOSE = 20.0
PROXIMITY_SLOP = 3
ATTRIBUTE_STEP = 2.0
EXACTNESS_STEP = 1.0
BUCKET_STEP = 100_000.0
TIE_BREAK = 0.005  # times the attribute score, times BM25 (rarely above 20): under one exactness step
BODY_CROP_WORDS = 30
LOCK_TIMEOUT_S = 60.0
WRITER_HEAP = 50_000_000
REBUILD_HEAP = 200_000_000

SEARCH_FIELDS = ("title", "keywords", "short_answer", "body")
FACET_FIELDS = ("type", "visibility", "theme_slugs", "life_event_slugs", "audience")
Occur = tantivy.Occur

logger = logging.getLogger(__name__)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    for name in FACET_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    for name in SEARCH_FIELDS:
        builder.add_text_field(f"t_{name}", stored=False, tokenizer_name="whitespace", index_option="position")
    builder.add_integer_field("updated_ts", stored=False, indexed=False, fast=True)
    builder.add_bytes_field("source", stored=True)
    return builder.build()


SCHEMA = _schema()


def _index_text(values: list[str]) -> str:
    """Folded words of ``values`` plus joined compounds, space separated (for the whitespace tokenizer)."""
    words: list[str] = []
    extra: list[str] = []
    for value in values:
        words.extend(text.terms(value))
        extra.extend(text.compounds(value))
    return " ".join(words + extra)


def _timestamp(value: str) -> int:
    if not value:
        return 0
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return 0


def _to_tantivy(doc: dict[str, Any]) -> tantivy.Document:
    out = tantivy.Document()
    out.add_text("id", doc["id"])
    for name in FACET_FIELDS:
        value = doc[name]
        for item in [value] if isinstance(value, str) else value:
            out.add_text(name, item)
    for name in SEARCH_FIELDS:
        value = doc[name]
        out.add_text(f"t_{name}", _index_text([value] if isinstance(value, str) else value))
    out.add_integer("updated_ts", _timestamp(doc["updated_at"]))
    source = {k: v for k, v in doc.items() if k not in VECTOR_FIELDS}
    out.add_bytes("source", json.dumps(source, ensure_ascii=False).encode())
    return out


def _vector_rows(docs: list[dict[str, Any]]) -> tuple[dict[str, np.ndarray], str]:
    """Document id → its passage vectors (empty when it has none), and the embedder name they came from."""
    model = next((doc["vector_model"] for doc in docs if doc.get("vector_model")), "")
    return {doc["id"]: as_matrix(doc["vectors"] if doc.get("vectors") is not None else []) for doc in docs}, model


class EmbeddedBackend(SearchBackend):
    """Search backend on a local tantivy index in directory ``path``.

    Safe for several instances and processes on the same ``path``: writes are serialised by a
    file lock, readers follow the ``current`` symlink and reload before a search when a commit has rewritten
    ``meta.json`` since their last look (two ``stat`` calls when nothing changed).
    """

    name = "embedded"
    late_highlight = True

    def __init__(self, path: str | os.PathLike[str], settings: SearchSettings | None = None) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self._thread_lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._target: str | None = None
        self._meta_stamp: tuple[int, int, int] | None = None
        self._settings_mtime: int | None = None
        self._stores: dict[str, VectorStore] = {}
        #: Why the stored settings file could not be read ("" when it is fine or absent).
        self.settings_damaged = ""
        stored = self._read_settings() if settings is None else None
        super().__init__(settings or stored or default_settings())
        self._settings_mtime = self._settings_file_mtime()

    # -- files and locks ------------------------------------------------------------------
    @property
    def _current(self) -> Path:
        return self.path / "current"

    @property
    def _settings_file(self) -> Path:
        return self.path / "settings.json"

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Exclusive lock across threads (RLock) and processes (fcntl on .write.lock)."""
        with self._thread_lock, open(self.path / ".write.lock", "a+") as handle:
            deadline = time.monotonic() + LOCK_TIMEOUT_S
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise BackendUnavailable(
                            f"search index {self.path}: another process holds the write lock"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _settings_file_mtime(self) -> int | None:
        try:
            return self._settings_file.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def _read_settings(self) -> SearchSettings | None:
        """The stored settings; None when there are none or the file is damaged (then ``settings_damaged`` says
        why, the current settings stay in use, and ``search_rebuild`` / ``search_push_settings`` rewrite it)."""
        try:
            stored = SearchSettings.from_dict(json.loads(self._settings_file.read_text()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
            self.settings_damaged = f"{self._settings_file}: {type(exc).__name__}: {exc}"
            logger.warning("search index settings file is damaged, using the current settings: %s",
                           self.settings_damaged)
            return None
        self.settings_damaged = ""
        return stored

    def _refresh_settings(self) -> None:
        mtime = self._settings_file_mtime()
        if mtime is not None and mtime != self._settings_mtime:
            stored = self._read_settings()
            if stored is not None:
                self.settings = stored
            self._settings_mtime = mtime

    def _new_index_dir(self) -> Path:
        directory = self.path / f"index-{time.time_ns()}-{os.getpid()}"
        directory.mkdir()
        return directory

    def _point_current_to(self, directory: Path) -> None:
        tmp = self.path / f".current-{os.getpid()}-{threading.get_ident()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(directory.name, tmp)
        os.replace(tmp, self._current)  # atomic on POSIX

    def _ensure_index(self) -> None:
        """Create an empty index if there is none yet (call with the write lock held)."""
        if not self._current.exists():
            directory = self._new_index_dir()
            tantivy.Index(SCHEMA, path=str(directory))
            self._point_current_to(directory)

    def index_version(self) -> str | None:
        """Index directory, the identity of its ``meta.json`` (rewritten by every commit) and the settings file.

        Costs two ``stat`` calls and a ``readlink``; changes in every process as soon as a write returns.
        """
        self._refresh_settings()
        try:
            target = os.readlink(self._current)
            meta = os.stat(self.path / target / "meta.json")
        except OSError:  # no index yet, or a damaged one (``current`` not a link): nothing is cached, search says
            return None
        return f"{self.path}/{target}:{meta.st_ino}:{meta.st_mtime_ns}:{meta.st_size}:{self._settings_mtime}"

    def _open(self) -> tantivy.Index:
        """The live index, reopened when ``current`` moved and reloaded to see new commits."""
        try:
            target = os.readlink(self._current)
        except FileNotFoundError:
            with self._write_lock():
                self._ensure_index()
            target = os.readlink(self._current)
        if self._index is None or target != self._target:
            try:
                self._index = tantivy.Index.open(str(self.path / target))
            except ValueError as exc:
                raise BackendUnavailable(
                    f"search index {self.path / target} cannot be opened ({exc}); rebuild the index"
                ) from exc
            self._target = target
            self._meta_stamp = self._stamp(target)
        else:
            stamp = self._stamp(target)
            if stamp is None or stamp != self._meta_stamp:  # a commit since the last look (or unknown): reload
                self._index.reload()
                self._meta_stamp = stamp
        return self._index

    def _stamp(self, target: str) -> tuple[int, int, int] | None:
        """Identity of ``meta.json`` in ``target`` (inode, mtime, size), the same as :meth:`index_version` uses.

        Every commit rewrites ``meta.json``, so an unchanged stamp means no new commit: the reload (a new
        searcher) is skipped. ``None`` when it cannot be read: then the index is always reloaded.
        """
        try:
            meta = os.stat(self.path / target / "meta.json")
        except OSError:
            return None
        return meta.st_ino, meta.st_mtime_ns, meta.st_size

    # -- writes ---------------------------------------------------------------------------
    def _vectors(self, directory: Path | None = None) -> VectorStore:
        """The vector store of ``directory`` (default: the live index directory)."""
        directory = directory or self._current.resolve()
        store = self._stores.get(str(directory))
        if store is None:
            if len(self._stores) > 4:
                self._stores.clear()
            store = self._stores[str(directory)] = VectorStore(directory)
        return store

    def _write(self, ops: Callable[[tantivy.IndexWriter], None],
               after: Callable[[], None] | None = None) -> None:
        """Run ``ops`` on a fresh writer of the live index and commit, with the write lock held.

        A process killed by ``kill -9`` in the middle of a commit leaves files that no ``meta.json`` refers to
        (for example ``<segment>.<opstamp>.del``). The next writer starts from the same opstamp and would try to
        create the same file name, so every later commit would fail with ``FileAlreadyExists``. Tantivy registers
        each file in ``.managed.json`` before writing it, so its garbage collector can remove them: it runs before
        every write (cheap: one directory listing), and after a failed commit the write is tried once more.
        """
        with self._write_lock():
            self._ensure_index()
            for attempt in (1, 2):
                index = tantivy.Index.open(str(self._current.resolve()))
                writer = index.writer(WRITER_HEAP, 1)
                try:
                    writer.garbage_collect_files()
                    ops(writer)
                    writer.commit()
                    if after is not None:
                        after()  # still under the write lock: vectors follow the commit
                    return
                except ValueError as exc:
                    writer.rollback()
                    if attempt == 2:
                        raise
                    logger.warning("search index %s: commit failed (%s); collecting orphan files and retrying",
                                   self.path, exc)
                except BaseException:
                    writer.rollback()
                    raise
                finally:
                    writer.wait_merging_threads()
                self._remove_orphans(self._current.resolve())

    @staticmethod
    def _remove_orphans(directory: Path) -> list[str]:
        """Delete segment files of ``directory`` that its ``meta.json`` does not refer to; returns their names.

        For files tantivy did not register as managed (its own collector would leave them). Files another
        process still reads stay readable after the unlink (POSIX), exactly as with tantivy's own collector.
        """
        meta = json.loads((directory / "meta.json").read_text())
        segments: set[str] = set()
        deletes: set[str] = set()
        for segment in meta.get("segments", []):
            uuid = segment["segment_id"].replace("-", "")
            segments.add(uuid)
            if segment.get("deletes"):
                deletes.add(f"{uuid}.{segment['deletes']['opstamp']}.del")
        removed = []
        for path in directory.iterdir():
            parts = path.name.split(".")
            if len(parts) < 2 or len(parts[0]) != 32 or not all(c in string.hexdigits for c in parts[0]):
                continue  # meta.json, .managed.json, lock files, our vectors-<generation> files
            orphan = path.name not in deletes if parts[-1] == "del" else parts[0] not in segments
            if orphan:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                removed.append(path.name)
        if removed:
            logger.warning("search index %s: removed %d orphan file(s): %s", directory, len(removed),
                           ", ".join(sorted(removed)[:10]))
        return removed

    def _upsert(self, docs: list[dict[str, Any]]) -> None:
        def ops(writer: tantivy.IndexWriter) -> None:
            for doc in docs:
                writer.delete_documents_by_term("id", doc["id"])
                writer.add_document(_to_tantivy(doc))

        rows, model = _vector_rows(docs)
        self._write(ops, lambda: self._vectors().write(rows, (), model))

    def _delete(self, ids: list[str]) -> None:
        def ops(writer: tantivy.IndexWriter) -> None:
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)

        self._write(ops, lambda: self._vectors().write({}, ids, self._vectors().load().model))

    def _sync(self, docs: list[dict[str, Any]], delete_ids: list[str]) -> None:
        def ops(writer: tantivy.IndexWriter) -> None:
            for doc_id in delete_ids:
                writer.delete_documents_by_term("id", doc_id)
            for doc in docs:
                writer.delete_documents_by_term("id", doc["id"])
                writer.add_document(_to_tantivy(doc))

        rows, model = _vector_rows(docs)
        if not model:  # only deletions, or documents without vectors: keep the stored model's name
            model = self._vectors().load().model
        self._write(ops, lambda: self._vectors().write(rows, delete_ids, model))  # one writer, one commit

    def _rebuild(self, docs: list[dict[str, Any]]) -> int:
        with self._write_lock():
            directory = self._new_index_dir()
            try:
                index = tantivy.Index(SCHEMA, path=str(directory))
                writer = index.writer(REBUILD_HEAP, 0)
                for doc in docs:
                    writer.add_document(_to_tantivy(doc))
                writer.commit()
                writer.wait_merging_threads()
                rows, model = _vector_rows(docs)
                VectorStore(directory).replace_all(rows, model)
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            previous = os.readlink(self._current) if self._current.is_symlink() else None
            self._point_current_to(directory)
            keep = {directory.name, previous}
            for old in self.path.glob("index-*"):
                if old.name not in keep:
                    shutil.rmtree(old, ignore_errors=True)
        return len(docs)

    def _apply_settings(self, settings: SearchSettings) -> None:
        with self._write_lock():
            tmp = self.path / f".settings-{os.getpid()}.json"
            tmp.write_text(json.dumps(settings.to_dict(), ensure_ascii=False, indent=1))
            if self._settings_file.is_dir() and not self._settings_file.is_symlink():  # damage: make room
                shutil.rmtree(self._settings_file)
            os.replace(tmp, self._settings_file)
            self._settings_mtime = self._settings_file_mtime()
            self.settings_damaged = ""

    # -- reads ----------------------------------------------------------------------------
    def _count(self) -> int:
        return self._open().searcher().num_docs

    def _ids(self) -> set[str]:
        searcher = self._open().searcher()
        total = searcher.num_docs
        if not total:
            return set()
        hits = searcher.search(tantivy.Query.all_query(), limit=total).hits
        return {searcher.doc(address).get_first("id") for _, address in hits}  # type: ignore[misc]

    def health(self) -> dict[str, Any]:
        try:
            documents = self.count()
        except Exception as exc:  # noqa: BLE001 - health reports any failure
            return {"backend": self.name, "ok": False, "error": str(exc), "path": str(self.path)}
        return {
            "backend": self.name,
            "ok": not self.settings_damaged,
            "documents": documents,
            "path": str(self.path),
            "index_dir": self._target,
            "settings": self.settings.fingerprint(),
            **self._vector_health(),
            **({"error": f"settings file damaged: {self.settings_damaged}"} if self.settings_damaged else {}),
        }

    def _vector_health(self) -> dict[str, Any]:
        """How many documents have passage vectors, how many passages, and from which embedder."""
        try:
            snapshot = self._vectors().load()
        except (OSError, ValueError, KeyError) as exc:
            return {"vectors_error": f"{type(exc).__name__}: {exc}"}
        return {"vector_documents": snapshot.documents_count, "vector_passages": snapshot.passages_count,
                "vector_model": snapshot.model}

    def _search(self, query: SearchQuery, *, public_only: bool) -> SearchResult:
        started = time.perf_counter()
        self._refresh_settings()
        index = self._open()
        searcher = index.searcher()
        settings = self.settings
        filters = self._filter_clauses(query, public_only)
        vocabulary, known_prefix = self._vocabulary(searcher, settings)
        planned = plan_query(query.q, settings, vocabulary=vocabulary, known_prefix=known_prefix)
        slots = planned.slots
        excluded = [self._excluded_query(words, settings) for words in planned.excluded]
        window = query.offset + query.limit

        ranked: list[tuple[float, Any]] = []
        total = 0
        final_query = None
        if not slots:
            final_query = self._combine([tantivy.Query.all_query()], filters, excluded=excluded)
            result = searcher.search(final_query, limit=window, order_by_field="updated_ts", order=tantivy.Order.Desc)
            total = result.count or 0  # type: ignore[attr-defined]
            ranked = [(0.0, address) for _, address in result.hits]
        else:
            ranked, total, final_query = self._last_strategy(searcher, slots, filters, excluded, window, settings)

        hits: list[Hit] = []
        matcher = matcher_for(slots)
        for score, address in ranked[query.offset : window]:
            doc = json.loads(searcher.doc(address).get_first("source"))  # type: ignore[arg-type]
            hits.append(self._hit(doc, score, matcher, query.highlight))
        facets = self._facets(searcher, final_query, query, settings) if query.facets else {}
        return SearchResult(
            hits=hits,
            total=total,
            facets=facets,
            processing_ms=round((time.perf_counter() - started) * 1000, 3),
        )

    def _last_strategy(
        self,
        searcher: tantivy.Searcher,
        slots: list[Slot],
        filters: list[tantivy.Query],
        excluded: list[tantivy.Query],
        window: int,
        settings: SearchSettings,
    ) -> tuple[list[tuple[float, Any]], int, tantivy.Query | None]:
        """Meilisearch's ``last`` matching strategy: documents matching all ``k`` first slots, for k = n … 1.

        Each bucket is ranked by the rule scores (typo, proximity, attribute, exactness); a bucket's documents
        come after every document of the buckets before it. Returns (score, address) pairs up to ``window``, the
        number of documents matching at least the first slot, and that broadest query (for facet counts).
        """
        slot_queries = [self._slot_query(slot, settings) for slot in slots]
        proximity = [self._proximity_query(a, b, settings) for a, b in zip(slots, slots[1:], strict=False)]
        ties = [self._tie_break(slot, settings) for slot in slots]
        seen: set[tuple[int, int]] = set()
        strengths: dict[tuple[int, int], float] = {}
        ranked: list[tuple[float, Any]] = []
        total = 0
        broadest = None
        n = len(slots)
        for k in range(n, 0, -1):
            bonus = [q for q in proximity[: k - 1] if q is not None] + [q for q in ties[:k] if q is not None]
            candidate = self._combine(slot_queries[:k], filters, should=bonus, excluded=excluded)
            if len(ranked) >= window:
                if k == 1:  # only the total is still needed
                    total = searcher.search(candidate, limit=1, count=True).count or 0  # type: ignore[attr-defined]
                    broadest = candidate
                continue
            found = searcher.search(candidate, limit=window + len(seen), count=True)
            for score, address in found.hits:
                key = (address.segment_ord, address.doc)
                if key in seen:
                    continue
                seen.add(key)
                ranked.append((k * BUCKET_STEP + float(score), address))
                strengths[key] = (k / n) * min(1.0, float(score) / (k * SLOT_BASE))
            if k == 1:
                total = found.count or 0  # type: ignore[attr-defined]
                broadest = candidate
        # Hits carry the lexical strength in [0, 1] (share of slots matched, lowered by typos): the order stays the
        # rule order, the value is what search.fusion weighs.
        out = [(strengths[(address.segment_ord, address.doc)], address) for _, address in ranked[:window]]
        return out, total, broadest

    def _semantic(self, query: SearchQuery, vector: Any, *, public_only: bool, limit: int
                  ) -> list[tuple[Hit, float]]:
        if not self._current.exists():
            return []
        snapshot = self._vectors().load()
        if snapshot.empty:
            return []
        query_vector = np.asarray(vector, dtype=np.float32)
        if query_vector.shape != (snapshot.dim,):
            raise BackendUnavailable(f"embedded: query vector has {query_vector.shape[0]} dimensions, the index "
                                     f"{snapshot.dim} ({snapshot.model}); rebuild the index")
        best = snapshot.best(query_vector)
        floor_pool = min(len(best), limit * 2)  # filters drop some: look a little further
        top = np.argpartition(-best, floor_pool - 1)[:floor_pool] if floor_pool < len(best) else np.arange(len(best))
        top = top[np.argsort(-best[top])]
        candidates: dict[str, float] = {}
        for i in top:
            value = float(best[i])
            if np.isfinite(value) and snapshot.ids[i] not in candidates:  # -inf: replaced or deleted since the base
                candidates[snapshot.ids[i]] = value
        if not candidates:
            return []
        searcher = self._open().searcher()
        docs = self._documents(searcher, list(candidates), self._filter_clauses(query, public_only))
        out = []
        for doc_id, sim in candidates.items():
            if doc_id in docs:
                out.append((self._hit(docs[doc_id], sim, None, "none"), sim))  # marked later, page only
                if len(out) >= limit:
                    break
        return out

    def _documents(self, searcher: tantivy.Searcher, ids: list[str], filters: list[tantivy.Query]
                   ) -> dict[str, dict[str, Any]]:
        """The stored documents among ``ids`` that pass ``filters``, by id (one query)."""
        ids_query = tantivy.Query.term_set_query(SCHEMA, "id", ids)
        found = searcher.search(self._combine([ids_query], filters), limit=len(ids), count=False)
        docs = {}
        for _, address in found.hits:
            doc = json.loads(searcher.doc(address).get_first("source"))  # type: ignore[arg-type]
            docs[doc["id"]] = doc
        return docs

    def _highlight(self, hits: list[Hit], query: SearchQuery) -> list[Hit]:
        """Mark the snippets of the page shown (the candidates were fetched without)."""
        searcher = self._open().searcher()
        vocabulary, known_prefix = self._vocabulary(searcher, self.settings)
        matcher = matcher_for(plan_query(query.q, self.settings, vocabulary=vocabulary,
                                         known_prefix=known_prefix).slots)
        docs = self._documents(searcher, [hit.id for hit in hits], [])
        out = []
        for hit in hits:
            doc = docs.get(hit.id)
            if doc is None:
                out.append(hit)
                continue
            marked = self._hit(doc, hit.score, matcher, query.highlight)
            out.append(replace(hit, highlights=marked.highlights))
        return out

    def _similarities(self, ids: list[str], vector: Any) -> dict[str, float]:
        if not self._current.exists():
            return {}
        snapshot = self._vectors().load()
        if snapshot.empty:
            return {}
        query_vector = np.asarray(vector, dtype=np.float32)
        if query_vector.shape != (snapshot.dim,):
            return {}
        return snapshot.similarities(ids, query_vector)

    # -- query building -------------------------------------------------------------------
    def _vocabulary(self, searcher: tantivy.Searcher, settings: SearchSettings
                    ) -> tuple[Callable[[str], int], Callable[[str], bool]]:
        """Term lookups for n-grams and splits: document frequency over the searchable fields, memoised."""
        fields = [name for name, _ in self._fields(settings)]
        counts: dict[str, int] = {}
        prefixes: dict[str, bool] = {}

        def vocabulary(term: str) -> int:
            value = counts.get(term)
            if value is None:
                value = counts[term] = sum(searcher.doc_freq(name, term) for name in fields)
            return value

        def known_prefix(term: str) -> bool:
            value = prefixes.get(term)
            if value is None:
                value = prefixes[term] = any(searcher.terms_with_prefix(name, term, limit=1) for name in fields)
            return value

        return vocabulary, known_prefix

    def _fields(self, settings: SearchSettings) -> list[tuple[str, float]]:
        """(tantivy field, attribute score) in the order of ``settings.searchable``: the first field scores most."""
        names = [name for name, _ in settings.searchable if name in SEARCH_FIELDS]
        return [(f"t_{name}", ATTRIBUTE_STEP * (len(names) - i)) for i, name in enumerate(names)]

    @staticmethod
    def _const(query: tantivy.Query, score: float) -> tantivy.Query:
        return tantivy.Query.const_score_query(query, score)

    def _word_alternatives(self, word: Word, settings: SearchSettings, typos: int = 0) -> list[tantivy.Query]:
        """Scored ways one word can match: exact, typed prefix, typo; per field (see the rule scores)."""
        out = []
        base = SLOT_BASE - typos * TYPO_STEP
        for field_name, attribute in self._fields(settings):
            term = tantivy.Query.term_query(SCHEMA, field_name, word.term)
            out.append(self._const(term, base + attribute + EXACTNESS_STEP))
            if word.prefix:
                # A one-word phrase-prefix query is a term range scan: cheap, unlike regex_query.
                prefix = tantivy.Query.phrase_prefix_query(SCHEMA, field_name, [word.term])
                out.append(self._const(prefix, base + attribute))
            for distance in range(1, word.budget + 1):
                fuzzy = tantivy.Query.fuzzy_term_query(
                    SCHEMA,
                    field_name,
                    word.term,
                    distance=distance,
                    transposition_cost_one=True,
                    prefix=word.prefix,
                )
                out.append(self._const(fuzzy, base - distance * TYPO_STEP + attribute))
        return out

    def _any_field(self, words: tuple[str, ...], settings: SearchSettings, score: float | None = None
                   ) -> list[tantivy.Query]:
        """The exact term or phrase ``words`` in each field (scored by attribute, or ``score`` flat)."""
        out = []
        for field_name, attribute in self._fields(settings):
            if len(words) == 1:
                sub = tantivy.Query.term_query(SCHEMA, field_name, words[0])
            else:
                sub = tantivy.Query.phrase_query(SCHEMA, field_name, list(words))
            out.append(self._const(sub, score if score is not None else SLOT_BASE + attribute + EXACTNESS_STEP))
        return out

    @staticmethod
    def _dismax(options: list[tantivy.Query]) -> tantivy.Query:
        return options[0] if len(options) == 1 else tantivy.Query.disjunction_max_query(options, 0.0)

    def _slot_query(self, slot: Slot, settings: SearchSettings) -> tantivy.Query:
        """One slot: the best-scoring of its alternatives (a disjunction-max, so a slot counts once)."""
        if slot.phrase:
            return self._dismax(self._any_field(tuple(w.term for w in slot.words), settings))
        options: list[tantivy.Query] = []
        if len(slot.words) == 1:
            options += self._word_alternatives(slot.words[0], settings)
        else:
            parts = [self._dismax(self._word_alternatives(w, settings)) for w in slot.words]
            every = tantivy.Query.boolean_query([(Occur.Must, q) for q in parts])
            options.append(self._const(every, SLOT_BASE + ATTRIBUTE_STEP))
        if slot.joined is not None:
            options += self._word_alternatives(slot.joined, settings)
        if slot.split is not None:
            left = self._dismax(self._any_field(slot.split[:1], settings))
            right = self._dismax(self._word_alternatives(Word(slot.split[1], 0, slot.split_prefix), settings))
            both = tantivy.Query.boolean_query([(Occur.Must, left), (Occur.Must, right)])
            options.append(self._const(both, SLOT_BASE - TYPO_STEP + ATTRIBUTE_STEP))  # a split counts as a typo
        for form in slot.synonyms:
            options += self._any_field(form, settings, score=None)
        return self._dismax(options)

    def _proximity_query(self, a: Slot, b: Slot, settings: SearchSettings) -> tantivy.Query | None:
        """Bonus for two adjacent query slots found side by side (or close) in one field: the proximity rule."""
        first, second = a.words[-1], b.words[0]
        if first.prefix:
            return None
        options = []
        for field_name, _ in self._fields(settings):
            if second.prefix:
                near = tantivy.Query.phrase_prefix_query(SCHEMA, field_name, [first.term, second.term])
                options.append(self._const(near, PROXIMITY_NEAR))
            else:
                near = tantivy.Query.phrase_query(SCHEMA, field_name, [first.term, second.term])
                options.append(self._const(near, PROXIMITY_NEAR))
                close = tantivy.Query.phrase_query(SCHEMA, field_name, [first.term, second.term], slop=PROXIMITY_SLOP)
                options.append(self._const(close, PROXIMITY_CLOSE))
        return self._dismax(options)

    def _tie_break(self, slot: Slot, settings: SearchSettings) -> tantivy.Query | None:
        """A small BM25 score of the slot's exact words (short fields and rare words first): breaks the ties the
        rules leave, kept below one exactness step."""
        parts = []
        for field_name, attribute in self._fields(settings):
            for word in slot.words:
                term = tantivy.Query.term_query(SCHEMA, field_name, word.term)
                parts.append((Occur.Should, tantivy.Query.boost_query(term, TIE_BREAK * attribute)))
        return tantivy.Query.boolean_query(parts) if parts else None

    def _excluded_query(self, words: tuple[str, ...], settings: SearchSettings) -> tantivy.Query:
        options = self._any_field(words, settings, score=0.0)
        return tantivy.Query.boolean_query([(Occur.Should, q) for q in options])

    def _filter_clauses(self, query: SearchQuery, public_only: bool) -> list[tantivy.Query]:
        facet_fields = self.settings.facet_fields
        clauses = []
        if public_only:
            clauses.append(tantivy.Query.term_query(SCHEMA, "visibility", Visibility.PUBLIC.value))
        for name, values in query.filters.items():
            field_name = facet_fields[name]
            terms = [tantivy.Query.term_query(SCHEMA, field_name, v) for v in values]
            if len(terms) == 1:
                clauses.append(terms[0])
            else:
                clauses.append(tantivy.Query.boolean_query([(Occur.Should, t) for t in terms]))
        return clauses

    @staticmethod
    def _combine(
        text_queries: list[tantivy.Query],
        filters: list[tantivy.Query],
        *,
        should: list[tantivy.Query] | None = None,
        excluded: list[tantivy.Query] | None = None,
    ) -> tantivy.Query:
        parts = [(Occur.Must, q) for q in text_queries]
        parts += [(Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        parts += [(Occur.Should, q) for q in should or ()]
        parts += [(Occur.MustNot, q) for q in excluded or ()]
        if len(parts) == 1:
            return parts[0][1]
        return tantivy.Query.boolean_query(parts)

    def _facets(
        self,
        searcher: tantivy.Searcher,
        final_query: tantivy.Query | None,
        query: SearchQuery,
        settings: SearchSettings,
    ) -> dict[str, dict[str, int]]:
        facets: dict[str, dict[str, int]] = {name: {} for name in query.facets}
        if final_query is None:
            return facets
        fields = settings.facet_fields
        aggs = {name: {"terms": {"field": fields[name], "size": 500}} for name in query.facets}
        result = searcher.aggregate(final_query, aggs)
        for name in query.facets:
            buckets = result.get(name, {}).get("buckets", [])
            facets[name] = {str(b["key"]): int(b["doc_count"]) for b in buckets}
        return facets

    @staticmethod
    def _hit(doc: dict[str, Any], score: float, matcher, highlight: str = "all") -> Hit:  # noqa: ANN001
        highlights: dict[str, str] = {}
        for field_name, crop in (("title", None), ("short_answer", None), ("body", BODY_CROP_WORDS)):
            if highlight == "none" or (field_name == "body" and highlight == "shown" and "short_answer" in highlights):
                break  # not shown: the body (the costly part) is only marked when it is the snippet shown
            marked = mark(doc.get(field_name, ""), matcher, crop=crop)
            if marked is not None:
                highlights[field_name] = marked_to_html(marked)
        return Hit(
            id=doc["id"],
            type=doc["type"],
            title=doc["title"],
            short_answer=doc["short_answer"],
            url=doc["url"],
            visibility=doc["visibility"],
            highlights=highlights,
            score=float(score),
        )
