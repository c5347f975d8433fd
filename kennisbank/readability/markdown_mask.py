"""Markdown → same-length "masked" text plus block structure.

Contract: ``mask_markdown(text)`` returns ``(masked, blocks)`` where ``len(masked) == len(text)`` and
every character of markup (link targets, images, code, emphasis markers, list and heading markers,
URLs, e-mail addresses, HTML tags) is replaced by a space. Prose characters keep their position, so
any offset found in ``masked`` is valid in ``text``. ``blocks`` is a list of ``(kind, start, end)``
with kind ``paragraph``, ``heading``, ``list_item`` or ``table_row``.
"""

from __future__ import annotations

import re

_INLINE_CODE = re.compile(r"`[^`\n]+`")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?|mailto|tel):[^>\s]+>")
_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][^>\n]*>", re.DOTALL)
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_EMPHASIS = re.compile(r"\*{1,3}|~~|(?<![^\W_])_{1,3}|_{1,3}(?![^\W_])|\\(?=[\\`*_{}\[\]()#+\-.!|])")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HR = re.compile(r"^ {0,3}(?:[-*_=]\s*){3,}$")
_HEADING = re.compile(r"^( {0,3}#{1,6})(?:\s+|$)")
_HEADING_CLOSE = re.compile(r"\s+#+\s*$")
_LIST = re.compile(r"^(\s*(?:[-*+•]|\d{1,3}[.)]|[a-z]\)))\s+")
_QUOTE = re.compile(r"^(\s*>+\s?)+")
_TABLE_SEPARATOR = re.compile(r"^[\s|:\-]+$")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _keep_label(match: re.Match[str]) -> str:
    label = match.group(1)
    return " " + label + " " * (match.end() - match.start() - len(label) - 1)


def _mask_inline(text: str) -> str:
    masked = _LINK_DEF.sub(_blank, text)
    masked = _INLINE_CODE.sub(_blank, masked)
    masked = _IMAGE.sub(_blank, masked)
    masked = _LINK.sub(_keep_label, masked)
    masked = _REF_LINK.sub(_keep_label, masked)
    masked = _AUTOLINK.sub(_blank, masked)
    masked = _HTML.sub(_blank, masked)
    masked = _URL.sub(_blank, masked)
    masked = _EMAIL.sub(_blank, masked)
    return _EMPHASIS.sub(_blank, masked)


def mask_markdown(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """Mask markup in ``text`` and find its blocks (see module docstring)."""
    masked = _mask_inline(text)
    spans: list[tuple[int, int]] = []  # extra ranges to blank (block markers, code blocks)
    blocks: list[tuple[str, int, int]] = []
    current: list | None = None  # [kind, start, end]
    in_fence = ""

    def flush() -> None:
        nonlocal current
        if current is not None:
            blocks.append((current[0], current[1], current[2]))
            current = None

    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        line_start, line_end = offset, offset + len(line)
        offset += len(raw)
        if in_fence:
            spans.append((line_start, line_end))
            if line.strip().startswith(in_fence):
                in_fence = ""
            continue
        fence = _FENCE.match(line)
        if fence:
            flush()
            in_fence = fence.group(1)[:3]
            spans.append((line_start, line_end))
            continue
        content = masked[line_start:line_end]
        if not content.strip():
            flush()
            continue
        if _HR.match(line):
            flush()
            spans.append((line_start, line_end))
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            marker_end = line_start + heading.end()
            spans.append((line_start, marker_end))
            close = _HEADING_CLOSE.search(line)
            end = line_start + close.start() if close and close.start() >= heading.end() else line_end
            spans.append((end, line_end))
            blocks.append(("heading", marker_end, end))
            continue
        if line.lstrip().startswith("|"):
            flush()
            if _TABLE_SEPARATOR.match(line):
                spans.append((line_start, line_end))
            else:
                spans.extend((line_start + i, line_start + i + 1) for i, ch in enumerate(line) if ch == "|")
                blocks.append(("table_row", line_start, line_end))
            continue
        quote = _QUOTE.match(line)
        if quote:
            spans.append((line_start, line_start + quote.end()))
        item = _LIST.match(line[quote.end() :] if quote else line)
        if item:
            flush()
            item_start = line_start + (quote.end() if quote else 0)
            spans.append((item_start, item_start + item.end()))
            current = ["list_item", item_start + item.end(), line_end]
            continue
        if current is None:
            current = ["paragraph", line_start, line_end]
        else:
            current[2] = line_end
    flush()

    if spans:
        chars = list(masked)
        for start, end in spans:
            chars[start:end] = " " * (end - start)
        masked = "".join(chars)
    return masked, blocks
