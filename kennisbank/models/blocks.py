"""StreamField blocks for the structured body of products and fiches."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..vocabulary import SectionKind

#: Section kinds with their standard Dutch heading (:class:`~kennisbank.vocabulary.SectionKind`). ``intro`` has no
#: heading; ``other`` keeps a free heading.
SECTION_KINDS: list[tuple[str, Any]] = list(SectionKind.choices)


class SectionBlock(blocks.StructBlock):
    """One section of the body: a kind, a heading and Markdown text."""

    kind = blocks.ChoiceBlock(
        choices=SECTION_KINDS, default=SectionKind.OTHER.value, label=_("Soort rubriek"),
        help_text=_("Kies de vaste rubriek. Kanalen gebruiken dit om rubrieken te herkennen."),
    )
    heading = blocks.CharBlock(
        required=False, max_length=120, label=_("Titel"),
        help_text=_("Titel boven de rubriek, bv. 'Wat meebrengen?'. Leeg voor een inleiding."),
    )
    text = blocks.TextBlock(
        rows=8, label=_("Tekst"),
        help_text=_("Markdown: lege regel tussen alinea's, '- ' voor opsommingen, '1. ' voor stappen, "
                    "[tekst](https://...) voor links."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Rubriek")
        template = "kennisbank/blocks/section.html"
