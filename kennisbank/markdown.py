"""Safe Markdown rendering for section texts.

Editors write section texts in Markdown (the exchange format's body). Raw HTML is never passed through: it is
escaped. Links keep only http(s), mailto, tel, site-relative and fragment targets; images only http(s) and
site-relative sources (a ``javascript:`` or ``data:`` source is dropped with the image).
"""

from __future__ import annotations

import re
import threading

import markdown as _markdown
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

_ALLOWED_LINK = re.compile(r'href="(?!https?:|mailto:|tel:|/|#)[^"]*"', re.IGNORECASE)

_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SAFE_SRC = re.compile(r'\ssrc="(?:https?:|/(?!/))[^"]*"', re.IGNORECASE)

_local = threading.local()


def _renderer() -> _markdown.Markdown:
    """A per-thread Markdown instance (they are not thread-safe), reset before each use."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _markdown.Markdown(extensions=["sane_lists"], output_format="html")
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _local.md = md
    return md.reset()


def render_markdown(text: str) -> SafeString:
    """Render editor Markdown to HTML with raw HTML escaped and unsafe link schemes removed."""
    html = _renderer().convert(text or "")
    html = _ALLOWED_LINK.sub('href="#"', html)
    html = _IMAGE.sub(lambda m: m.group(0) if _SAFE_SRC.search(m.group(0)) else "", html)
    return mark_safe(html)  # noqa: S308  (raw HTML was escaped by the renderer above)


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown snippet (for search, snippets and readability)."""
    return re.sub(r"\s+\n", "\n", strip_tags(_renderer().convert(text or ""))).strip()
