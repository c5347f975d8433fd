"""The editors' feedback inbox (/admin/inzicht/feedback/): comments per page, filters, mark handled, CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from channels.models import Feedback
from tests.factories import make_item, make_team, make_user

pytestmark = pytest.mark.django_db
URL = "/admin/inzicht/feedback/"


@pytest.fixture
def comments(site_structure):
    burgerzaken, afval = make_team("Dienst Burgerzaken"), make_team("Dienst Afval", email="afval@example.org")
    eid = make_item("product", title="Identiteitskaart aanvragen", themes=["Burgerzaken"], owner=burgerzaken)
    bak = make_item("fiche", title="Wanneer wordt de gft-bak opgehaald?", themes=["Afval"], owner=afval)
    return {
        "eid": Feedback.objects.create(item=eid, helpful=False, section="Kostprijs",
                                       comment="De prijs voor kinderen ontbreekt."),
        "bak": Feedback.objects.create(item=bak, helpful=False, comment="Welke dag in mijn straat?"),
        "old": Feedback.objects.create(item=bak, helpful=True, comment="Duidelijk, dank u.", handled=True),
        "no_comment": Feedback.objects.create(item=eid, helpful=True),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _editor():
    return make_user("redacteur", groups=["Editors"], staff=True, perms=["wagtailadmin.access_admin"])


def test_editors_see_open_comments_with_a_link_to_edit_the_page(comments):
    html = _client(_editor()).get(URL).content.decode()
    assert "De prijs voor kinderen ontbreekt." in html and "Welke dag in mijn straat?" in html
    assert "Duidelijk, dank u." not in html, "handled comments are hidden by default"
    assert f"/admin/pages/{comments['eid'].item_id}/edit/" in html
    assert "Kostprijs" in html and "Dienst Burgerzaken" in html


def test_filters_by_theme_owner_and_handled(comments):
    client = _client(_editor())
    by_theme = client.get(URL, {"theme": "afval"}).content.decode()
    assert "Welke dag in mijn straat?" in by_theme and "De prijs voor kinderen" not in by_theme
    team = comments["eid"].item.owner_team
    by_team = client.get(URL, {"team": team.pk}).content.decode()
    assert "De prijs voor kinderen" in by_team and "Welke dag" not in by_team
    handled = client.get(URL, {"handled": "handled"}).content.decode()
    assert "Duidelijk, dank u." in handled and "Welke dag" not in handled
    everything = client.get(URL, {"handled": "all"}).content.decode()
    assert all(text in everything for text in ("Duidelijk", "Welke dag", "De prijs"))


def test_marking_handled_moves_a_comment_out_of_the_open_list_and_back(comments):
    client = _client(_editor())
    response = client.post(f"{URL}?theme=afval", {"feedback": [comments["bak"].pk], "action": "handle"})
    assert response.status_code == 302 and response["Location"].endswith("?theme=afval")
    comments["bak"].refresh_from_db()
    assert comments["bak"].handled
    assert "Welke dag in mijn straat?" not in client.get(URL).content.decode()
    client.post(URL, {"feedback": [comments["bak"].pk], "action": "reopen"})
    comments["bak"].refresh_from_db()
    assert not comments["bak"].handled


def test_csv_export_follows_the_filter(comments):
    response = _client(_editor()).get(URL, {"handled": "all", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Ontvangen op" and "Opmerking" in rows[0]
    comments_col = rows[0].index("Opmerking")
    assert sorted(r[comments_col] for r in rows[1:]) == sorted(
        ["De prijs voor kinderen ontbreekt.", "Welke dag in mijn straat?", "Duidelijk, dank u."])


def test_operators_and_visitors_cannot_open_the_inbox(comments):
    operator = make_user("onthaal", groups=["Operators"], staff=False)
    assert _client(operator).get(URL).status_code in (302, 403)
    assert Client().get(URL).status_code == 302
    social = make_user("social", groups=["Socialemediateam"], staff=True)
    refused = _client(social).get(URL)
    assert refused.status_code == 302 and refused["Location"] == "/admin/", "Wagtail's permission-denied redirect"
    assert _client(social).post(URL, {"feedback": [comments["bak"].pk]}).status_code == 302
    comments["bak"].refresh_from_db()
    assert not comments["bak"].handled
