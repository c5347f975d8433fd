"""Idempotent creation of the page tree every installation needs.

Root → HomePage (site root) → ProductIndexPage ("producten") and FicheIndexPage ("vragen").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .conf import kennisbank_settings
from .models import Audience, FicheIndexPage, HomePage, ProductIndexPage
from .vocabulary import AudienceCode


@dataclass(frozen=True)
class SiteStructure:
    home: HomePage
    products: ProductIndexPage
    fiches: FicheIndexPage


def ensure_audiences() -> None:
    """Create the fixed audience rows (:class:`~kennisbank.vocabulary.AudienceCode`) if missing."""
    for code, label in AudienceCode.choices:
        Audience.objects.get_or_create(code=code, defaults={"label": str(label)})


def site_address() -> tuple[str, int]:
    """(hostname, port) of ``KENNISBANK_BASE_URL`` (443 for https, 80 for http by default); ("", 0) when unset."""
    base = kennisbank_settings.BASE_URL
    if not base:
        return "", 0
    parts = urlsplit(base)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


@transaction.atomic
def ensure_site_structure() -> SiteStructure:
    """Return the home and index pages, creating the tree (and default Site) where missing; the default Site's
    hostname and port follow ``KENNISBANK_BASE_URL`` when it is set (so no absolute link says ``localhost``)."""
    ensure_audiences()
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migration creates a placeholder welcome page; replace it as the site root.
        for page in root.get_children().exact_type(Page):
            page.delete()
        home = root.add_child(instance=HomePage(
            title=settings.WAGTAIL_SITE_NAME, slug="home",
            intro="Vind snel een antwoord op uw vraag aan de gemeente.",
        ))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, root_page=home, is_default_site=True,
                    site_name=settings.WAGTAIL_SITE_NAME)
    site.root_page = home
    host, port = site_address()
    if host:
        site.hostname, site.port = host, port
    site.save()
    products = ProductIndexPage.objects.first() or home.add_child(
        instance=ProductIndexPage(title="Producten", slug="producten",
                                  intro="Alles wat u bij de gemeente kunt aanvragen."))
    fiches = FicheIndexPage.objects.first() or home.add_child(
        instance=FicheIndexPage(title="Vragen en antwoorden", slug="vragen",
                                intro="Antwoorden op vragen die burgers vaak stellen."))
    return SiteStructure(home=home.specific, products=products.specific, fiches=fiches.specific)


def apply_site_address(**_kwargs: object) -> None:
    """Point the default Site at ``KENNISBANK_BASE_URL`` (run after every ``migrate``; nothing when it is unset)."""
    host, port = site_address()
    if host:
        Site.objects.filter(is_default_site=True).exclude(hostname=host, port=port).update(hostname=host, port=port)
