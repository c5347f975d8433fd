"""Passage vectors of the embedded engine: a numpy matrix beside the tantivy index, searched by brute force.

Files in an index directory (written only with the backend's write lock held)::

    vectors.current        the generation in use (one line; replaced atomically)
    vectors-<gen>.npy      float32 matrix, one L2-normalised row per passage, rows of one document together
    vectors-<gen>.json     {"model": embedder name, "dim": n, "ids": [document id per group], "starts": [first row]}

A write builds a new generation from the previous one (rows of changed and deleted documents dropped, new rows
appended) and then points ``vectors.current`` at it, so a reader always sees one consistent pair; the generation
before is kept for readers that still have it open (memory-mapped) and older ones are removed. Readers memory-map
the matrix (the page cache is shared by every process) and reload only when ``vectors.current`` changed.

A search multiplies the matrix by the query vector and keeps each document's best passage (``maximum.reduceat``
over the groups): 50 000 passages × 384 dimensions is one matrix-vector product.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

POINTER = "vectors.current"
#: How much less a section passage counts than the summary passage (chosen with bench/relevance.py).
SECTION_PENALTY = 0.02


@dataclass
class Snapshot:
    """One generation: ``matrix`` rows grouped per document (``ids[i]`` owns rows ``starts[i]:starts[i+1]``)."""

    generation: str
    model: str
    ids: list[str]
    starts: np.ndarray
    matrix: np.ndarray

    @property
    def empty(self) -> bool:
        return not self.ids

    @cached_property
    def offsets(self) -> np.ndarray:
        """Per row: 0 for a document's first passage (its summary), ``-SECTION_PENALTY`` for its sections."""
        offsets = np.full(self.matrix.shape[0], -SECTION_PENALTY, dtype=np.float32)
        offsets[self.starts] = 0.0
        return offsets

    def best(self, vector: np.ndarray) -> np.ndarray:
        """Best-passage similarity per document (aligned with ``ids``): a section counts SECTION_PENALTY less than
        the summary, so it wins only when it is clearly closer to the query."""
        if self.empty:
            return np.zeros(0, dtype=np.float32)
        scores = self.matrix @ vector + self.offsets
        return np.maximum.reduceat(scores, self.starts)

    def similarities(self, ids: Iterable[str], vector: np.ndarray) -> dict[str, float]:
        """Best-passage similarity of each of ``ids`` that has vectors."""
        positions = self.positions
        out = {}
        for doc_id in ids:
            i = positions.get(doc_id)
            if i is None:
                continue
            start = self.starts[i]
            end = self.starts[i + 1] if i + 1 < len(self.starts) else self.matrix.shape[0]
            out[doc_id] = float(np.max(self.matrix[start:end] @ vector + self.offsets[start:end]))
        return out

    @cached_property
    def positions(self) -> dict[str, int]:
        """Document id → its group number."""
        return {doc_id: i for i, doc_id in enumerate(self.ids)}

    def rows(self) -> dict[str, np.ndarray]:
        """Document id → its rows (for rewriting a generation)."""
        if self.empty:
            return {}
        ends = list(self.starts[1:]) + [self.matrix.shape[0]]
        return {doc_id: self.matrix[start:end] for doc_id, start, end in zip(self.ids, self.starts, ends,
                                                                              strict=True)}


def _empty(model: str = "") -> Snapshot:
    return Snapshot("", model, [], np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32))


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

    def load(self) -> Snapshot:
        """The current generation (memory-mapped; reloaded only when it changed)."""
        stamp = self._pointer_stamp()
        if stamp is None:
            return _empty()
        if self._cached is not None and stamp == self._stamp:
            return self._cached
        generation = (self.directory / POINTER).read_text().strip()
        meta = json.loads((self.directory / f"vectors-{generation}.json").read_text())
        matrix = np.load(self.directory / f"vectors-{generation}.npy", mmap_mode="r")
        snapshot = Snapshot(generation, meta["model"], list(meta["ids"]), np.asarray(meta["starts"], dtype=np.int64),
                            matrix)
        self._cached, self._stamp = snapshot, stamp
        return snapshot

    def write(self, upserts: Mapping[str, np.ndarray], deletes: Iterable[str], model: str) -> None:
        """Replace the rows of ``upserts`` (an empty matrix removes a document's vectors) and drop ``deletes``.

        Call with the index's write lock held. Vectors of another model than the stored one replace everything
        (a model change needs ``search_rebuild``; until then the old vectors would not be comparable).
        """
        current = self.load()
        rows = current.rows() if current.model in ("", model) else {}
        for doc_id in deletes:
            rows.pop(doc_id, None)
        for doc_id, matrix in upserts.items():
            rows.pop(doc_id, None)
            if len(matrix):
                rows[doc_id] = matrix
        self._save(rows, model, keep=current.generation)

    def replace_all(self, rows: Mapping[str, np.ndarray], model: str) -> None:
        """Write a complete generation (a rebuild into a fresh directory)."""
        self._save({k: v for k, v in rows.items() if len(v)}, model, keep="")

    def _save(self, rows: Mapping[str, np.ndarray], model: str, keep: str) -> None:
        ids = list(rows)
        counts = [len(rows[i]) for i in ids]
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if ids else np.zeros(0, np.int64)
        dim = next((m.shape[1] for m in rows.values()), 0)
        matrix = (np.vstack([np.asarray(rows[i], dtype=np.float32) for i in ids]) if ids
                  else np.zeros((0, dim), dtype=np.float32))
        generation = f"{time.time_ns()}-{os.getpid()}"
        np.save(self.directory / f"vectors-{generation}.npy", matrix)
        (self.directory / f"vectors-{generation}.json").write_text(
            json.dumps({"model": model, "dim": int(dim), "ids": ids, "starts": starts.tolist()}))
        tmp = self.directory / f".{POINTER}-{os.getpid()}"
        tmp.write_text(generation)
        os.replace(tmp, self.directory / POINTER)
        for old in self.directory.glob("vectors-*"):
            name = old.name.removeprefix("vectors-").rsplit(".", 1)[0]
            if name not in (generation, keep):
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
