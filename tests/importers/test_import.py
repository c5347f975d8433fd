"""Import service: writes, upsert, revisions, dry run, all-or-nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from wagtail.models import Page, Revision

from importers.markdown_import import import_folder
from kennisbank import selectors
from kennisbank.models import ContentPage, FichePage, LifeEvent, ProductPage, ServicePoint, Team, Theme
from kennisbank.selectors import Scope
from tests.factories import make_item

from .conftest import FICHE, PRODUCT, SAMPLE_FILES, write_folder

pytestmark = pytest.mark.django_db


def test_import_creates_live_items_with_every_field(sample_folder, site_structure):
    report = import_folder(sample_folder)

    assert report.errors == []
    assert sorted(report.created) == ["eid-aanvragen", "eid-verloren", "pin-procedure"]
    product = ProductPage.objects.get(external_id="eid-aanvragen")
    assert product.live and not product.has_unpublished_changes
    assert product.get_parent().specific == site_structure.products
    assert product.slug == "eid-aanvragen"
    assert product.title == "Identiteitskaart (eID) aanvragen"
    assert sorted(t.name for t in product.themes.all()) == ["Burgerzaken"]
    assert sorted(e.name for e in product.life_events.all()) == ["Op reis gaan", "Verhuizen"]
    assert [a.code for a in product.audiences.all()] == ["citizen"]
    assert product.keyword_list == ["identiteitskaart", "ID-kaart"]
    assert product.owner_team.name == "Dienst Burgerzaken"
    assert product.review_interval_months == 12
    assert product.last_reviewed == dt.date(2026, 3, 17)
    assert product.next_review_date == dt.date(2027, 3, 17)
    assert [(c.label, c.amount, c.note) for c in product.cost_lines.all()] == [
        ("Normale procedure", Decimal("25.30"), ""),
        ("Dringende procedure", Decimal("130.00"), "Klaar na 2 werkdagen."),
    ]
    assert product.appointment_required is True
    assert product.online_url == "https://zonnebeek.example.org/afspraak"
    points = {sp.name: sp.kind for sp in product.service_points.all()}
    assert points == {"Op afspraak": "town_hall", "Deelgemeentehuis Molenhoek": "district_hall"}
    assert product.phone_question_list == ["Hoe oud bent u?"]
    assert product.phone_step_list == ["Plan een afspraak.", "Zeg dat de kaart na drie weken klaar is."]
    assert product.phone_transfer == "Dienst Burgerzaken, toestel 2101"
    assert product.phone_notes == "Dringende procedure altijd doorverbinden."
    assert product.sections() == [
        {"kind": "intro", "heading": "", "text": "Een korte inleiding."},
        {"kind": "what", "heading": "Wat is het?", "text": "De eID bewijst wie u bent."},
        {"kind": "what_to_bring", "heading": "Wat meebrengen?",
         "text": "- uw huidige identiteitskaart\n- een pasfoto"},
        {"kind": "other", "heading": "Goed om te weten", "text": "Extra uitleg met een [link](https://example.org)."},
    ]
    assert [link.target.external_id for link in product.related_links.all()] == ["eid-verloren"]

    fiche = FichePage.objects.get(external_id="eid-verloren")
    assert fiche.get_parent().specific == site_structure.fiches
    assert fiche.sections() == [{"kind": "what", "heading": "Wat is het?",
                                 "text": "Uw kaart is weg.\n\n### Een kleinere kop\n\nBlijft in de rubriek."}]
    # related: two passes, so a forward reference to a file imported later works.
    assert [link.target.external_id for link in fiche.related_links.all()] == ["eid-aanvragen", "pin-procedure"]
    assert fiche.owner_team is None and fiche.review_interval_months is None


def test_internal_item_stays_internal(sample_folder, site_structure):
    import_folder(sample_folder)

    internal = ContentPage.objects.get(external_id="pin-procedure")
    assert internal.visibility == "internal" and internal.live
    assert selectors.get_item("pin-procedure", Scope.PUBLIC) is None
    assert selectors.get_item("pin-procedure", Scope.OPERATOR) is not None
    assert internal.specific.phone_notes == "Nooit de PUK-code aan de telefoon geven."


def test_reimport_changes_nothing(sample_folder, site_structure):
    import_folder(sample_folder)
    revisions, pages = Revision.objects.count(), Page.objects.count()
    themes, teams, points = Theme.objects.count(), Team.objects.count(), ServicePoint.objects.count()

    report = import_folder(sample_folder)

    assert report.errors == [] and report.created == [] and report.updated == []
    assert sorted(report.unchanged) == ["eid-aanvragen", "eid-verloren", "pin-procedure"]
    assert "3 ongewijzigd" in report.summary()
    assert Revision.objects.count() == revisions
    assert Page.objects.count() == pages
    assert (Theme.objects.count(), Team.objects.count(), ServicePoint.objects.count()) == (themes, teams, points)


def test_changed_file_makes_exactly_one_new_revision(sample_folder, site_structure):
    import_folder(sample_folder)
    page = ContentPage.objects.get(external_id="eid-verloren")
    before = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    total_before = Revision.objects.count()

    (sample_folder / "eid-verloren.md").write_text(
        FICHE.replace("Blokkeer uw kaart meteen", "Laat uw kaart onmiddellijk blokkeren"), encoding="utf-8")
    report = import_folder(sample_folder)

    assert report.updated == ["eid-verloren"]
    assert sorted(report.unchanged) == ["eid-aanvragen", "pin-procedure"]
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == before + 1
    assert Revision.objects.count() == total_before + 1
    live = selectors.get_item("eid-verloren", Scope.PUBLIC)
    assert live.short_answer.startswith("Laat uw kaart onmiddellijk blokkeren")
    assert not live.has_unpublished_changes


def test_changed_relations_and_cleared_keys_are_applied(sample_folder, site_structure):
    import_folder(sample_folder)
    changed = (PRODUCT.replace('themes: ["Burgerzaken"]', 'themes: ["Burgerzaken", "Reizen"]')
               .replace('owner: "Dienst Burgerzaken"\n', "")
               .replace('  - {label: "Normale procedure", amount: 25.30}\n', "")
               .replace('related: ["eid-verloren"]', 'related: ["pin-procedure", "eid-verloren"]'))
    (sample_folder / "eid-aanvragen.md").write_text(changed, encoding="utf-8")

    assert import_folder(sample_folder).updated == ["eid-aanvragen"]

    product = ProductPage.objects.get(external_id="eid-aanvragen")
    assert sorted(t.name for t in product.themes.all()) == ["Burgerzaken", "Reizen"]
    assert product.owner_team is None
    assert [c.label for c in product.cost_lines.all()] == ["Dringende procedure"]
    assert [link.target.external_id for link in product.related_links.all()] == ["pin-procedure", "eid-verloren"]


def test_dry_run_writes_nothing_and_reports_what_would_change(sample_folder, site_structure):
    counts = (Page.objects.count(), Revision.objects.count(), Theme.objects.count(), LifeEvent.objects.count(),
              Team.objects.count(), ServicePoint.objects.count())

    report = import_folder(sample_folder, dry_run=True)

    assert report.errors == [] and report.dry_run
    assert sorted(report.created) == ["eid-aanvragen", "eid-verloren", "pin-procedure"]
    assert "Proefdraai" in report.summary()
    assert (Page.objects.count(), Revision.objects.count(), Theme.objects.count(), LifeEvent.objects.count(),
            Team.objects.count(), ServicePoint.objects.count()) == counts

    import_folder(sample_folder)
    (sample_folder / "eid-verloren.md").write_text(FICHE.replace("Uw kaart is weg.", "Kwijt."), encoding="utf-8")
    revisions = Revision.objects.count()
    report = import_folder(sample_folder, dry_run=True)
    assert report.updated == ["eid-verloren"]
    assert Revision.objects.count() == revisions
    assert "Uw kaart is weg." in ContentPage.objects.get(external_id="eid-verloren").specific.body_text()


def test_one_bad_file_among_good_ones_writes_nothing(sample_folder, site_structure):
    (sample_folder / "kapot.md").write_text("---\nid: kapot\ntype: fiche\ntitle: [niet afgesloten\n---\n",
                                            encoding="utf-8")
    counts = (Page.objects.count(), Revision.objects.count(), Theme.objects.count(), Team.objects.count())

    report = import_folder(sample_folder)

    assert [(e.file, e.line) for e in report.errors] == [("kapot.md", 5)]
    assert report.created == [] and report.updated == []
    assert "niets geschreven" in report.summary()
    assert (Page.objects.count(), Revision.objects.count(), Theme.objects.count(), Team.objects.count()) == counts


def test_bad_file_blocks_updates_of_existing_items_too(sample_folder, site_structure):
    import_folder(sample_folder)
    (sample_folder / "eid-verloren.md").write_text(FICHE.replace("Blokkeer", "Bel"), encoding="utf-8")
    (sample_folder / "extra.md").write_text(FICHE.replace("id: eid-verloren", "id: extra").replace(
        'audience: ["burger"]', 'audience: ["toerist"]'), encoding="utf-8")
    revisions = Revision.objects.count()

    report = import_folder(sample_folder)

    assert [(e.file, e.key) for e in report.errors] == [("extra.md", "audience[1]")]
    assert Revision.objects.count() == revisions
    assert ContentPage.objects.get(external_id="eid-verloren").short_answer.startswith("Blokkeer")


def test_existing_item_from_the_admin_is_updated_by_id(site_structure, tmp_path):
    page = make_item("fiche", title="Oud", external_id="eid-verloren", short_answer="Oud antwoord.")
    folder = write_folder(tmp_path / "in", {"eid-verloren.md": FICHE.replace(
        'related: ["eid-aanvragen", "pin-procedure"]\n', "")})

    report = import_folder(folder)

    assert report.updated == ["eid-verloren"] and report.created == []
    page.refresh_from_db()
    assert page.title == "Wat moet ik doen als mijn identiteitskaart verloren is?"
    assert FichePage.objects.filter(external_id="eid-verloren").count() == 1


def test_related_may_point_at_an_item_already_in_the_database(site_structure, tmp_path):
    make_item("product", title="eID", external_id="eid-aanvragen")
    make_item("fiche", title="PIN", external_id="pin-procedure")
    folder = write_folder(tmp_path / "in", {"eid-verloren.md": FICHE})

    report = import_folder(folder)

    assert report.errors == []
    fiche = ContentPage.objects.get(external_id="eid-verloren")
    assert [link.target.external_id for link in fiche.related_links.all()] == ["eid-aanvragen", "pin-procedure"]


def test_offline_item_gets_a_draft_not_a_publication(sample_folder, site_structure):
    import_folder(sample_folder)
    page = ContentPage.objects.get(external_id="eid-verloren")
    page.unpublish()
    (sample_folder / "eid-verloren.md").write_text(FICHE.replace("Blokkeer", "Bel"), encoding="utf-8")

    assert import_folder(sample_folder).updated == ["eid-verloren"]
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision_as_object().short_answer.startswith("Bel")
    # ... and importing again compares with that draft: nothing more to do.
    assert "eid-verloren" in import_folder(sample_folder).unchanged


def test_priced_bullets_of_a_cost_section_become_cost_lines(tmp_path, site_structure):
    from decimal import Decimal

    from importers.markdown_export import export_folder

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bewonerskaart.md").write_text(
        '---\nid: bewonerskaart\ntype: product\ntitle: "Bewonerskaart"\nshort_answer: "U vraagt een kaart aan."\n'
        "---\n## Kostprijs\n\n- eerste kaart: 25 euro per jaar\n- tweede kaart: € 75,50\n"
        "- bezoekers: gratis\n\nBetalen kan met Bancontact.\n", encoding="utf-8")
    assert import_folder(folder).ok
    page = ContentPage.objects.get(external_id="bewonerskaart").specific
    assert [(c.label, c.amount, c.note) for c in page.cost_lines.all()] == [
        ("Eerste kaart", Decimal("25.00"), "per jaar"), ("Tweede kaart", Decimal("75.50"), "")]
    cost_text = next(s["text"] for s in page.sections() if s["kind"] == "cost")
    assert cost_text == "- bezoekers: gratis\n\nBetalen kan met Bancontact."
    export_folder(tmp_path / "uit")
    again = import_folder(tmp_path / "uit")
    assert again.ok and again.unchanged == ["bewonerskaart"]


def _copies(n: int) -> dict[str, str]:
    """``n`` products with every extension key (related, cost, actions, service points), each under its own id."""
    files = {}
    for i in range(n):
        files[f"eid-aanvragen-{i}.md"] = PRODUCT.replace("id: eid-aanvragen", f"id: eid-aanvragen-{i}")
    return {**SAMPLE_FILES, **files}


def test_reimporting_unchanged_content_costs_the_same_queries_for_5_or_25_items(tmp_path, site_structure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for n in (5, 25):
        folder = write_folder(tmp_path / f"map-{n}", _copies(n))
        assert import_folder(folder).ok
        with CaptureQueriesContext(connection) as queries:
            report = import_folder(folder)
        assert report.ok and len(report.unchanged) == n + 3 and not report.updated
        counts[n] = len(queries)
    assert counts[25] == counts[5], counts  # the unchanged check is batched, not per item


def test_the_batched_unchanged_check_still_sees_every_kind_of_change(sample_folder, site_structure):
    assert import_folder(sample_folder).ok
    team = ProductPage.objects.get(external_id="eid-aanvragen").owner_team
    team.name = "Team Burgerzaken"  # renamed in the admin: no new revision of the page
    team.save()
    point = ServicePoint.objects.get(name="Deelgemeentehuis Molenhoek")
    assert import_folder(sample_folder).updated == ["eid-aanvragen"]
    point.name = "Deelgemeentehuis Molenhoek-Zuid"
    point.save()
    assert import_folder(sample_folder).updated == ["eid-aanvragen"]
    from kennisbank import services

    offline = FichePage.objects.get(external_id="eid-verloren")
    services.unpublish(offline)
    assert import_folder(sample_folder).unchanged == ["eid-aanvragen", "eid-verloren", "pin-procedure"]
    offline.refresh_from_db()
    offline.title = "Kaart kwijt"
    services.save_draft(offline)  # offline items are compared with their latest revision (the per-item path)
    assert import_folder(sample_folder).updated == ["eid-verloren"]
