"""Reports are identical when computed concurrently in 8 threads (no shared mutable state)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from kennisbank.readability import analyse_sections, analyse_text, lexicon, participles, syllables
from kennisbank.readability.rules import abbreviations, words

from .test_offsets import MARKDOWN
from .test_plain_versions import PAIRS

TEXTS = [MARKDOWN] + [text for pair in PAIRS for text in pair]
SECTIONS = [{"heading": "Kop " + str(i), "text": text} for i, text in enumerate(TEXTS)]


def _clear_caches() -> None:
    for cached in (
        syllables.word_syllables,
        syllables._counter,
        participles.is_participle,
        abbreviations._known_dotted,
        lexicon.ambtelijke_woorden,
        lexicon.dotted_abbreviations,
        lexicon.known_abbreviations,
        lexicon.listed_participles,
        lexicon.not_participles,
        words.measure,
    ):
        cached.cache_clear()


def _run_all() -> list[dict]:
    return [analyse_text(text).to_dict() for text in TEXTS] + [analyse_sections(SECTIONS).to_dict()]


def test_eight_threads_give_identical_results():
    expected = _run_all()
    _clear_caches()  # make the threads race on loading word lists and filling caches
    barrier = threading.Barrier(8)

    def worker(_: int) -> list[list[dict]]:
        barrier.wait()
        return [_run_all() for _ in range(5)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(worker, range(8)))
    for per_thread in results:
        for run in per_thread:
            assert run == expected
