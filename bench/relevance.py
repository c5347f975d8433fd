"""Relevance harness: the labelled query set over the demo catalogue, per kind and per search mode.

Usage: .venv/bin/python bench/relevance.py [--modes lexical,semantic,hybrid] [--queries bench/relevance_queries.tsv]
                                           [--failures] [--data-dir PATH]

Builds the demo installation (``setup_demo``: demo catalogue, synonyms, search index with vectors) in a throwaway
SQLite data directory, then runs every query of ``bench/relevance_queries.tsv`` through the search service
(``search.service.search_items``, the path the API, the website and the console use; result cache off) in each
mode and prints, per kind: R@1 (the first hit is a right item), R@3 (a right item in the first three), MRR (mean
reciprocal rank of the first right item in the first ten), for queries whose right answer is no result "empty"
(the share that returned nothing), and for public queries about internal items "out" (the share where those
items stayed out). ``--failures`` lists the queries that missed, with what came first.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = Path(__file__).resolve().parent / "relevance_queries.tsv"
KINDS = ("exact", "prefix", "typo", "compound", "synonym", "question", "language", "operator", "nonsense")


@dataclass(frozen=True)
class Case:
    """One labelled query: ``expected`` empty means the right answer is no result."""

    kind: str
    scope: str
    q: str
    expected: frozenset[str]
    line: int
    absent: frozenset[str] = frozenset()


def load_cases(path: Path) -> list[Case]:
    """Parse the TSV query set (see its header); raises ValueError naming the line of a bad row."""
    cases = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated columns, got {len(parts)}")
        kind, scope, q, expected = parts
        if kind not in KINDS:
            raise ValueError(f"{path}:{number}: unknown kind {kind!r}")
        if scope not in ("public", "operator"):
            raise ValueError(f"{path}:{number}: unknown scope {scope!r}")
        values = [e.strip() for e in expected.split(",")]
        if expected.strip() == "-":
            cases.append(Case(kind, scope, q, frozenset(), number))
        elif all(v.startswith("!") for v in values):
            cases.append(Case(kind, scope, q, frozenset(), number, absent=frozenset(v[1:] for v in values)))
        else:
            cases.append(Case(kind, scope, q, frozenset(values), number))
    return cases


def setup(data_dir: Path) -> None:
    """A fresh demo installation in ``data_dir`` (SQLite, embedded index, result cache off)."""
    os.environ["KENNISBANK_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kennisbank.settings.base"
    os.environ["KENNISBANK_SEARCH_CACHE_SECONDS"] = "0"
    os.environ["KENNISBANK_SEARCH_QUERY_LOG_FLUSH_SECONDS"] = "0"
    for name in ("MEILI_URL", "DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("setup_demo", stdout=io.StringIO(), stderr=io.StringIO())
    print(f"demo installation built in {time.perf_counter() - started:.1f} s ({data_dir})")


def run(cases: list[Case], modes: list[str], failures: bool) -> dict[str, dict[str, dict[str, float]]]:
    """Run every case in every mode; print and return {mode: {kind: {metric: value}}}."""
    import inspect

    from search.service import search_items

    takes_mode = "mode" in inspect.signature(search_items).parameters
    table: dict[str, dict[str, dict[str, float]]] = {}
    for mode in modes:
        per_kind: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        missed = []
        started = time.perf_counter()
        for case in cases:
            kwargs = {"mode": mode} if takes_mode else {}
            result = search_items(case.q, scope=case.scope, limit=10, log=False, highlight="none", **kwargs)
            ids = [hit.id for hit in result.hits]
            stats = per_kind[case.kind]
            if case.absent:
                stats["out"].append(float(not case.absent & set(ids)))
                if case.absent & set(ids):
                    missed.append((case, ids))
                continue
            if not case.expected:
                stats["empty"].append(float(not ids))
                if ids:
                    missed.append((case, ids))
                continue
            rank = next((i for i, hit_id in enumerate(ids, start=1) if hit_id in case.expected), 0)
            stats["r1"].append(float(rank == 1))
            stats["r3"].append(float(0 < rank <= 3))
            stats["mrr"].append(1.0 / rank if rank else 0.0)
            if rank != 1:
                missed.append((case, ids))
        elapsed = time.perf_counter() - started
        table[mode] = {}
        print(f"\nmode {mode}: {len(cases)} queries in {elapsed:.1f} s")
        print(f"  {'kind':<10} {'n':>3} {'R@1':>6} {'R@3':>6} {'MRR':>6} {'empty':>6} {'out':>6}")
        totals: dict[str, list[float]] = defaultdict(list)
        for kind in KINDS:
            stats = per_kind.get(kind)
            if not stats:
                continue
            row = {name: sum(values) / len(values) for name, values in stats.items()}
            table[mode][kind] = row
            n = max(len(values) for values in stats.values())
            for name, values in stats.items():
                totals[name] += values
            cells = [f"{row[name]:6.2f}" if name in row else f"{'':>6}" for name in ("r1", "r3", "mrr", "empty", "out")]
            print(f"  {kind:<10} {n:>3} " + " ".join(cells))
        cells = [f"{sum(v) / len(v):6.2f}" if (v := totals.get(name)) else f"{'':>6}"
                 for name in ("r1", "r3", "mrr", "empty", "out")]
        print(f"  {'all':<10} {len(cases):>3} " + " ".join(cells))
        if failures:
            for case, ids in missed:
                want = ",".join(sorted(case.expected)) or "(nothing)"
                print(f"    miss [{case.kind}] {case.q!r} want {want} got {ids[:3]}")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modes", default="lexical,semantic,hybrid")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--failures", action="store_true", help="list the queries that missed")
    parser.add_argument("--data-dir", type=Path, help="reuse this data directory instead of a throwaway one")
    args = parser.parse_args()
    cases = load_cases(args.queries)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    print(f"relevance: {len(cases)} labelled queries from {args.queries}, modes {', '.join(modes)}; "
          "search result cache off, SQLite, embedded index")
    if args.data_dir:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        setup(args.data_dir)
        run(cases, modes, args.failures)
    else:
        with tempfile.TemporaryDirectory(prefix="kb-relevance-") as tmp:
            setup(Path(tmp))
            run(cases, modes, args.failures)


if __name__ == "__main__":
    main()
