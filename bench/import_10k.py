"""Benchmark: import 10 000 items in the Markdown exchange format; prints time and peak memory (RSS).

Usage: .venv/bin/python bench/import_10k.py [--n 10000] [--seed 1] [--dir PATH] [--keep]

1. Generates ``--n`` deterministic exchange-format files (products and kennisfiches, ~10 % internal, themes,
   life events, audiences, keywords, sections; products with cost lines) into a temporary folder.
2. Creates a throwaway data dir (SQLite + embedded search index) and runs ``manage.py migrate``.
3. Runs ``manage.py import_markdown DIR --progress`` in a child process and prints its wall time and its peak
   resident memory (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``), then the same for a second import of
   the same folder (idempotent: everything "ongewijzigd").

Nothing leaves the machine. The temporary folders are removed unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = ["reispas", "identiteitskaart", "rijbewijs", "omgevingsvergunning", "parkeerkaart", "huisvuil",
            "containerpark", "geboorteaangifte", "huwelijk", "samenwoning", "adreswijziging", "uittreksel",
            "premie", "renovatie", "zonnepanelen", "subsidie", "vereniging", "evenement", "terras",
            "kinderopvang", "speelplein", "sportkamp", "bibliotheek", "begraafplaats", "hondenbelasting"]
VERBS = ["aanvragen", "verlengen", "wijzigen", "opzeggen", "betalen", "melden", "ophalen", "vernieuwen"]
THEMES = ["Burgerzaken", "Afval en milieu", "Wonen en bouwen", "Mobiliteit", "Welzijn en zorg", "Vrije tijd",
          "Ondernemen", "Gezin en kinderen"]
LIFE_EVENTS = ["Verhuizen", "Op reis gaan", "Geboorte", "Trouwen", "Overlijden", "Een zaak starten"]
AUDIENCES = ["burger", "ondernemer", "vereniging", "medewerker"]
SENTENCES = [
    "U vraagt dit aan bij de dienst in het gemeentehuis.",
    "Breng uw identiteitskaart mee.",
    "De aanvraag duurt ongeveer tien minuten.",
    "U krijgt een bericht als alles klaar is.",
    "Voor kinderen jonger dan twaalf jaar gelden andere regels.",
    "U kunt ook online een afspraak maken.",
    "Betalen kan met bancontact of met de app.",
    "Hebt u vragen? Bel dan naar het contactcenter.",
]


def _paragraph(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(n))


def make_item(i: int, rng: random.Random) -> tuple[str, str]:
    """(file name, file text) of item ``i``."""
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    item_id = f"{subject}-{verb}-{i:05d}"
    is_product = rng.random() < 0.4
    lines = ["---", f"id: {item_id}", f"type: {'product' if is_product else 'fiche'}",
             f'title: "{subject.capitalize()} {verb} ({i})"',
             f'short_answer: "{_paragraph(rng, 2)}"',
             f"themes: [{', '.join(repr(t) for t in rng.sample(THEMES, rng.randint(1, 2)))}]".replace("'", '"'),
             f"life_events: [{', '.join(repr(t) for t in rng.sample(LIFE_EVENTS, rng.randint(0, 1)))}]".replace(
                 "'", '"'),
             f"audience: [{', '.join(rng.sample(AUDIENCES[:3], rng.randint(1, 2)))}]",
             f"visibility: {'internal' if rng.random() < 0.1 else 'public'}",
             f'keywords: ["{subject}", "{subject} {verb}"]',
             "review_interval_months: 12"]
    if is_product:
        lines += ["cost:", f"  - {{label: \"Normaal\", amount: {rng.randint(0, 200)}.{rng.randint(0, 99):02d}}}"]
    lines += ["---", "## Wat is het?", "", _paragraph(rng, 4), "", "## Wat meebrengen?", "",
              "- uw identiteitskaart", "- een pasfoto", "", "## Hoe aanvragen?", "", _paragraph(rng, 3), ""]
    return f"{item_id}.md", "\n".join(lines)


def generate(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name, text = make_item(i, rng)
        (folder / name).write_text(text, encoding="utf-8")


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run ``manage.py`` with ``args``; returns (seconds, peak RSS in MiB of that child, stdout)."""
    started = time.perf_counter()
    # RUSAGE_CHILDREN is the maximum over all waited-for children: run each measured step in its own
    # intermediate process so the figure belongs to this step alone.
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr[-4000:])\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(p.returncode)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, sys.executable, str(ROOT / "manage.py"), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed ({proc.returncode})")
    out_lines = proc.stdout.splitlines()
    maxrss_kib = int(next(line.split()[1] for line in out_lines if line.startswith("MAXRSS")))
    text = "\n".join(line for line in out_lines if not line.startswith("MAXRSS"))
    return elapsed, maxrss_kib // 1024, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="Work folder (default: a temporary folder).")
    parser.add_argument("--keep", action="store_true", help="Keep the work folder.")
    opts = parser.parse_args()

    work = opts.dir or Path(tempfile.mkdtemp(prefix="kb-import-bench-"))
    try:
        content, data = work / "content", work / "data"
        started = time.perf_counter()
        generate(content, opts.n, opts.seed)
        print(f"{opts.n} bestanden gegenereerd in {time.perf_counter() - started:.1f} s ({content})")
        env = {**os.environ, "KENNISBANK_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.base"}
        env.pop("DATABASE_URL", None)
        env.pop("MEILI_URL", None)
        seconds, rss, _out = run_child(["migrate", "--no-input", "-v", "0"], env)
        print(f"migrate: {seconds:.1f} s, piek-RSS {rss} MiB")
        seconds, rss, out = run_child(["import_markdown", str(content), "--progress"], env)
        print(f"import (eerste keer): {seconds:.1f} s, {opts.n / seconds:.0f} items/s, piek-RSS {rss} MiB")
        print("  " + out.strip().splitlines()[-1])
        seconds, rss, out = run_child(["import_markdown", str(content)], env)
        print(f"import (tweede keer, niets gewijzigd): {seconds:.1f} s, piek-RSS {rss} MiB")
        print("  " + out.strip().splitlines()[-1])
        print(f"eigen proces: piek-RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    finally:
        if not opts.keep and opts.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
