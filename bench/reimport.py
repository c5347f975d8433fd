"""Benchmark: re-importing an unchanged folder, the quick check (fingerprints) against the full comparison.

Usage: .venv/bin/python bench/reimport.py [--n 1000] [--rounds 3]

Generates ``--n`` exchange-format files (``bench/import_10k.py``'s generator), migrates a throwaway data dir, imports
them once (``manage.py import_markdown``), then in ONE process times ``import_folder(full=True)`` (parse every file,
compare every record with the database) and ``import_folder()`` (the quick check) ``--rounds`` times each,
alternating, on the same folder and database: both sides warm, same conditions. Prints ms per item for both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import import_10k as gen  # noqa: E402  (the file generator)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-reimport-"))
    try:
        content, data = work / "content", work / "data"
        gen.generate(content, args.n, seed=1)
        os.environ.update({"KENNISBANK_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base"})
        for command in (["migrate", "-v", "0"], ["import_markdown", str(content)]):
            subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], check=True, cwd=ROOT,
                           capture_output=True)
        import django

        django.setup()
        from importers.markdown_import import import_folder

        timings: dict[str, list[float]] = {"full comparison (--full)": [], "quick check (fingerprints)": []}
        for _ in range(args.rounds):
            for label, full in (("full comparison (--full)", True), ("quick check (fingerprints)", False)):
                started = time.perf_counter()
                report = import_folder(content, full=full)
                elapsed = time.perf_counter() - started
                assert report.ok and len(report.unchanged) == args.n, report.summary()
                timings[label].append(1000 * elapsed / args.n)
        print(f"re-import of {args.n} unchanged files, in one process, both sides warm, {args.rounds} rounds "
              f"alternating (median ms per item; target <= 0.5):")
        for label, values in timings.items():
            print(f"  {label:28} {statistics.median(values):6.2f} ms per item")
        full, quick = (statistics.median(v) for v in timings.values())
        print(f"  quick check x{full / quick:.0f} faster")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
