"""The municipality's identity (site settings) and ``KENNISBANK_BASE_URL`` in every output that names or links it."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Site

from channels.demo import identity as demo_identity
from kennisbank.identity import identity
from kennisbank.models import MunicipalityIdentity
from kennisbank.site_structure import apply_site_address, ensure_site_structure
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def zonnebeek(site_structure):
    demo_identity.apply()
    row = MunicipalityIdentity.for_site(Site.objects.get(is_default_site=True))
    row.kbo_number = "0207.451.228"
    row.save()
    return row


def test_without_settings_the_site_name_is_used(site_structure, settings):
    assert identity().name == settings.WAGTAIL_SITE_NAME


def test_footer_and_contact_page_show_the_municipality(client, zonnebeek):
    body = client.get("/").content.decode()
    footer = body[body.index('class="site-footer"'):]
    assert "Gemeente Zonnebeek" in footer and "Markt 1, 8980 Zonnebeek" in footer
    assert 'href="tel:051123400"' in footer and "info@zonnebeek.example.org" in footer
    assert 'href="https://mastodon.example.org/@zonnebeek" rel="me"' in footer
    contact = client.get("/contact/").content.decode()
    assert "Ondernemingsnummer: 0207.451.228" in contact


def test_json_ld_names_the_municipality_with_its_identifiers(client, zonnebeek):
    product = make_item("product", title="Reispas aanvragen", external_id="reispas",
                        short_answer="U vraagt een reispas aan op afspraak.")
    body = client.get(product.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    provider = data["provider"]
    assert provider["name"] == "Gemeente Zonnebeek" and provider["telephone"] == "051 12 34 00"
    assert {"@type": "PropertyValue", "propertyID": "NIS", "value": "33037"} in provider["identifier"]
    assert {"@type": "PropertyValue", "propertyID": "KBO", "value": "0207.451.228"} in provider["identifier"]
    assert "https://www.facebook.com/zonnebeek.example" in provider["sameAs"]
    assert data["areaServed"]["name"] == "Zonnebeek"


def test_the_base_url_moves_the_site_and_every_absolute_link(client, site_structure, settings):
    settings.KENNISBANK_BASE_URL = "https://www.zonnebeek.example.org"
    settings.ALLOWED_HOSTS = ["www.zonnebeek.example.org", "testserver"]
    ensure_site_structure()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("www.zonnebeek.example.org", 443,
                                                         "https://www.zonnebeek.example.org")
    product = make_item("product", title="Reispas aanvragen", external_id="reispas",
                        short_answer="U vraagt een reispas aan op afspraak.")
    api = client.get("/api/v1/items/reispas/").json()
    assert api["url"] == "https://www.zonnebeek.example.org/producten/reispas-aanvragen/"
    sitemap = client.get("/sitemap.xml")
    tree = ET.fromstring(sitemap.content)  # noqa: S314 - our own sitemap
    locs = [el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://www.zonnebeek.example.org/") for loc in locs), locs
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://www.zonnebeek.example.org/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode() and "localhost" not in robots.content.decode()
    assert product.get_full_url() == "https://www.zonnebeek.example.org/producten/reispas-aanvragen/"


def test_migrate_applies_the_base_url_to_an_existing_site(site_structure, settings):
    settings.KENNISBANK_BASE_URL = "http://127.0.0.1:8000"
    apply_site_address()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


def test_a_base_url_with_a_path_is_refused_at_start_up(settings):
    from django.core.exceptions import ImproperlyConfigured

    from kennisbank.conf import kennisbank_settings

    settings.KENNISBANK_BASE_URL = "https://www.zonnebeek.example.org/kennisbank"
    with pytest.raises(ImproperlyConfigured, match="BASE_URL"):
        kennisbank_settings.check()
