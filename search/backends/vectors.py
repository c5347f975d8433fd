"""Passage vectors of the embedded engine: a numpy matrix beside the tantivy index, searched by brute force.

Files in an index directory (written only with the backend's write lock held)::

    vectors.current        the generation in use: "<base>" or "<base> <delta>" (one line; replaced atomically)
    vectors-<base>.npy     float32 matrix, one L2-normalised row per passage, rows of one document together
    vectors-<base>.json    {"model": embedder name, "dim": n, "ids": [document id per group], "starts": [first row]}
    vdelta-<delta>.npy     the same for the documents written since the base ...
    vdelta-<delta>.json    ... plus "masked": the documents whose base rows no longer count (changed or deleted)

A write (a coalesced index batch) does not rewrite the base: it writes a new delta holding the previous delta's
rows that are still current plus the new ones, masks the changed and deleted documents in the base, and then points
``vectors.current`` at (base, new delta). So a publish writes a few kilobytes, not the whole matrix. When the delta
holds more than :data:`COMPACT_ROWS` rows or a tenth of the base, the write folds everything into a new base.
Readers always see one consistent pair; the files of the pair before are kept for readers that still have them
open (memory-mapped) and older ones are removed. Readers memory-map the matrices (the page cache is shared by every
process) and reload only when ``vectors.current`` changed.

A search multiplies each matrix by the query vector and keeps each document's best passage (``maximum.reduceat``
over the groups): 50 000 documents of four passages × 384 dimensions is one matrix-vector product.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

POINTER = "vectors.current"
#: How much less a section passage counts than the summary passage (chosen with bench/relevance.py).
SECTION_PENALTY = 0.02
#: A delta larger than this many rows (or a tenth of the base) is folded into a new base.
COMPACT_ROWS = 4000


@dataclass
class Part:
    """One matrix: ``ids[i]`` owns rows ``starts[i]:starts[i+1]``; documents in ``masked`` do not count."""

    ids: list[str]
    starts: np.ndarray
    matrix: np.ndarray
    masked: frozenset[str] = frozenset()

    @property
    def rows(self) -> int:
        return int(self.matrix.shape[0]) if self.ids else 0

    @cached_property
    def offsets(self) -> np.ndarray:
        """Per row: 0 for a document's first passage (its summary), ``-SECTION_PENALTY`` for its sections."""
        offsets = np.full(self.rows, -SECTION_PENALTY, dtype=np.float32)
        offsets[self.starts] = 0.0
        return offsets

    @cached_property
    def positions(self) -> dict[str, int]:
        return {doc_id: i for i, doc_id in enumerate(self.ids) if doc_id not in self.masked}

    @cached_property
    def mask(self) -> np.ndarray:
        """Per group: True when the document counts."""
        return np.array([doc_id not in self.masked for doc_id in self.ids], dtype=bool)

    def span(self, i: int) -> tuple[int, int]:
        end = int(self.starts[i + 1]) if i + 1 < len(self.starts) else self.rows
        return int(self.starts[i]), end

    def best(self, vector: np.ndarray) -> np.ndarray:
        """Best-passage similarity per group (``-inf`` for masked groups)."""
        if not self.ids:
            return np.zeros(0, dtype=np.float32)
        best = np.maximum.reduceat(self.matrix @ vector + self.offsets, self.starts)
        if self.masked:
            best = np.where(self.mask, best, -np.inf)
        return best

    def documents(self) -> dict[str, np.ndarray]:
        """Document id → its rows, for the documents that count."""
        return {doc_id: self.matrix[slice(*self.span(i))] for doc_id, i in self.positions.items()}


@dataclass
class Snapshot:
    """One generation: the base and the delta written since (see the module docstring)."""

    generation: str
    model: str
    base: Part
    delta: Part = field(default_factory=lambda: _empty_part())

    @property
    def parts(self) -> tuple[Part, Part]:
        return self.base, self.delta

    @cached_property
    def ids(self) -> list[str]:
        """Ids aligned with :meth:`best` (a document changed since the base appears twice, once masked)."""
        return self.base.ids + self.delta.ids

    @property
    def documents_count(self) -> int:
        return len(self.base.positions) + len(self.delta.positions)

    @property
    def passages_count(self) -> int:
        total = 0
        for part in self.parts:
            for i in part.positions.values():
                start, end = part.span(i)
                total += end - start
        return total

    @property
    def dim(self) -> int:
        for part in self.parts:
            if part.ids:
                return int(part.matrix.shape[1])
        return 0

    @property
    def empty(self) -> bool:
        return self.documents_count == 0

    def best(self, vector: np.ndarray) -> np.ndarray:
        """Best-passage similarity per entry of :attr:`ids` (``-inf`` where a document no longer counts)."""
        return np.concatenate([part.best(vector) for part in self.parts]) if not self.empty else \
            np.zeros(0, dtype=np.float32)

    def similarities(self, ids: Iterable[str], vector: np.ndarray) -> dict[str, float]:
        """Best-passage similarity of each of ``ids`` that has vectors."""
        out = {}
        for doc_id in ids:
            for part in (self.delta, self.base):
                i = part.positions.get(doc_id)
                if i is not None:
                    start, end = part.span(i)
                    out[doc_id] = float(np.max(part.matrix[start:end] @ vector + part.offsets[start:end]))
                    break
        return out

    def rows(self) -> dict[str, np.ndarray]:
        """Document id → its current rows (base, overridden by the delta)."""
        merged = self.base.documents()
        merged.update(self.delta.documents())
        return merged


def _empty_part() -> Part:
    return Part([], np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32))


