"""Readability of pages for editors: page → report, publish policy and the catalogue-wide report.

The short answer is analysed as section 0 (heading "Kort antwoord"), followed by the body sections, so the
offsets of every finding point into the field the editor sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from kennisbank.readability import ReadabilityReport, analyse_sections

from ..conf import kennisbank_settings

if TYPE_CHECKING:
    from ..models import ContentPage

SHORT_ANSWER_LABEL = _("Kort antwoord")
VERDICT_ORDER = {"hard": 0, "warn": 1, "ok": 2}

#: Defaults of ``settings.KENNISBANK_READABILITY_PUBLISH``.
DEFAULT_PUBLISH_POLICY = {
    # Verdicts that block publishing from the editor ("hard" = te moeilijk). Empty list: never block.
    "BLOCK_VERDICTS": ["hard"],
    # Whether a user with kennisbank.override_readability may publish anyway with a stored reason.
    "ALLOW_OVERRIDE": True,
}


@dataclass(frozen=True)
class PublishPolicy:
    block_verdicts: frozenset[str]
    allow_override: bool


def publish_policy() -> PublishPolicy:
    """The configured publish policy (settings override the defaults key by key)."""
    merged = {**DEFAULT_PUBLISH_POLICY, **kennisbank_settings.READABILITY_PUBLISH}
    return PublishPolicy(frozenset(merged["BLOCK_VERDICTS"]), bool(merged["ALLOW_OVERRIDE"]))


def sections_for(short_answer: str, sections: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The list that is analysed: the short answer first, then the body sections (heading + Markdown)."""
    out = [{"heading": "", "text": short_answer or ""}]
    out += [{"heading": str(s.get("heading") or ""), "text": str(s.get("text") or "")} for s in sections]
    return out


def report_for_fields(short_answer: str, sections: Sequence[Mapping[str, Any]]) -> ReadabilityReport:
    """Report for unsaved editor input."""
    return analyse_sections(sections_for(short_answer, sections))


def report_for_page(page: ContentPage) -> ReadabilityReport:
    """Report for a page as it is in this object (live row or a revision's object)."""
    return report_for_fields(page.short_answer, page.sections())


def blocks_publish(report: ReadabilityReport) -> bool:
    """Whether this report stops a publish from the editor under the current policy."""
    return report.verdict in publish_policy().block_verdicts


@dataclass(frozen=True)
class CatalogueRow:
    page: ContentPage
    report: ReadabilityReport


def catalogue_report(pages: Iterable[ContentPage]) -> list[CatalogueRow]:
    """Rows for the given pages, hardest first (verdict, then lowest Douma score, then most findings)."""
    rows = [CatalogueRow(page=p, report=report_for_page(p)) for p in pages]
    rows.sort(key=lambda r: (VERDICT_ORDER.get(r.report.verdict, 3), r.report.score, -len(r.report.findings)))
    return rows
