"""Who the municipality is, for every channel: the one accessor of :class:`~kennisbank.models.MunicipalityIdentity`.

Contract: :func:`identity` returns an :class:`Identity` for the default Wagtail site (or ``site``); an empty name
falls back to the Site's name and then to ``WAGTAIL_SITE_NAME``, so a fresh installation still names itself.
:func:`base_url` is the public root URL (``KENNISBANK_BASE_URL``, else the default Site's root URL).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Site

from .conf import kennisbank_settings
from .models import MunicipalityIdentity

SOCIAL_FIELDS = ("facebook", "instagram", "linkedin", "mastodon", "bluesky", "youtube")


@dataclass(frozen=True)
class Identity:
    name: str
    address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    logo_url: str = ""
    nis_code: str = ""
    kbo_number: str = ""
    administrative_unit: str = ""
    social: tuple[tuple[str, str], ...] = ()

    @property
    def full_address(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.address, town) if p)

    @property
    def same_as(self) -> list[str]:
        return [url for _network, url in self.social]


def _site(site: Site | None) -> Site | None:
    return site or Site.objects.filter(is_default_site=True).select_related("root_page").first()


def identity(site: Site | None = None) -> Identity:
    """The municipality behind ``site`` (default: the default site); see the module docstring."""
    site = _site(site)
    fallback = (site.site_name if site is not None else "") or settings.WAGTAIL_SITE_NAME
    if site is None:
        return Identity(name=fallback)
    row = MunicipalityIdentity.for_site(site)
    logo_url = ""
    if row.logo_id:
        rendition = row.logo.get_rendition("max-400x200")
        logo_url = f"{base_url(site)}{rendition.url}" if rendition.url.startswith("/") else rendition.url
    return Identity(
        name=row.name or fallback, address=row.address, postal_code=row.postal_code, city=row.city,
        phone=row.phone, email=row.email, logo_url=logo_url, nis_code=row.nis_code, kbo_number=row.kbo_number,
        administrative_unit=row.administrative_unit,
        social=tuple((name, getattr(row, name)) for name in SOCIAL_FIELDS if getattr(row, name)),
    )


def base_url(site: Site | None = None) -> str:
    """The public root URL without a trailing slash: ``KENNISBANK_BASE_URL`` or the default Site's root URL."""
    configured = kennisbank_settings.BASE_URL
    if configured:
        return configured.rstrip("/")
    site = _site(site)
    return site.root_url.rstrip("/") if site is not None else ""
