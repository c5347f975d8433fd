"""Benchmark: time to analyse Dutch text with kennisbank.readability, per 1000 words.

Usage: .venv/bin/python bench/readability.py [--words 5000] [--runs 30] [--seed 1]

Generates a deterministic Markdown text (headings, paragraphs, lists, links, bureaucratic and plain
sentences, numbers and times) of about --words words, then prints:
- cold: the first analyse_text call in this process (loads word lists, textstat/pyphen, fills caches),
- warm: median and p90 wall time over --runs calls on the same text, and the median CPU time of
  this thread (time.thread_time, not inflated when other processes compete for the CPU),
- fresh words: median over texts where every run gets new (unseen) words, so the syllable cache misses.
Target: warm median < 20 ms per 1000 words.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kennisbank.readability import analyse_text  # noqa: E402

SENTENCES = [
    "Indien u een parkeerkaart wenst te bekomen, dient u het aanvraagformulier volledig in te vullen.",
    "De aanvraag wordt binnen dertig dagen door het OCMW behandeld.",
    "U kunt de kaart aanvragen aan het loket of via [het e-loket](https://www.gemeente.be/e-loket).",
    "Breng bv. uw identiteitskaart en een recente foto mee.",
    "Het loket is open van 8.30 tot 12u30, o.a. op maandag en woensdag.",
    "De kostprijs bedraagt 25,30 euro per kaart.",
    "Met betrekking tot de verlenging van uw vergunning gelieve onverwijld contact op te nemen met de dienst.",
    "Wij sturen u een brief als uw kaart klaar is.",
    "Heeft u vragen? Bel ons op het gratis nummer.",
    "In het kader van het nieuwe reglement worden alle aanvragen vanaf 1.1.2026 digitaal verwerkt.",
    "Teneinde misbruik te voorkomen, ressorteren voornoemde aanvragen onder de bevoegdheid van de burgemeester.",
    "Je vindt alle informatie op onze website.",
    "De afvalophaling gebeurt elke dinsdag.",
    "Zet uw container voor zeven uur 's morgens buiten.",
    "Grof huisvuil wordt op afspraak opgehaald.",
]
HEADINGS = ["## Aanvraag", "## Wat kost het?", "## Wanneer?", "### Meer informatie"]
LIST_ITEMS = ["- uw identiteitskaart", "- een recente pasfoto", "- het formulier, ondertekend door beide ouders"]
SYLLABLES = ["ka", "ver", "loo", "ment", "ge", "stra", "bin", "oor", "dam", "wijk", "pel", "zon"]


def generate(words: int, rng: random.Random, fresh: bool = False) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        block: list[str] = []
        if rng.random() < 0.3:
            parts.append(rng.choice(HEADINGS))
        for _ in range(rng.randint(2, 5)):
            sentence = rng.choice(SENTENCES)
            if fresh:  # replace one word by a made-up word so the syllable cache misses
                made_up = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))
                sentence = sentence.replace(" de ", f" de {made_up} ", 1)
            block.append(sentence)
            count += len(sentence.split())
        parts.append(" ".join(block))
        if rng.random() < 0.3:
            parts.append("\n".join(LIST_ITEMS))
            count += 12
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = generate(args.words, rng)

    start = time.perf_counter()
    report = analyse_text(text)
    cold = time.perf_counter() - start
    per_k = 1000 / report.word_count

    warm, warm_cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        analyse_text(text)
        warm.append(time.perf_counter() - start)
        warm_cpu.append(time.thread_time() - start_cpu)

    fresh_texts = [generate(args.words, rng, fresh=True) for _ in range(args.runs)]
    fresh, fresh_cpu = [], []
    for fresh_text in fresh_texts:
        start, start_cpu = time.perf_counter(), time.thread_time()
        fresh_report = analyse_text(fresh_text)
        per_k_fresh = 1000 / fresh_report.word_count
        fresh.append((time.perf_counter() - start) * per_k_fresh)
        fresh_cpu.append((time.thread_time() - start_cpu) * per_k_fresh)

    ms = 1000.0
    warm_ms = sorted(t * ms * per_k for t in warm)
    print(
        f"text: {report.word_count} words, {report.sentence_count} sentences, "
        f"{len(report.findings)} findings, score {report.score:.1f}, verdict {report.verdict}"
    )
    print(f"cold (first call, loads dictionaries): {cold * ms:.1f} ms total, {cold * ms * per_k:.2f} ms/1000 words")
    print(
        f"warm, same text, {args.runs} runs: median {statistics.median(warm_ms):.2f} ms/1000 words "
        f"(p90 {warm_ms[int(0.9 * (len(warm_ms) - 1))]:.2f}); "
        f"CPU median {statistics.median(warm_cpu) * ms * per_k:.2f} ms/1000 words"
    )
    print(
        f"fresh words, {args.runs} texts: median {statistics.median(fresh) * ms:.2f} ms/1000 words; "
        f"CPU median {statistics.median(fresh_cpu) * ms:.2f} ms/1000 words"
    )
    print("target: < 20 ms/1000 words (median). CPU = time.thread_time, not inflated by other processes.")


if __name__ == "__main__":
    main()
