"""Rules ``split_verb`` and ``third_person``: two constructions that make a text formal and hard to follow.

``split_verb`` (warning): a form of *dienen* ("moeten" in ambtelijke taal) with its *te* + verb far behind it in
the same sentence ("U dient zich binnen de acht dagen tot de dienst te wenden."). The reader has to keep the
sentence in mind until the end; write *moet* and keep the verbs together. Adjacent "dient te" is left to the
``ambtelijk`` word list ("dienen te" → "moeten").

``third_person`` (warning): the reader is talked about instead of talked to ("de aanvrager", "de
belanghebbende", "betrokkene"). A municipality writes to its citizens in the *u* form.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Thresholds
from ..i18n import _
from ..model import Finding, Segment
from . import make_finding

SPLIT_CODE = "split_verb"
THIRD_CODE = "third_person"
DIENEN = frozenset({"dien", "dient", "dienen", "diende", "dienden"})
#: Words between *dienen* and *te* from which the construction counts as split (1 word: "dient u te").
MIN_GAP = 2
#: Ways of naming the reader in the third person; value: the u-form to use instead.
THIRD_PERSON = {
    "aanvrager": "u", "aanvraagster": "u", "aanvragers": "u", "verzoeker": "u", "verzoekster": "u",
    "verzoekers": "u", "betrokkene": "u", "betrokkenen": "u", "belanghebbende": "u", "belanghebbenden": "u",
    "indiener": "u", "aanvrager(s)": "u",
}


def _split_verbs(segment: Segment) -> list[Finding]:
    findings = []
    for sentence in segment.sentences:
        tokens = [t for t in sentence.tokens if t.kind == "word"]
        for i, token in enumerate(tokens):
            if token.lower not in DIENEN:
                continue
            for j in range(i + 1, len(tokens) - 1):
                if tokens[j].lower == "te":
                    if j - i - 1 >= MIN_GAP:
                        verb = tokens[j + 1]
                        findings.append(make_finding(
                            segment, SPLIT_CODE, "warning",
                            _("Uit elkaar getrokken werkwoord: '{first} … te {verb}'."),
                            _("Schrijf 'moet' en zet de werkwoorden bij elkaar, bijvoorbeeld 'U moet … {verb}' of "
                              "een korte zin: 'Ga binnen acht dagen naar de dienst.'"),
                            token.start, verb.end, first=token.text, verb=verb.text))
                    break
    return findings


def _third_person(segment: Segment) -> list[Finding]:
    findings = []
    for sentence in segment.sentences:
        for token in sentence.tokens:
            if token.kind == "word" and token.lower in THIRD_PERSON:
                findings.append(make_finding(
                    segment, THIRD_CODE, "warning",
                    _("De tekst spreekt over de lezer: '{word}'."),
                    _("Spreek de lezer aan met 'u': schrijf 'u' in plaats van '{word}'."),
                    token.start, token.end, word=token.text))
    return findings


def check(segments: Sequence[Segment], thresholds: Thresholds) -> list[Finding]:
    findings: list[Finding] = []
    for segment in segments:
        findings += _split_verbs(segment)
        findings += _third_person(segment)
    return findings
