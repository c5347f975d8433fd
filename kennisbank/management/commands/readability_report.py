"""Print the catalogue's readability, hardest texts first."""

from __future__ import annotations

import csv
import sys
from typing import Any

from django.core.management.base import BaseCommand

from kennisbank import selectors
from kennisbank.editorial.readability import catalogue_report
from kennisbank.selectors import Scope


class Command(BaseCommand):
    help = "Toont de leesbaarheid van alle gepubliceerde items, de moeilijkste eerst."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=0, help="Toon enkel de N moeilijkste items.")
        parser.add_argument("--csv", action="store_true", help="Schrijf CSV naar stdout.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = catalogue_report(selectors.items(Scope.OPERATOR).specific())
        if options["limit"]:
            rows = rows[: options["limit"]]
        if options["csv"]:
            writer = csv.writer(self.stdout if self.stdout else sys.stdout)
            writer.writerow(["id", "oordeel", "douma", "opmerkingen", "titel"])
            for row in rows:
                writer.writerow([row.page.external_id, row.report.verdict, f"{row.report.score:.1f}",
                                 len(row.report.findings), row.page.title])
            return
        for row in rows:
            self.stdout.write(f"{row.report.score:6.1f}  {row.report.verdict_label:<16} "
                              f"{len(row.report.findings):3d} opm.  {row.page.external_id}  {row.page.title}")
