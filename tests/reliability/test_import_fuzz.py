"""Fuzz the three importers with mutated real inputs: a clean error naming the place, or a valid import.

Inputs: demo Markdown files (``kennisbank/demo_content``), a CSV export of demo items and the IPDC fixture. Each
case applies one mutation that people or broken tools really produce (a cut-off file, a raw NUL, a lone surrogate, a
flipped byte, a line lost or doubled, a date in year 10000, a 5000-digit number, nesting 5000 deep, 20 000 keywords,
a value of the wrong shape) with a seeded random generator, so every run tries the same cases.

For every case: the import never raises; when it reports errors, each names the file and a line or JSON path and
a key, and the database is exactly as before (nothing written); when it succeeds, every stored text is clean
(no NUL, no lone surrogate) and the items exist.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from wagtail.models import Page, Revision

from importers.csv_import import import_csv
from importers.ipdc import import_ipdc
from importers.markdown_import import import_folder
from importers.pipeline import ImportReport
from kennisbank.models import ContentPage
from kennisbank.textclean import forbidden_characters

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "kennisbank" / "demo_content"
IPDC_FIXTURE = ROOT / "tests" / "importers" / "fixtures" / "ipdc" / "ldes" / "page-0.json"
SEED = 20261202
CASES = {"markdown": 160, "csv": 110, "ipdc": 110}

HOSTILE_CHARACTERS = ["\x00", "\ud800", "\udfff", "\x1b", "\x7f", "\x85"]
HOSTILE_VALUES = [
    "10000-01-01", "9999-12-31", "0001-01-01", "2026-02-30", "1" * 5000, "-1", "1e999", ".nan",
    "[" * 5000 + "]" * 5000, "{" * 3000 + "}" * 3000, '"\\ud800"', '"a\\0b"', '"\\x00"', "!!python/object:os.system",
    "&anchor [*anchor]", "*undefined", "~", "yes", "''", '"', "[unclosed", "{a: 1}", "[[]]", "x" * 300_000,
    "[" + ", ".join(f"w{i}" for i in range(20_000)) + "]",
]
JSON_HOSTILE_VALUES = [
    '"\\u0000"', '"\\ud800"', '"a\\udfffb"', "1" + "0" * 5000, "-1e999", "NaN", "[" * 5000 + "]" * 5000,
    "{}", "[]", "null", "true", '"' + "x" * 300_000 + '"', '"2026-02-30"', '"10000-01-01T00:00:00Z"',
    "[" + ", ".join(f'"w{i}"' for i in range(20_000)) + "]",
]


# -- mutations -------------------------------------------------------------------------------------------------
def insert_character(text: str, rng: random.Random) -> tuple[str, str]:
    ch = rng.choice(HOSTILE_CHARACTERS)
    at = rng.randrange(len(text))
    return text[:at] + ch + text[at:], f"insert U+{ord(ch):04X} at {at}"


def truncate(text: str, rng: random.Random) -> tuple[str, str]:
    at = rng.randrange(1, len(text))
    return text[:at], f"cut off at {at} of {len(text)}"


def drop_line(text: str, rng: random.Random) -> tuple[str, str]:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    return "\n".join(lines[:i] + lines[i + 1:]), f"drop line {i + 1}"


def double_line(text: str, rng: random.Random) -> tuple[str, str]:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    return "\n".join(lines[: i + 1] + lines[i:]), f"double line {i + 1}"


def swap_lines(text: str, rng: random.Random) -> tuple[str, str]:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"


def yaml_value(text: str, rng: random.Random) -> tuple[str, str]:
    keys = re.findall(r"^([a-z_]+):", text.split("\n---", 1)[0], re.MULTILINE)
    key = rng.choice(keys)
    value = rng.choice(HOSTILE_VALUES)
    return re.sub(rf"^{key}:.*$", lambda _m: f"{key}: {value}", text, count=1, flags=re.MULTILINE), \
        f"{key}: {value[:40]}"


def json_value(text: str, rng: random.Random) -> tuple[str, str]:
    spots = list(re.finditer(r'("[^"\n]+"\s*:\s*)("(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)', text))
    spot = rng.choice(spots)
    value = rng.choice(JSON_HOSTILE_VALUES)
    return text[: spot.start(2)] + value + text[spot.end(2):], f"{spot.group(1).strip()} {value[:40]}"


def csv_cell(text: str, rng: random.Random) -> tuple[str, str]:
    lines = text.split("\n")
    row = rng.randrange(1, max(2, len([line for line in lines if line])))
    cells = lines[row].split(";")
    col = rng.randrange(len(cells))
    value = rng.choice([*HOSTILE_VALUES, '"unclosed', 'a"b', '"\n"', "x" * 200_000])
    cells[col] = value
    lines[row] = ";".join(cells)
    return "\n".join(lines), f"row {row + 1} cell {col + 1}: {value[:40]!r}"


TextMutation = Callable[[str, random.Random], tuple[str, str]]


def mutate(raw: bytes, rng: random.Random, value_mutation: TextMutation) -> tuple[bytes, str]:
    """One mutation of ``raw`` (UTF-8): text-level or, sometimes, a flipped byte."""
    if rng.random() < 0.1:
        at = rng.randrange(len(raw))
        flipped = bytes([raw[at] ^ (1 << rng.randrange(8))])
        return raw[:at] + flipped + raw[at + 1:], f"flip a bit of byte {at}"
    text = raw.decode("utf-8")
    mutation = rng.choice([insert_character, truncate, drop_line, double_line, swap_lines,
                           value_mutation, value_mutation, value_mutation])
    new, what = mutation(text, rng)
    return new.encode("utf-8", "surrogatepass"), f"{mutation.__name__}: {what}"


# -- inputs ----------------------------------------------------------------------------------------------------
def markdown_bases() -> list[tuple[str, bytes]]:
    """Demo files without ``related`` (an id not in the case's folder would fail every case the same way)."""
    files = sorted(DEMO.glob("*.md"))[:12]
    out = []
    for path in files:
        text = "\n".join(line for line in path.read_text(encoding="utf-8").split("\n")
                         if not line.startswith("related:"))
        out.append((path.name, text.encode()))
    return out


def csv_base() -> bytes:
    header = "id;type;title;short_answer;themes;audience;visibility;keywords;last_reviewed;cost;body"
    rows = [
        "zwemles;product;Zwemles voor kinderen;U schrijft uw kind in voor zwemles.;Sport;burger;public;"
        "zwemmen|zwembad;2026-05-01;Tien lessen = 45 | Losse les = 5,50;"
        '"Een korte inleiding.\n\n## Wat meebrengen?\n\nEen handdoek."',
        "sportkamp;product;Sportkamp in de zomer;U schrijft uw kind in voor een sportkamp.;Sport;burger;public;"
        "kamp;2026-05-02;Een week = 90;Het kamp duurt vijf dagen.",
        "sporthal-huren;fiche;Hoe huur ik de sporthal?;U reserveert de sporthal via het e-loket.;Sport;"
        "vereniging;internal;zaalhuur;;;Vraag de beschikbaarheid na.",
    ]
    return ("\n".join([header, *rows]) + "\n").encode()


def snapshot() -> tuple:
    last_revision = Revision.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (Page.objects.count(), Revision.objects.count(), last_revision,
            tuple(ContentPage.objects.order_by("pk").values_list("pk", "title", "short_answer", "live")))


def check(report: ImportReport, before: tuple, case: str, names: set[str]) -> bool:
    """Assert the contract for one case; returns whether the import succeeded."""
    if report.errors:
        for issue in report.errors:
            assert issue.file in names, f"{case}: issue names no input file: {issue}"
            assert issue.line > 0 or issue.path, f"{case}: issue has no line or JSON path: {issue}"
            assert issue.key or issue.path, f"{case}: issue names no key: {issue}"
            assert issue.message and "Traceback" not in issue.message, f"{case}: {issue}"
        assert snapshot() == before, f"{case}: the database changed although the import failed"
        return False
    for page in ContentPage.objects.all():
        for value in (page.title, page.short_answer, page.search_description, page.body_text()):
            assert not forbidden_characters(value), f"{case}: stored text with {forbidden_characters(value)}"
    return True


def run_cases(kind: str, importer: Callable[[Path], ImportReport], bases: list[tuple[str, bytes]],
              value_mutation: TextMutation, tmp_path: Path) -> tuple[int, int]:
    rng = random.Random(f"{SEED}-{kind}")
    ok = failed = 0
    messages: Counter[str] = Counter()
    for number in range(CASES[kind]):
        name, raw = rng.choice(bases)
        data, what = mutate(raw, rng, value_mutation)
        folder = tmp_path / f"{kind}-{number}"
        folder.mkdir()
        (folder / name).write_bytes(data)
        case = f"{kind} case {number} ({name}, {what})"
        before = snapshot()
        try:
            report = importer(folder if kind == "markdown" else folder / name)
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{case}: {type(exc).__name__}: {str(exc)[:300]}")
        if check(report, before, case, {name}):
            ok += 1
        else:
            failed += 1
            messages.update(issue.message.split(":")[0][:60] for issue in report.errors)
    print(f"{kind}: {ok} imported, {failed} refused; messages: {messages.most_common()}")
    return ok, failed


def test_markdown_importer_survives_mutated_demo_files(tmp_path, site_structure):
    ok, failed = run_cases("markdown", import_folder, markdown_bases(), yaml_value, tmp_path)
    assert ok >= 10 and failed >= 60, (ok, failed)  # both outcomes are exercised


def test_csv_importer_survives_mutated_files(tmp_path, site_structure):
    ok, failed = run_cases("csv", import_csv, [("catalogus.csv", csv_base())], csv_cell, tmp_path)
    assert ok >= 10 and failed >= 40, (ok, failed)


def test_ipdc_importer_survives_mutated_files(tmp_path, site_structure):
    base = IPDC_FIXTURE.read_bytes()
    json.loads(base)  # the base itself is valid
    ok, failed = run_cases("ipdc", import_ipdc, [(IPDC_FIXTURE.name, base)], json_value, tmp_path)
    assert ok >= 10 and failed >= 40, (ok, failed)
