"""Editor panel of a social post: when its source changed, a link to compare and regenerate."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.admin.panels import Panel


class CompareWithSourcePanel(Panel):
    """Shows "Vergelijk met de bron" for a saved post that is paused or whose texts predate the source."""

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self) -> bool:
            from .models import PostStatus
            from .sources import fingerprint, public_source

            post = self.instance
            if post is None or not post.pk:
                return False
            if post.status == PostStatus.PAUSED:
                return True
            page = public_source(post)
            basis = post.texts_fingerprint or post.approved_fingerprint
            return bool(page is not None and basis and basis != fingerprint(page))

        def render_html(self, parent_context: Any = None) -> SafeString:
            url = reverse("kb_social_compare", args=[self.instance.pk])
            return format_html(
                '<p class="help-block help-warning" data-compare-with-source>{} <a class="button button-small" '
                'href="{}">{}</a></p>',
                _("De bron is gewijzigd sinds deze teksten gemaakt zijn."), url, _("Vergelijk met de bron"))


class ComposerPanel(Panel):
    """Loads the live counter and network preview for every variant text of the post (``social/composer.js``)."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context: Any = None) -> SafeString:
            return format_html('<div hidden data-kb-social-composer data-endpoint="{}"></div>',
                               reverse("kb_social_count"))

        @property
        def media(self) -> Any:
            from django import forms

            return forms.Media(js=["social/composer.js"], css={"all": ["social/calendar.css"]})
