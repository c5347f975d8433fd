"""The live readability panel in the page editor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from wagtail.admin.panels import Panel


class ReadabilityPanel(Panel):
    """Shows score, verdict and highlighted findings; updates while the editor types (debounced)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "kennisbank/editorial/readability_panel.html"

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            context["endpoint"] = reverse("kennisbank_readability_check")
            return context

        @property
        def media(self) -> forms.Media:
            return forms.Media(js=["kennisbank/readability_panel.js", "kennisbank/char_count.js"],
                               css={"all": ["kennisbank/readability_panel.css"]})
