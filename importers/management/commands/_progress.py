"""tqdm progress for the import/export commands: on stderr, only on a terminal unless asked for explicitly."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from tqdm import tqdm


def make_progress(force: bool) -> Any:
    """A ``progress(iterable, description, total)`` wrapper. Without ``force`` the bar is disabled when stderr
    is not a TTY and only appears after one second (long runs)."""
    enabled = force or sys.stderr.isatty()

    def progress(iterable: Iterable[Any], desc: str, total: int) -> Iterable[Any]:
        return tqdm(iterable, desc=desc, total=total, file=sys.stderr, disable=not enabled, leave=False,
                    delay=0 if force else 1, unit=" bestanden")

    return progress
