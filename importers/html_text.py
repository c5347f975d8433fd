"""Rich text of IPDC/LPDC (HTML from the LPDC editor) → Markdown for a section's text.

Contract: :func:`html_to_markdown` turns the small HTML subset the LPDC editor produces (``p``, ``br``, ``ul``/``ol``
/``li``, ``a href``, ``strong``/``b``, ``em``/``i``, ``h1``–``h6``, ``div``/``span``) into Markdown: paragraphs
separated by a blank line, ``- `` and ``1. `` list items, ``[text](url)`` links (http, https and mailto only),
``**bold**``, ``*italic*``; headings become a bold line (a ``#`` heading would split the item's body on export).
Other tags are dropped, their text kept; scripts and styles are dropped entirely. Text without any tag is taken
as Markdown already. Lines starting with ``#`` are escaped for the same reason. Output is deterministic and
stripped; whitespace inside a paragraph is collapsed.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table", "tr"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lists: list[list] = []  # [kind, counter]
        self.prefix = ""
        self.skip = 0
        self.href: str | None = None
        self.link_text: list[str] = []

    # --- helpers ----------------------------------------------------------------------------------------------
    def _emit(self, text: str) -> None:
        if self.href is not None:
            self.link_text.append(text)
        else:
            self.current.append(text)

    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.current))
        lines = [line.strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        self.current = []
        if text:
            if self.prefix:
                indent = " " * len(self.prefix)
                text = self.prefix + text.replace("\n", "\n" + indent)
                self.prefix = ""
            self.blocks.append(text)

    # --- parser callbacks -------------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            kind = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] = int(kind[1]) + 1  # type: ignore[arg-type]
            depth = "   " * max(len(self.lists) - 1, 0)
            self.prefix = depth + (f"{kind[1]}. " if kind[0] == "ol" else "- ")
        elif tag == "br":
            self._emit("\n")
        elif tag in ("strong", "b"):
            self._emit("**")
        elif tag in ("em", "i"):
            self._emit("*")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._emit("**")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.strip().lower().startswith(_SAFE_SCHEMES):
                self.href = href.strip()
                self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)
            return
        if tag in ("strong", "b"):
            self._emit("**")
        elif tag in ("em", "i"):
            self._emit("*")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._emit("**")
        elif tag == "a" and self.href is not None:
            href, text = self.href, "".join(self.link_text).strip() or self.href
            self.href = None
            self._emit(f"[{text}]({href})")
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._emit(data.replace("\n", " "))

    def result(self) -> str:
        if self.href is not None:
            self.handle_endtag("a")
        self._flush()
        out: list[str] = []
        for block in self.blocks:
            is_item = bool(re.match(r"^\s*(?:- |\d+\. )", block))
            prev_item = bool(out) and bool(re.match(r"^\s*(?:- |\d+\. )", out[-1]))
            out.append(("\n" if is_item and prev_item else "\n\n") + block if out else block)
        return "".join(out)


def _escape_headings(text: str) -> str:
    return re.sub(r"(?m)^(\s{0,3})#", r"\1\\#", text)


def html_to_markdown(text: str) -> str:
    """Markdown for an HTML (or already plain/Markdown) text; see the module docstring."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not _TAG_RE.search(text):
        return _escape_headings(unescape(text).strip())
    converter = _Converter()
    converter.feed(text)
    converter.close()
    return _escape_headings(converter.result().strip())