def _part_arrays(rows: Mapping[str, np.ndarray]) -> tuple[list[str], np.ndarray, np.ndarray]:
    ids = [doc_id for doc_id, matrix in rows.items() if len(matrix)]
    counts = [len(rows[i]) for i in ids]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if ids else np.zeros(0, np.int64)
    dim = next((m.shape[1] for m in rows.values() if len(m)), 0)
    matrix = (np.vstack([np.asarray(rows[i], dtype=np.float32) for i in ids]) if ids
              else np.zeros((0, dim), dtype=np.float32))
    return ids, starts, matrix


class VectorStore:
    """The vectors of one index directory (see the module docstring)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cached: Snapshot | None = None
        self._stamp: tuple[int, int] | None = None

    def _pointer_stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.directory / POINTER)
        except OSError:
            return None
        return info.st_ino, info.st_mtime_ns

    def _read_part(self, prefix: str, generation: str) -> tuple[str, Part]:
        meta = json.loads((self.directory / f"{prefix}-{generation}.json").read_text())
        matrix = np.load(self.directory / f"{prefix}-{generation}.npy", mmap_mode="r")
        part = Part(list(meta["ids"]), np.asarray(meta["starts"], dtype=np.int64), matrix,
                    frozenset(meta.get("masked", ())))
        return meta["model"], part

    def load(self) -> Snapshot:
        """The current generation (memory-mapped; reloaded only when it changed)."""
        stamp = self._pointer_stamp()
        if stamp is None:
            return Snapshot("", "", _empty_part())
        if self._cached is not None and stamp == self._stamp:
            return self._cached
        names = (self.directory / POINTER).read_text().split()
        model, base = self._read_part("vectors", names[0])
        delta = _empty_part()
        if len(names) > 1:
            delta_model, delta = self._read_part("vdelta", names[1])
            model = model or delta_model
            # The delta's "masked" names the base documents it replaces; the delta's own rows all count.
            base = Part(base.ids, base.starts, base.matrix, delta.masked)
            delta = Part(delta.ids, delta.starts, delta.matrix)
        snapshot = Snapshot(" ".join(names), model, base, delta)
        self._cached, self._stamp = snapshot, stamp
        return snapshot

    def write(self, upserts: Mapping[str, np.ndarray], deletes: Iterable[str], model: str) -> None:
        """Replace the rows of ``upserts`` (an empty matrix removes a document's vectors) and drop ``deletes``.

        Call with the index's write lock held. Vectors of another model than the stored one replace everything
        (a model change needs ``search_rebuild``; until then the old vectors would not be comparable).
        """
        current = self.load()
        if current.model not in ("", model):
            self._save_base(dict(upserts), model, keep=current.generation)
            return
        changed = set(upserts) | set(deletes)
        delta_rows = {doc_id: rows for doc_id, rows in current.delta.documents().items() if doc_id not in changed}
        delta_rows.update({doc_id: rows for doc_id, rows in upserts.items() if len(rows)})
        masked = (set(current.base.masked) | changed) & set(current.base.ids)
        total_delta = sum(len(r) for r in delta_rows.values())
        if total_delta > max(COMPACT_ROWS, current.base.rows // 10):
            merged = current.rows()
            for doc_id in changed:
                merged.pop(doc_id, None)
            merged.update({doc_id: rows for doc_id, rows in upserts.items() if len(rows)})
            self._save_base(merged, model, keep=current.generation)
            return
        base_name = current.generation.split()[0] if current.generation else self._new_base({}, model)
        ids, starts, matrix = _part_arrays(delta_rows)
        delta_name = self._new_name()
        np.save(self.directory / f"vdelta-{delta_name}.npy", matrix)
        (self.directory / f"vdelta-{delta_name}.json").write_text(json.dumps(
            {"model": model, "dim": int(matrix.shape[1]) if matrix.ndim == 2 else 0, "ids": ids,
             "starts": starts.tolist(), "masked": sorted(masked)}))
        self._point(f"{base_name} {delta_name}", keep=current.generation)

    def replace_all(self, rows: Mapping[str, np.ndarray], model: str) -> None:
        """Write a complete generation (a rebuild into a fresh directory)."""
        self._save_base(rows, model, keep="")

    @staticmethod
    def _new_name() -> str:
        return f"{time.time_ns()}-{os.getpid()}"

    def _new_base(self, rows: Mapping[str, np.ndarray], model: str) -> str:
        ids, starts, matrix = _part_arrays(rows)
        name = self._new_name()
        np.save(self.directory / f"vectors-{name}.npy", matrix)
        (self.directory / f"vectors-{name}.json").write_text(
            json.dumps({"model": model, "dim": int(matrix.shape[1]) if matrix.ndim == 2 else 0, "ids": ids,
                        "starts": starts.tolist()}))
        return name

    def _save_base(self, rows: Mapping[str, np.ndarray], model: str, keep: str) -> None:
        self._point(self._new_base(rows, model), keep=keep)

    def _point(self, generation: str, keep: str) -> None:
        tmp = self.directory / f".{POINTER}-{os.getpid()}"
        tmp.write_text(generation)
        os.replace(tmp, self.directory / POINTER)
        wanted = set(generation.split()) | set(keep.split())
        for old in list(self.directory.glob("vectors-*")) + list(self.directory.glob("vdelta-*")):
            name = old.name.split("-", 1)[1].rsplit(".", 1)[0]
            if name not in wanted:
                with contextlib.suppress(FileNotFoundError):
                    old.unlink()


def as_matrix(vectors: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    """A document's ``vectors`` field as a float32 matrix of unit rows."""
    if len(vectors) == 0:
        return np.zeros((0, 0), dtype=np.float32)
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
