"""Readability in the editor: live endpoint, publish policy with moderator override, editor API, reports."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from kennisbank.models import FichePage, ReadabilityOverride
from tests.factories import make_item, make_team, make_user

pytestmark = pytest.mark.django_db

HARD = ("Teneinde de aanvraag tot het bekomen van een omgevingsvergunning in behandeling te kunnen nemen, dienen "
        "de aanvragers middels het daartoe bestemde aanvraagformulier, ondertekend door alle betrokken eigenaars, de "
        "vereiste bewijsstukken in te dienen bij de bevoegde gemeentelijke administratieve diensten. De aanvraag wordt "
        "door de bevoegde dienst onderzocht en wordt vervolgens door het college beoordeeld.")
PLAIN = "U vraagt de vergunning aan met het formulier. De dienst bekijkt uw aanvraag."


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _check(client: Client, short_answer: str, sections: list[dict]):
    return client.post("/admin/kennisbank/leesbaarheid/check/", json.dumps(
        {"short_answer": short_answer, "sections": sections}), content_type="application/json")


def test_live_check_endpoint_reports_findings_with_offsets_into_the_right_field(site_structure):
    client = _login(make_user("redacteur", groups=["Editors"], staff=True))
    response = _check(client, "Kort en duidelijk.", [{"heading": "Aanvragen", "text": HARD}])
    assert response.status_code == 200
    report = response.json()["report"]
    assert report["verdict"] == "hard"
    assert response.json()["blocks_publish"] is True
    passive = [f for f in report["findings"] if f["code"] == "passive"]
    assert passive and passive[0]["section"] == 1  # section 0 is the short answer
    assert HARD[passive[0]["start"]:passive[0]["end"]] == passive[0]["text"]
    plain = _check(client, PLAIN, []).json()
    assert plain["report"]["verdict"] == "ok" and plain["blocks_publish"] is False


def test_live_check_endpoint_is_admin_only_and_rejects_bad_input(site_structure):
    assert _check(Client(), "x", []).status_code in (302, 403)
    client = _login(make_user("operator", perms=["kennisbank.view_internal"]))
    assert _check(client, "x", []).status_code in (302, 403)
    admin = _login(make_user("admin", staff=True, superuser=True))
    bad = admin.post("/admin/kennisbank/leesbaarheid/check/", "{not json", content_type="application/json")
    assert bad.status_code == 400
    wrong_type = _check(admin, "x", "geen lijst")
    assert wrong_type.status_code == 400


def _publish_post(client: Client, parent_pk: int, title: str, text: str, **extra):
    data = {
        "title": title, "slug": title.lower().replace(" ", "-"), "short_answer": "Een kort antwoord.",
        "body-count": "1", "body-0-type": "section", "body-0-deleted": "", "body-0-order": "0", "body-0-id": "",
        "body-0-value-kind": "other", "body-0-value-heading": "Uitleg", "body-0-value-text": text,
        "visibility": "public", "keywords": "", "owner_team": str(make_team("Redactie").pk),
        "review_interval_months": "12",
        "related_links-TOTAL_FORMS": "0", "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0", "related_links-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish", **extra,
    }
    return client.post(f"/admin/pages/add/kennisbank/fichepage/{parent_pk}/", data)


def test_hard_text_cannot_be_published_by_an_editor_without_override(site_structure):
    editor = make_user("hoofdredacteur", groups=["Editors", "Moderators"], staff=True)
    editor.groups.remove(*editor.groups.filter(name="Moderators"))  # publish rights without override
    admin_like = make_user("publisher", staff=True, perms=["wagtailadmin.access_admin"])
    for client in (_login(admin_like),):
        response = _publish_post(client, site_structure.fiches.pk, "Moeilijke fiche", HARD)
        assert response.status_code in (200, 302, 403)
    assert not FichePage.objects.filter(slug="moeilijke-fiche", live=True).exists()


def test_moderator_must_give_a_reason_and_the_reason_is_stored(site_structure):
    moderator = _login(make_user("moderator", groups=["Moderators"], staff=True))
    blocked = _publish_post(moderator, site_structure.fiches.pk, "Moeilijke fiche", HARD)
    assert blocked.status_code == 200
    assert "te moeilijk" in blocked.content.decode()
    assert not FichePage.objects.filter(slug="moeilijke-fiche").exists()
    allowed = _publish_post(moderator, site_structure.fiches.pk, "Moeilijke fiche", HARD,
                            readability_override_reason="Juridische tekst die letterlijk moet blijven.")
    assert allowed.status_code == 302
    page = FichePage.objects.get(slug="moeilijke-fiche")
    assert page.live
    override = ReadabilityOverride.objects.get(page=page)
    assert override.reason == "Juridische tekst die letterlijk moet blijven."
    assert override.verdict == "hard" and override.user.username == "moderator"
    assert override.revision_id == page.latest_revision_id


def test_plain_text_publishes_without_reason(site_structure):
    moderator = _login(make_user("moderator", groups=["Moderators"], staff=True))
    response = _publish_post(moderator, site_structure.fiches.pk, "Heldere fiche", PLAIN)
    assert response.status_code == 302
    assert FichePage.objects.get(slug="heldere-fiche").live
    assert not ReadabilityOverride.objects.exists()


@override_settings(KENNISBANK_READABILITY_PUBLISH={"BLOCK_VERDICTS": []})
def test_blocking_can_be_switched_off_in_settings(site_structure):
    moderator = _login(make_user("moderator", groups=["Moderators"], staff=True))
    assert _publish_post(moderator, site_structure.fiches.pk, "Moeilijk maar toegelaten", HARD).status_code == 302
    assert FichePage.objects.get(slug="moeilijk-maar-toegelaten").live


def test_editor_api_returns_the_draft_report_to_editors_only(site_structure):
    page = make_item("fiche", title="Fiche met ontwerp", sections=[("Uitleg", PLAIN)])
    page.body = [("section", {"kind": "other", "heading": "Uitleg", "text": HARD})]
    page.save_revision()
    url = f"/api/v1/editor/readability/{page.external_id}/"
    editor = _login(make_user("redacteur", groups=["Editors"], staff=True))
    data = editor.get(url).json()
    assert data["report"]["verdict"] == "hard"  # the draft, not the live text
    assert data["blocks_publish"] is True
    assert Client().get(url).status_code == 403
    operator = _login(make_user("operator", perms=["kennisbank.view_internal"]))
    assert operator.get(url).status_code == 404


@override_settings(KENNISBANK_READABILITY_PUBLISH={"BLOCK_VERDICTS": []})  # a hard text published under a lax policy
def test_catalogue_report_lists_hardest_first_in_admin_and_command(site_structure, capsys):
    make_item("fiche", title="Heldere tekst", short_answer=PLAIN)
    make_item("fiche", title="Ambtelijke tekst", short_answer="Zie uitleg.", sections=[("Uitleg", HARD)])
    admin = _login(make_user("admin", staff=True, superuser=True))
    html = admin.get("/admin/kennisbank/leesbaarheid/").content.decode()
    assert html.index("Ambtelijke tekst") < html.index("Heldere tekst")
    csv_text = admin.get("/admin/kennisbank/leesbaarheid/?format=csv").content.decode()
    assert csv_text.splitlines()[1].split(",")[2] == "Ambtelijke tekst"
    call_command("readability_report")
    out = capsys.readouterr().out.splitlines()
    assert "Ambtelijke tekst" in out[0] and "Heldere tekst" in out[-1]
