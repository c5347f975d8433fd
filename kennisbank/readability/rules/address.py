"""Rule ``mixed_address`` (warning): the text addresses the reader with both 'u' (u, uw, uzelf) and
'je' (je, jij, jou, jouw, jezelf). Every occurrence of the less frequent form is reported (on a tie the
je-forms, since the u-form is the default for a municipality), across all sections of a page."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Thresholds
from ..i18n import _
from ..model import Finding, Segment, Token
from . import make_finding

CODE = "mixed_address"
U_FORMS = {"u": "je (of jij)", "uw": "je (of jouw)", "uzelf": "jezelf"}
JE_FORMS = {"je": "u (of uw)", "jij": "u", "jou": "u", "jouw": "uw", "jezelf": "uzelf"}


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    u_hits: list[tuple[Segment, Token]] = []
    je_hits: list[tuple[Segment, Token]] = []
    for segment in segments:
        for sentence in segment.sentences:
            for token in sentence.tokens:
                if token.lower in U_FORMS:
                    u_hits.append((segment, token))
                elif token.lower in JE_FORMS:
                    je_hits.append((segment, token))
    if not u_hits or not je_hits:
        return []
    minority, replacements = (je_hits, JE_FORMS) if len(je_hits) <= len(u_hits) else (u_hits, U_FORMS)
    return [
        make_finding(
            segment,
            CODE,
            "warning",
            _("De tekst spreekt de lezer aan met 'u' en met 'je'."),
            _("Kies één aanspreekvorm: schrijf '{replacement}' in plaats van '{word}'."),
            token.start,
            token.end,
            replacement=replacements[token.lower],
            word=token.text,
        )
        for segment, token in minority
    ]
