"""The embedded engine's vector store: a base matrix plus a small delta per write, folded when it grows."""

from __future__ import annotations

import random

import numpy as np
import pytest

from search.backends import vectors
from search.backends.vectors import VectorStore, as_matrix


def unit(rng: random.Random, rows: int, dim: int = 8) -> np.ndarray:
    return as_matrix([[rng.uniform(-1, 1) for _ in range(dim)] for _ in range(rows)])


def brute_force(expected: dict[str, np.ndarray], vector: np.ndarray) -> dict[str, float]:
    out = {}
    for doc_id, rows in expected.items():
        scores = rows @ vector - vectors.SECTION_PENALTY
        scores[0] += vectors.SECTION_PENALTY  # the first passage (the summary) has no penalty
        out[doc_id] = float(scores.max())
    return out


def test_a_write_adds_a_small_delta_and_leaves_the_base_alone(tmp_path):
    rng = random.Random(1)
    store = VectorStore(tmp_path)
    store.replace_all({f"d{i}": unit(rng, 3) for i in range(50)}, "m")
    base = (tmp_path / "vectors.current").read_text().split()
    assert len(base) == 1
    base_file = tmp_path / f"vectors-{base[0]}.npy"
    mtime = base_file.stat().st_mtime_ns
    store.write({"d1": unit(rng, 2), "nieuw": unit(rng, 1)}, ["d2"], "m")
    names = (tmp_path / "vectors.current").read_text().split()
    assert names[0] == base[0] and len(names) == 2  # same base, a delta beside it
    assert base_file.stat().st_mtime_ns == mtime
    assert (tmp_path / f"vdelta-{names[1]}.npy").stat().st_size < base_file.stat().st_size / 10
    snapshot = VectorStore(tmp_path).load()
    assert snapshot.documents_count == 50  # 50 - d2 + nieuw
    assert "d2" not in snapshot.rows() and len(snapshot.rows()["d1"]) == 2
    assert snapshot.passages_count == 48 * 3 + 2 + 1


def test_random_writes_match_a_plain_dictionary_and_fold_when_the_delta_grows(tmp_path, monkeypatch):
    monkeypatch.setattr(vectors, "COMPACT_ROWS", 40)
    rng = random.Random(7)
    store = VectorStore(tmp_path)
    expected = {f"d{i}": unit(rng, rng.randint(1, 4)) for i in range(30)}
    store.replace_all(expected, "m")
    folded = 0
    for _round in range(60):
        upserts = {f"d{rng.randint(0, 45)}": unit(rng, rng.randint(0, 4)) for _ in range(rng.randint(0, 4))}
        deletes = [f"d{rng.randint(0, 45)}" for _ in range(rng.randint(0, 2))]
        deletes = [d for d in deletes if d not in upserts]
        store.write(upserts, deletes, "m")
        for doc_id in deletes:
            expected.pop(doc_id, None)
        for doc_id, rows in upserts.items():
            expected.pop(doc_id, None)
            if len(rows):
                expected[doc_id] = rows
        folded += len((tmp_path / "vectors.current").read_text().split()) == 1
        snapshot = VectorStore(tmp_path).load()  # a reader in another process
        assert set(snapshot.rows()) == set(expected)
        query = unit(rng, 1)[0]
        best = snapshot.best(query)
        got: dict[str, float] = {}
        for doc_id, value in zip(snapshot.ids, best, strict=True):
            if np.isfinite(value):
                got[doc_id] = float(value)
        want = brute_force(expected, query)
        assert got.keys() == want.keys()
        assert all(got[k] == pytest.approx(want[k], abs=1e-5) for k in want)
        assert snapshot.similarities(list(want), query) == pytest.approx(want, abs=1e-5)
    assert folded, "the delta was never folded into a new base"
    kept = {p.name.split("-", 1)[1].rsplit(".", 1)[0] for p in tmp_path.glob("v*-*.npy")}
    assert len(kept) <= 4  # the current pair and the pair before, nothing older


def test_vectors_of_another_model_replace_everything(tmp_path):
    rng = random.Random(3)
    store = VectorStore(tmp_path)
    store.replace_all({"a": unit(rng, 2), "b": unit(rng, 2)}, "oud")
    store.write({"a": unit(rng, 1)}, [], "nieuw")
    snapshot = VectorStore(tmp_path).load()
    assert snapshot.model == "nieuw" and set(snapshot.rows()) == {"a"}
