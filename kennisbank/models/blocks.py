"""StreamField blocks for the structured body of products and fiches."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

#: Section kinds with their standard Dutch heading. ``intro`` has no heading; ``overig`` keeps a free heading.
SECTION_KINDS: list[tuple[str, str]] = [
    ("intro", _("Inleiding")),
    ("wat_is_het", _("Wat is het?")),
    ("voor_wie", _("Voor wie?")),
    ("hoe_aanvragen", _("Hoe aanvragen?")),
    ("wat_meebrengen", _("Wat meebrengen?")),
    ("kostprijs", _("Kostprijs")),
    ("termijn", _("Termijn")),
    ("uitzonderingen", _("Uitzonderingen")),
    ("overig", _("Andere rubriek")),
]


class SectionBlock(blocks.StructBlock):
    """One section of the body: a kind, a heading and Markdown text."""

    kind = blocks.ChoiceBlock(
        choices=SECTION_KINDS, default="overig", label=_("Soort rubriek"),
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
