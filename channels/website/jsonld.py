"""schema.org structured data: GovernmentService for products, FAQPage for kennisfiches."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from kennisbank.markdown import markdown_to_text
from kennisbank.models import ContentPage
from kennisbank.vocabulary import ItemType

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def structured_data(page: ContentPage, request: HttpRequest | None = None) -> dict[str, Any]:
    """The JSON-LD object for a product or fiche (public fields only)."""
    url = page.get_full_url(request) or ""
    provider = {"@type": "GovernmentOrganization", "name": settings.WAGTAIL_SITE_NAME}
    if page.item_type == ItemType.PRODUCT:
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "GovernmentService", "name": page.title,
            "description": page.short_answer, "url": url, "provider": provider, "serviceOperator": provider,
            "areaServed": {"@type": "AdministrativeArea", "name": settings.WAGTAIL_SITE_NAME},
            "availableChannel": {"@type": "ServiceChannel", "serviceUrl": page.online_url or url,
                                 "availableLanguage": "nl"},
        }
        themes = [t.name for t in page.themes.all()]
        if themes:
            data["category"] = themes
        return data
    answer = " ".join([page.short_answer, markdown_to_text("\n\n".join(s["text"] for s in page.sections()))]).strip()
    return {
        "@context": "https://schema.org", "@type": "FAQPage", "url": url,
        "mainEntity": [{"@type": "Question", "name": page.title,
                        "acceptedAnswer": {"@type": "Answer", "text": answer}}],
    }


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&`` are escaped."""
    payload = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above
