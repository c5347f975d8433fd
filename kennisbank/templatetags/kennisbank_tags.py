"""Template filters of the content core."""

from django import template
from django.utils.safestring import SafeString

from ..markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Render editor Markdown safely (raw HTML escaped)."""
    return render_markdown(text)
