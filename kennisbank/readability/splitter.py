"""Dutch sentence splitter and tokenizer working on masked Markdown (offsets stay valid).

Contract:
- ``parse_segment(text, section, field)`` → ``Segment`` with blocks, sentences and tokens whose offsets
  index into ``text``.
- ``split_sentences(text)`` → the sentence/heading/list-item strings of a Markdown text (for tests and
  debugging).

Splitting rules inside a block (a paragraph or list item; a heading or table row is one unit):
- ``!`` and ``?`` end a sentence when followed by white space or the end of the block, unless the
  next word starts with a lower-case letter (``(waarom?) niet``).
- ``.`` ends a sentence only when followed by white space or the end of the block (so ``12.30``,
  ``1.1.2026``, ``gent.be`` never split) and the word before it is not an abbreviation that never ends
  a sentence (bv., o.a., nr., art., dhr., mevr., …) and the next word does not start with a lower-case
  letter. Abbreviations that can end a sentence (enz., etc., e.d.) and dotted abbreviations
  (d.w.z., a.u.b.) end one only when a capital follows. A single capital before the dot is an initial
  ("J. Peeters") and never ends a sentence.
- An ellipsis (``...`` or ``…``) ends a sentence only when a capital follows or the block ends.
"""

from __future__ import annotations

import re

from .markdown_mask import mask_markdown
from .model import Block, Segment, Sentence, Token

# Abbreviations after which a sentence (practically) never ends: they precede what they introduce.
NEVER_FINAL = frozenset(
    [
        "bv",
        "bijv",
        "vb",
        "o.a",
        "o.m",
        "d.w.z",
        "m.a.w",
        "i.p.v",
        "t.o.v",
        "m.b.t",
        "t.a.v",
        "t.e.m",
        "i.s.m",
        "nr",
        "art",
        "dhr",
        "mevr",
        "mr",
        "dr",
        "prof",
        "ir",
        "ing",
        "lic",
        "st",
        "blz",
        "p",
        "pag",
        "tel",
        "fax",
        "ca",
        "zgn",
        "evt",
        "resp",
        "incl",
        "excl",
        "min",
        "max",
        "vgl",
        "cf",
        "z.o.z",
    ]
)
# Abbreviations that may end a sentence; they do so when a capital follows.
MAYBE_FINAL = frozenset(["enz", "etc", "e.d", "e.a", "e.v", "usw"])

_TERMINATOR = re.compile(r"[.!?…]+")
_CLOSERS = "\"'”’»)]"
_PREVIOUS_WORD = re.compile(r"[^\s(\[\"'“‘«]+$")
_DOTTED = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")

TOKEN_RE = re.compile(
    r"(?P<abbr>(?:[^\W\d_]{1,4}\.){2,})"
    r"|(?P<number>\d+(?:[.,:/]\d+)*(?:[uh]\d*)?(?:ste|de|e)?(?![^\W_]))"
    r"|(?P<word>[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*)"
)


def _is_boundary(masked: str, pos: int, run_end: int, block_end: int) -> tuple[bool, int]:
    """Decide whether the terminator run ``masked[pos:run_end]`` ends a sentence.

    Returns (is_boundary, end offset of the sentence including closing quotes/brackets).
    """
    end = run_end
    while end < block_end and masked[end] in _CLOSERS:
        end += 1
    if end < block_end and not masked[end].isspace():
        return False, end
    nxt = end
    while nxt < block_end and masked[nxt].isspace():
        nxt += 1
    at_block_end = nxt >= block_end
    next_char = "" if at_block_end else masked[nxt]
    run = masked[pos:run_end]
    if at_block_end:
        return True, end
    if "!" in run or "?" in run:
        return not next_char.islower(), end  # "(waarom?) niet" continues
    if run in ("...", "…") or len(run) > 1:
        return next_char.isupper(), end
    word_match = _PREVIOUS_WORD.search(masked, max(0, pos - 40), pos)
    word = word_match.group(0) if word_match else ""
    lowered = word.lower()
    if lowered in NEVER_FINAL:
        return False, end
    if len(word) == 1 and word.isupper():
        return False, end  # initial
    if lowered in MAYBE_FINAL or _DOTTED.match(lowered):
        return next_char.isupper(), end
    if next_char.islower():
        return False, end
    return True, end


def _tokens(source: str, masked: str, start: int, end: int) -> tuple[Token, ...]:
    out = []
    for match in TOKEN_RE.finditer(masked, start, end):
        s, e = match.span()
        text = source[s:e]
        out.append(Token(s, e, text, text.lower(), match.lastgroup or "word"))
    return tuple(out)


def _trimmed(masked: str, start: int, end: int) -> tuple[int, int]:
    while start < end and masked[start].isspace():
        start += 1
    while end > start and masked[end - 1].isspace():
        end -= 1
    return start, end


def _split_block(source: str, masked: str, kind: str, start: int, end: int) -> tuple[Sentence, ...]:
    if kind in ("heading", "table_row"):
        s, e = _trimmed(masked, start, end)
        return (Sentence(s, e, kind, _tokens(source, masked, s, e)),) if s < e else ()
    unit_kind = "list_item" if kind == "list_item" else "sentence"
    sentences = []
    sentence_start = start
    for match in _TERMINATOR.finditer(masked, start, end):
        boundary, sentence_end = _is_boundary(masked, match.start(), match.end(), end)
        if boundary and sentence_end > sentence_start:
            s, e = _trimmed(masked, sentence_start, sentence_end)
            if s < e:
                sentences.append(Sentence(s, e, unit_kind, _tokens(source, masked, s, e)))
            sentence_start = sentence_end
    s, e = _trimmed(masked, sentence_start, end)
    if s < e:
        tokens = _tokens(source, masked, s, e)
        if tokens or not sentences:
            sentences.append(Sentence(s, e, unit_kind, tokens))
    return tuple(sentences)


def parse_segment(text: str, section: int | None = None, field: str = "text") -> Segment:
    """Parse Markdown ``text`` into a Segment (a section heading is parsed as one heading block)."""
    masked, raw_blocks = mask_markdown(text)
    if field == "heading":
        raw_blocks = [("heading", 0, len(text))] if text.strip() else []
    blocks = []
    for kind, start, end in raw_blocks:
        sentences = _split_block(text, masked, kind, start, end)
        if sentences:
            b_start, b_end = _trimmed(masked, start, end)
            blocks.append(Block(kind, b_start, b_end, sentences))
    return Segment(text, masked, section, field, tuple(blocks))


def split_sentences(text: str) -> list[str]:
    """Sentence, list-item and heading strings of ``text`` in order (original characters)."""
    return [text[s.start : s.end] for s in parse_segment(text).sentences]
