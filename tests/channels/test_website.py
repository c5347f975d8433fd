"""The public website: pages, structure, JSON-LD, related items, feedback, search without JavaScript, sitemap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from channels.models import Feedback
from tests.channels.conftest import assert_no_secrets

pytestmark = pytest.mark.django_db


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_home_lists_themes_and_life_events_of_public_items_only(client, catalogue):
    body = html(client, "/")
    assert '<html lang="nl-BE">' in body
    assert 'href="/thema/burgerzaken/"' in body and 'href="/thema/afval/"' in body
    assert 'href="/levensgebeurtenis/verhuizen/"' in body
    assert "Geheimthema" not in body and "Ontwerpthema" not in body  # only used by internal / draft items
    assert_no_secrets(body, "/")


def test_every_page_has_skip_link_landmarks_and_a_labelled_search(client, catalogue):
    for url in ("/", "/producten/", "/vragen/", catalogue.product.url, "/thema/burgerzaken/", "/zoeken/",
                "/toegankelijkheid/"):
        body = html(client, url)
        assert '<a class="skip-link" href="#inhoud">' in body, url
        assert '<main id="inhoud"' in body and "<header" in body and "<footer" in body, url
        assert body.count("<h1") == 1, url
    search = html(client, "/zoeken/")
    assert '<label for="zoekterm">' in search and 'id="zoekterm"' in search
    assert 'role="search"' in search


def test_product_page_short_answer_first_then_practical_info_and_sections(client, catalogue):
    body = html(client, catalogue.product.url)
    short = body.index("U vraagt uw identiteitskaart aan aan de balie")
    assert short < body.index("Praktisch") < body.index("Wat meebrengen?") < body.index("Termijn")
    assert "€\u00a025,30" in body and "Snelbalie Stadhuis" in body
    assert "<li>een pasfoto</li>" in body
    data = json_ld(body)
    assert data["@type"] == "GovernmentService" and data["name"] == "Identiteitskaart aanvragen"
    assert data["url"].endswith(catalogue.product.url)
    assert_no_secrets(body, catalogue.product.url)


def test_fiche_page_has_faq_json_ld(client, catalogue):
    data = json_ld(html(client, catalogue.fiche.url))
    assert data["@type"] == "FAQPage"
    question = data["mainEntity"][0]
    assert question["name"] == "Wat doe ik als mijn identiteitskaart verloren is?"
    assert question["acceptedAnswer"]["text"].startswith("Laat uw kaart meteen blokkeren")


def test_json_ld_cannot_break_out_of_its_script_tag(client, site_structure):
    from tests.factories import make_item

    item = make_item("fiche", title="Vraag </script><script>alert(1)</script>", short_answer="a & b")
    body = html(client, item.url)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert "<" not in block and json.loads(block)["mainEntity"][0]["name"].startswith("Vraag </script>")


def test_related_items_leave_out_internal_and_draft_items(client, catalogue):
    body = html(client, catalogue.product.url)
    assert "Zie ook" in body and catalogue.fiche.url in body
    assert catalogue.internal.title not in body and catalogue.draft.title not in body


def test_internal_and_draft_pages_are_404_even_by_url(client, catalogue):
    for url in (catalogue.internal.url_path.removeprefix("/home"), catalogue.draft.url_path.removeprefix("/home"),
                "/thema/geheimthema/", "/thema/ontwerpthema/", "/thema/bestaat-niet/"):
        body = html(client, url, status=404)
        assert_no_secrets(body, url)


def test_not_found_page_is_dutch_and_offers_search(client, catalogue):
    body = html(client, "/bestaat/niet/", status=404)
    assert '<html lang="nl-BE">' in body and "Deze pagina bestaat niet" in body and 'role="search"' in body


def test_operator_may_open_an_internal_page_on_the_site(client, catalogue, operator_user):
    client.force_login(operator_user)
    body = html(client, catalogue.internal.url_path.removeprefix("/home"))
    assert "GEHEIMINTERNANTWOORD" in body and "Interne fiche" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body and "application/ld+json" not in body


def test_published_page_shows_the_live_version_not_the_newer_draft(client, catalogue):
    body = html(client, catalogue.changed.url)
    assert "De afvalkalender staat online." in body and "WIJZIGINGNIETGEPUBLICEERD" not in body


def test_theme_and_life_event_pages(client, catalogue):
    theme = html(client, "/thema/burgerzaken/")
    assert "Identiteitskaart aanvragen" in theme and "Wat doe ik als mijn identiteitskaart verloren is?" in theme
    assert_no_secrets(theme, "/thema/burgerzaken/")
    event = html(client, "/levensgebeurtenis/verhuizen/")
    assert "Hoe geef ik een verhuis door?" in event and "Identiteitskaart aanvragen" in event
    assert_no_secrets(event, "/levensgebeurtenis/verhuizen/")


def test_feedback_is_stored_through_a_csrf_protected_form_and_thanks_the_reader(catalogue):
    client = Client(enforce_csrf_checks=True)
    page = client.get(catalogue.fiche.url).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page and 'action="/feedback/"' in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post("/feedback/", {"item": "eid-verloren", "helpful": "nee"}).status_code == 403  # no token
    response = client.post("/feedback/", {"csrfmiddlewaretoken": token, "item": "eid-verloren", "helpful": "nee",
                                          "comment": "Het telefoonnummer van DOC STOP ontbreekt."})
    assert response.status_code == 302
    assert response["Location"] == f"{catalogue.fiche.url}?feedback=bedankt#feedback"
    feedback = Feedback.objects.get()
    assert (feedback.item_id, feedback.helpful, feedback.kind, feedback.channel, feedback.handled) == (
        catalogue.fiche.pk, False, "helpful", "website", False)
    assert feedback.comment == "Het telefoonnummer van DOC STOP ontbreekt."
    assert "Bedankt voor uw feedback" in client.get(response["Location"]).content.decode()


def test_feedback_can_name_the_section(client, catalogue):
    page = client.get(catalogue.product.url).content.decode()
    assert '<option value="Termijn">Termijn</option>' in page
    client.post("/feedback/", {"item": "eid-aanvragen", "helpful": "ja", "section": "Termijn"})
    assert Feedback.objects.get().section == "Termijn"


def test_feedback_needs_an_answer_and_a_public_item(client, catalogue):
    missing = client.post("/feedback/", {"item": "eid-verloren"})
    assert missing.status_code == 400 and "Kies" in missing.content.decode()
    for external_id in ("intern-geheim-xq", "ontwerp-geheim-xq", "bestaat-niet"):
        assert client.post("/feedback/", {"item": external_id, "helpful": "ja"}).status_code == 404
    assert client.get("/feedback/").status_code == 405
    assert not Feedback.objects.exists()


def test_search_page_works_without_javascript(client, catalogue):
    body = html(client, "/zoeken/?q=identiteitskaart")
    assert "2 resultaten" in body and "<em>Identiteitskaart</em> aanvragen" in body
    assert 'data-live-search="/zoeken/resultaten/"' in body and "search.js" in body
    fiches = html(client, "/zoeken/?q=identiteitskaart&type=fiche")
    assert "1 resultaat" in fiches and "Identiteitskaart aanvragen" not in fiches.split("zoekresultaten")[1]
    partial = html(client, "/zoeken/resultaten/?q=identi")
    assert "<html" not in partial and 'data-status="2 resultaten"' in partial
    nothing = html(client, "/zoeken/?q=pincode")
    assert "We vonden niets" in nothing
    assert_no_secrets(nothing, "/zoeken/?q=pincode")


def test_sitemap_lists_public_pages_only(client, catalogue):
    body = html(client, "/sitemap.xml")
    assert catalogue.product.url in body and catalogue.fiche.url in body and "/thema/burgerzaken/" in body
    assert catalogue.internal.slug not in body and catalogue.draft.slug not in body
    assert "/thema/geheimthema/" not in body


def test_stylesheet_has_print_and_focus_styles(client, db):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("website/site.css")).read_text(encoding="utf-8")
    assert "@media print" in css and ":focus-visible" in css and ".skip-link:focus" in css
    assert "http://" not in css and "https://" not in css  # no external assets
