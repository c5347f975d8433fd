"""One source for prices: cost lines are rendered on the site, in the console, in phone scripts and in JSON-LD
(``offers``); a price written in free text that no cost line has is flagged when the editor saves."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from kennisbank.editorial.consistency import check
from kennisbank.models import CostLine, ProductAction, ServicePoint, Team
from kennisbank.prices import amounts_in, euro
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reispas(site_structure):
    page = make_item("product", title="Reispas aanvragen", external_id="reispas",
                     short_answer="U vraagt een reispas aan op afspraak.")
    page.body = [("section", {"kind": "cost", "heading": "Kostprijs", "text": "Betalen kan met Bancontact."})]
    page.cost_lines = [CostLine(label="Volwassene", amount=Decimal("75.00")),
                       CostLine(label="Minderjarige", amount=Decimal("45.00"))]
    page.save_revision().publish()
    return page


def test_amounts_are_found_in_dutch_text():
    assert amounts_in("kost 25,30 euro, €\u00a01.250 of €7; 0,20 EUR per kilo; 12 weken") == [
        Decimal("25.30"), Decimal("1250.00"), Decimal("7.00"), Decimal("0.20")]
    assert euro(Decimal("1250.5")) == "€\u00a01.250,50"


def test_the_cost_section_shows_the_cost_lines_once(client, reispas):
    body = client.get(reispas.url).content.decode()
    assert body.count("€\u00a075,00") == 1 and "Volwassene: €\u00a075,00" in body
    section = body[body.index(">Kostprijs</h2>"):]
    assert section.index("Volwassene: €\u00a075,00") < section.index("Betalen kan met Bancontact")
    reispas.cost_lines = [CostLine(label="Volwassene", amount=Decimal("77.00")),
                          CostLine(label="Minderjarige", amount=Decimal("45.00"))]
    reispas.save_revision().publish()
    body = client.get(reispas.url).content.decode()
    assert "€\u00a077,00" in body and "75" not in body.split("<main", 1)[1].split("</main>", 1)[0]


def test_console_item_and_phone_script_list_the_cost_lines(client, reispas):
    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    body = client.get(f"/onthaal/item/{reispas.external_id}/").content.decode()
    assert "Volwassene: €\u00a075,00" in body and "Minderjarige: €\u00a045,00" in body


def test_json_ld_offers_come_from_the_cost_lines(client, reispas):
    body = client.get(reispas.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["offers"] == [
        {"@type": "Offer", "name": "Volwassene", "price": "75.00", "priceCurrency": "EUR"},
        {"@type": "Offer", "name": "Minderjarige", "price": "45.00", "priceCurrency": "EUR"}]


def test_a_price_in_free_text_that_no_cost_line_has_is_flagged(reispas):
    assert check(reispas) == []
    reispas.short_answer = "Een reispas kost 75 euro voor een volwassene en 250 euro met spoed."
    findings = check(reispas)
    assert [f.code for f in findings] == ["price_in_text"] and "€\u00a0250,00" in findings[0].message
    reispas.short_answer = "Met de renovatiepremie krijgt u tot 1.000 euro terug."
    assert check(reispas) == []  # a premium is not a price


def test_a_fiche_that_names_a_price_is_flagged(site_structure):
    fiche = make_item("fiche", title="Oproeping nieuwe eID", short_answer="De kaart kost 25,30 euro.")
    assert [f.code for f in check(fiche)] == ["price_in_text"]


def test_consistency_checks_a_citizen_would_notice(reispas):
    by_appointment = ServicePoint.objects.create(name="Op afspraak", kind="town_hall")
    by_appointment.hours.create(weekday=0, mode="appointment", opens="08:30", closes="12:00")
    without_hours = ServicePoint.objects.create(name="Deelgemeentehuis", kind="district_hall")
    reispas.service_points.set([by_appointment, without_hours])
    reispas.appointment_required = False
    reispas.actions = [ProductAction(kind="book_appointment", url="https://zonnebeek.example.org/afspraak")]
    reispas.owner_team = Team.objects.create(name="Dienst Burgerzaken")
    codes = {f.code for f in check(reispas)}
    assert codes == {"appointment_flag", "booking_link", "point_without_hours", "owner_without_contact"}


def test_the_editor_sees_the_findings_after_saving(client, reispas):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(make_user("redacteur", superuser=True))
    data = {"title": reispas.title, "slug": reispas.slug, "external_id": reispas.external_id,
            "short_answer": "Een reispas kost 80 euro.", "visibility": "public",
            "body": streamfield([]), "related_links": inline_formset([]), "comments": inline_formset([]),
            "cost_lines": inline_formset([{"id": line.pk, "label": line.label, "amount": str(line.amount), "note": ""}
                                          for line in CostLine.objects.filter(page=reispas)], initial=2),
            "keywords": "", "review_interval_months": "", "last_reviewed": "", "phone_questions": "",
            "phone_steps": "", "phone_transfer": "", "phone_notes": "", "readability_override_reason": "",
            "search_description": "", "seo_title": "", "appointment_required": "",
            "actions": inline_formset([])}
    response = client.post(f"/admin/pages/{reispas.pk}/edit/", nested_form_data(data), follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("€\u00a080,00" in m for m in messages), messages
