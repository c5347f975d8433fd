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
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import tantivy

from kennisbank.vocabulary import Visibility
from search import text
from search.backends._plan import Slot, Word, matcher_for, plan
from search.highlight import mark
from search.port import (
    BackendUnavailable,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResult,
    marked_to_html,
)
from search.settings import SearchSettings, default_settings

EXACT_BOOST = 3.0
PREFIX_BOOST = 1.5
TYPO_BOOST = 1.0
SYNONYM_BOOST = 2.5
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
    out.add_bytes("source", json.dumps(doc, ensure_ascii=False).encode())
    return out


class EmbeddedBackend(SearchBackend):
    """Search backend on a local tantivy index in directory ``path``.

    Safe for several instances and processes on the same ``path``: writes are serialised by a
    file lock, readers follow the ``current`` symlink and reload before a search when a commit has rewritten
    ``meta.json`` since their last look (two ``stat`` calls when nothing changed).
    """

    name = "embedded"

    def __init__(self, path: str | os.PathLike[str], settings: SearchSettings | None = None) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self._thread_lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._target: str | None = None
        self._meta_stamp: tuple[int, int, int] | None = None
        self._settings_mtime: int | None = None
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
    def _write(self, ops: Callable[[tantivy.IndexWriter], None]) -> None:
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
            if len(parts) < 2 or len(parts[0]) != 32:  # meta.json, .managed.json, lock files
                continue
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

        self._write(ops)

    def _delete(self, ids: list[str]) -> None:
        def ops(writer: tantivy.IndexWriter) -> None:
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)

        self._write(ops)

    def _sync(self, docs: list[dict[str, Any]], delete_ids: list[str]) -> None:
        def ops(writer: tantivy.IndexWriter) -> None:
            for doc_id in delete_ids:
                writer.delete_documents_by_term("id", doc_id)
            for doc in docs:
                writer.delete_documents_by_term("id", doc["id"])
                writer.add_document(_to_tantivy(doc))

        self._write(ops)  # one writer, one commit for the whole batch

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
            **({"error": f"settings file damaged: {self.settings_damaged}"} if self.settings_damaged else {}),
        }

    def _search(self, query: SearchQuery, *, public_only: bool) -> SearchResult:
        started = time.perf_counter()
        self._refresh_settings()
        index = self._open()
        searcher = index.searcher()
        settings = self.settings
        filters = self._filter_clauses(query, public_only)
        slots = plan(query.q, settings)
        window = query.offset + query.limit

        used: list[Slot] = []
        result = None
        total = 0
        final_query = None
        if not slots:
            final_query = self._combine([tantivy.Query.all_query()], filters)
            result = searcher.search(final_query, limit=window, order_by_field="updated_ts", order=tantivy.Order.Desc)
            total = result.count or 0  # type: ignore[attr-defined]
        else:
            slot_queries = [self._slot_query(slot, settings) for slot in slots]
            for k in range(len(slots), 0, -1):
                candidate = self._combine(slot_queries[:k], filters)
                found = searcher.search(candidate, limit=window, count=True)
                if found.count:  # type: ignore[attr-defined]
                    result, total, final_query, used = found, found.count, candidate, slots[:k]  # type: ignore[attr-defined]
                    break

        hits: list[Hit] = []
        if result is not None:
            matcher = matcher_for(used)
            for score, address in result.hits[query.offset :]:
                doc = json.loads(searcher.doc(address).get_first("source"))  # type: ignore[arg-type]
                hits.append(self._hit(doc, score if slots else 0.0, matcher, query.highlight))
        facets = self._facets(searcher, final_query, query, settings) if query.facets else {}
        return SearchResult(
            hits=hits,
            total=total,
            facets=facets,
            processing_ms=round((time.perf_counter() - started) * 1000, 3),
        )

    # -- query building -------------------------------------------------------------------
    def _fields(self, settings: SearchSettings) -> list[tuple[str, float]]:
        return [(f"t_{name}", weight) for name, weight in settings.searchable if name in SEARCH_FIELDS]

    def _word_query(self, word: Word, settings: SearchSettings) -> tantivy.Query:
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for field_name, weight in self._fields(settings):
            term = tantivy.Query.term_query(SCHEMA, field_name, word.term)
            parts.append((Occur.Should, tantivy.Query.boost_query(term, weight * EXACT_BOOST)))
            if word.prefix:
                # A one-word phrase-prefix query is a term range scan: cheap, unlike regex_query.
                prefix = tantivy.Query.phrase_prefix_query(SCHEMA, field_name, [word.term])
                parts.append((Occur.Should, tantivy.Query.boost_query(prefix, weight * PREFIX_BOOST)))
            if word.budget:
                fuzzy = tantivy.Query.fuzzy_term_query(
                    SCHEMA,
                    field_name,
                    word.term,
                    distance=word.budget,
                    transposition_cost_one=True,
                    prefix=word.prefix,
                )
                parts.append((Occur.Should, tantivy.Query.boost_query(fuzzy, weight * TYPO_BOOST)))
        return tantivy.Query.boolean_query(parts)

    def _phrase_query(self, words: tuple[str, ...], settings: SearchSettings) -> tantivy.Query:
        parts = []
        for field_name, weight in self._fields(settings):
            if len(words) == 1:
                sub = tantivy.Query.term_query(SCHEMA, field_name, words[0])
            else:
                sub = tantivy.Query.phrase_query(SCHEMA, field_name, list(words))
            parts.append((Occur.Should, tantivy.Query.boost_query(sub, weight * SYNONYM_BOOST)))
        return tantivy.Query.boolean_query(parts)

    def _slot_query(self, slot: Slot, settings: SearchSettings) -> tantivy.Query:
        words = [self._word_query(w, settings) for w in slot.words]
        main = words[0] if len(words) == 1 else tantivy.Query.boolean_query([(Occur.Must, q) for q in words])
        options = [main]
        if slot.joined is not None:
            options.append(self._word_query(slot.joined, settings))
        options.extend(self._phrase_query(form, settings) for form in slot.synonyms)
        if len(options) == 1:
            return main
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
    def _combine(text_queries: list[tantivy.Query], filters: list[tantivy.Query]) -> tantivy.Query:
        parts = [(Occur.Must, q) for q in text_queries]
        parts += [(Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
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
