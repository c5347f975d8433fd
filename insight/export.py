"""CSV export of a :class:`~.datasets.Dataset` (UTF-8 with BOM and ``;`` separator: opens cleanly in Excel nl-BE).

Cells that start with ``=``, ``+``, ``-``, ``@`` (formula injection in spreadsheets) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.http import HttpResponse

from .datasets import Dataset

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(ds: Dataset) -> str:
    """The dataset as CSV text: a header row of column labels, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label in ds.columns.values()])
    for row in ds.rows:
        writer.writerow([_cell(row.get(key)) for key in ds.columns])
    return buffer.getvalue()


def csv_response(ds: Dataset, *, suffix: str = "") -> HttpResponse:
    """HTTP download of :func:`to_csv` named ``kennisbank-<key><suffix>.csv``."""
    response = HttpResponse("\ufeff" + to_csv(ds), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kennisbank-{ds.key}{suffix}.csv"'
    return response
