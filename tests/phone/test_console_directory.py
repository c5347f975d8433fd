"""The console at hand: who to transfer to (available now?), teams from the search box, the team directory,
practical facts above the script, a search box on the item page, recently viewed and favourites."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from kennisbank import directory
from kennisbank.models import CostLine, OpeningHours, ProductAction, ServicePoint, Theme
from tests.factories import make_team

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.fixture
def teams(phone_catalogue):
    owner = phone_catalogue.product.owner_team
    owner.phone_extension = "2101"
    owner.save()
    helpdesk = make_team("Klantendienst", email="klant@example.org")
    helpdesk.phone_extension = "2000"
    helpdesk.save()
    helpdesk.themes.add(Theme.objects.get(name="Burgerzaken"))
    afval = make_team("Dienst Afval", email="afval@example.org")
    return owner, helpdesk, afval


def test_availability_follows_office_hours_holidays_and_absence(teams):
    owner, _helpdesk, _afval = teams
    tuesday = dt.datetime(2026, 12, 1, 10, 0, tzinfo=BRUSSELS)
    assert directory.availability(owner, tuesday).available
    assert not directory.availability(owner, dt.datetime(2026, 12, 1, 17, 0, tzinfo=BRUSSELS)).available
    assert not directory.availability(owner, dt.datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS)).available  # Kerstmis
    owner.away_until, owner.away_note = tuesday + dt.timedelta(hours=2), "in vergadering"
    view = directory.availability(owner, tuesday)
    assert not view.available and "in vergadering" in view.status and "12.00 uur" in view.status


def test_availability_follows_the_hours_of_a_service_point(teams):
    owner, _helpdesk, _afval = teams
    point = ServicePoint.objects.create(name="Loket Burgerzaken", kind="town_hall", address="Markt 1")
    OpeningHours.objects.create(point=point, weekday=1, opens=dt.time(13, 0), closes=dt.time(16, 0))
    owner.hours_from = point
    owner.save()
    assert not directory.availability(owner, dt.datetime(2026, 12, 1, 10, 0, tzinfo=BRUSSELS)).available
    assert directory.availability(owner, dt.datetime(2026, 12, 1, 14, 0, tzinfo=BRUSSELS)).available


def test_transfer_shows_the_owner_first_then_teams_of_the_theme(operator_client, phone_catalogue, teams):
    owner, helpdesk, afval = teams
    options = directory.transfer_options(phone_catalogue.product)
    assert [v.team for v in options] == [owner, helpdesk]
    html = operator_client.get(f"/onthaal/item/{phone_catalogue.product.external_id}/").content.decode()
    assert "Doorverbinden met" in html and "toestel <strong>2101</strong>" in html
    assert f'data-team="{helpdesk.pk}"' in html and f'data-team="{afval.pk}"' not in html


def test_teams_are_found_from_the_search_box_and_listed_in_the_directory(operator_client, phone_catalogue, teams):
    _owner, helpdesk, afval = teams
    results = operator_client.get("/onthaal/zoeken/", {"q": "klantendienst"}).content.decode()
    assert f'data-team="{helpdesk.pk}"' in results and "toestel 2000" in results
    by_theme = operator_client.get("/onthaal/zoeken/", {"q": "burgerzaken"}).content.decode()
    assert f'data-team="{helpdesk.pk}"' in by_theme
    listing = operator_client.get("/onthaal/teams/").content.decode()
    assert all(f'data-team="{t.pk}"' in listing for t in teams) and "Burgerzaken" in listing


def test_practical_facts_come_before_the_phone_script(operator_client, phone_catalogue):
    product = phone_catalogue.product
    CostLine.objects.create(page=product, label="Volwassene", amount="25.30", sort_order=0)
    CostLine.objects.create(page=product, label="Kind onder 12", amount="0", sort_order=1)
    ProductAction.objects.create(page=product, kind="book_appointment", url="https://afspraak.example.org/eid",
                                 sort_order=0)
    type(product).objects.filter(pk=product.pk).update(appointment_required=True)
    html = operator_client.get(f"/onthaal/item/{product.external_id}/").content.decode()
    facts, script = html.index('class="facts"'), html.index('class="phone-script"')
    assert facts < script
    block = html[facts:script]
    assert "Volwassene: € 25,30" in block.replace("\xa0", " ") and "Kind onder 12: gratis" in block
    assert "Ja, eerst een afspraak maken" in block and "https://afspraak.example.org/eid" in block


def test_item_page_has_a_search_box(operator_client, phone_catalogue):
    html = operator_client.get(f"/onthaal/item/{phone_catalogue.product.external_id}/").content.decode()
    assert 'id="item-q"' in html and 'action="/onthaal/"' in html


def test_recently_viewed_and_favourites_on_the_start_page(operator_client, phone_catalogue):
    for item in (phone_catalogue.product, phone_catalogue.internal):
        operator_client.get(f"/onthaal/item/{item.external_id}/")
    start = operator_client.get("/onthaal/").content.decode()
    recent = start[start.index('id="h-recent"'):]
    assert recent.index(phone_catalogue.internal.title) < recent.index(phone_catalogue.product.title)
    operator_client.post(f"/onthaal/item/{phone_catalogue.product.external_id}/favoriet/")
    start = operator_client.get("/onthaal/").content.decode()
    favs = start[start.index('id="h-fav"'):start.index('id="h-recent"')]
    assert phone_catalogue.product.title in favs and phone_catalogue.internal.title not in favs
    operator_client.post(f"/onthaal/item/{phone_catalogue.product.external_id}/favoriet/")
    assert 'id="h-fav"' not in operator_client.get("/onthaal/").content.decode()


def test_favourites_of_an_item_turned_draft_disappear(operator_client, operator, phone_catalogue):
    from channels.phone import workstation

    workstation.toggle_favourite(operator, phone_catalogue.other_theme)
    assert [p.pk for p in workstation.favourites(operator)] == [phone_catalogue.other_theme.pk]
    phone_catalogue.other_theme.unpublish()
    assert workstation.favourites(operator) == []
