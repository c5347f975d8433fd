"""The demo municipality's identity (site settings); idempotent, and it keeps what an editor changed."""

from __future__ import annotations

from wagtail.models import Site

from kennisbank.models import MunicipalityIdentity

DEMO = {"name": "Gemeente Zonnebeek", "address": "Markt 1", "postal_code": "8980", "city": "Zonnebeek",
        "phone": "051 12 34 00", "email": "info@zonnebeek.example.org", "nis_code": "33037",
        # A made-up bestuurseenheid IRI in the shape of the Flemish register (the demo is not a real municipality).
        "administrative_unit": "http://data.lblod.info/id/bestuurseenheden/"
                               "9d2f1f0c3b6a4e8f9d7c5b3a1e0f2d4c6b8a0e2f4d6c8b0a2e4f6d8c0b2a4e6f",
        "facebook": "https://www.facebook.com/zonnebeek.example", "mastodon": "https://mastodon.example.org/@zonnebeek"}


def apply() -> MunicipalityIdentity | None:
    """Fill the default site's identity with the demo values where it is still empty."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    row = MunicipalityIdentity.for_site(site)
    changed = [key for key, value in DEMO.items() if not getattr(row, key)]
    for key in changed:
        setattr(row, key, DEMO[key])
    if changed:
        row.save()
    return row
