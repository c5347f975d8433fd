"""The Wagtail content model: revisions, drafts, scheduling, workflow, versioned relations, admin forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from kennisbank import selectors, services
from kennisbank.models import (
    Audience,
    ContentPage,
    CostLine,
    FichePage,
    LifeEvent,
    ProductPage,
    RelatedItem,
    ServicePoint,
    Synonym,
    Team,
    Theme,
)
from kennisbank.selectors import Scope
from tests.factories import make_item, make_team, make_theme, make_user

pytestmark = pytest.mark.django_db


def test_site_structure_has_home_and_both_index_pages(site_structure):
    assert site_structure.home.url == "/"
    assert site_structure.products.url == "/producten/"
    assert site_structure.fiches.url == "/vragen/"
    assert set(Audience.objects.values_list("code", flat=True)) == {"citizen", "business", "association", "employee"}


def test_every_revision_keeps_its_own_themes_and_related_items(site_structure):
    page = make_item("fiche", title="Afvalkalender", themes=["Afval en milieu"])
    first_revision = page.latest_revision
    page.themes.set([make_theme("Wonen en bouwen")])
    other = make_item("fiche", title="Containerpark")
    page.related_links.add(RelatedItem(target=other))
    services.save_draft(page)
    old = first_revision.as_object()
    new = page.get_latest_revision_as_object()
    assert [t.name for t in old.themes.all()] == ["Afval en milieu"]
    assert [t.name for t in new.themes.all()] == ["Wonen en bouwen"]
    assert [link.target_id for link in new.related_links.all()] == [other.pk]
    assert list(old.related_links.all()) == []


def test_draft_revision_does_not_change_the_live_page(public_fiche):
    public_fiche.title = "Nieuwe titel in ontwerp"
    services.save_draft(public_fiche)
    live = ContentPage.objects.get(pk=public_fiche.pk)
    assert live.title != "Nieuwe titel in ontwerp"
    assert live.has_unpublished_changes
    assert public_fiche.revisions.count() == 2


def test_scheduled_publishing_goes_live_only_when_due(site_structure):
    page = make_item("fiche", title="Nieuwe openingsuren vanaf januari", live=False)
    page.go_live_at = timezone.now() + dt.timedelta(hours=2)
    revision = services.save_draft(page)
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert selectors.get_item(page.external_id, Scope.PUBLIC) is None
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet due
    # Time passes: the scheduled moment is now in the past (both on the revision and its content).
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert selectors.get_item(page.external_id, Scope.PUBLIC) is not None


def test_moderation_workflow_publishes_only_after_a_moderator_approves(site_structure):
    editor = make_user("redacteur", groups=["Editors"], staff=True)
    moderator = make_user("moderator", groups=["Moderators"], staff=True)
    page = make_item("fiche", title="Wanneer is het stadhuis open?", live=False)
    workflow = page.get_workflow()
    assert workflow is not None, "Wagtail's default moderation workflow applies to content pages"
    workflow_state = workflow.start(page, editor)
    page.refresh_from_db()
    assert not page.live
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live
    assert selectors.get_item(page.external_id, Scope.PUBLIC) is not None
    assert Group.objects.filter(name="Moderators").exists()


def test_external_id_is_derived_unique_and_stable(site_structure):
    a = make_item("fiche", title="Reispas")
    b = make_item("product", title="Reispas")
    assert a.external_id == "reispas"
    assert b.external_id == "reispas-2"
    a.title = "Reispas aanvragen"
    services.publish(a)
    a.refresh_from_db()
    assert a.external_id == "reispas"


def test_next_review_date_is_computed_and_stale_items_are_recognised(site_structure):
    page = make_item("fiche", title="Hondenbelasting", review_interval_months=12, last_reviewed=dt.date(2025, 1, 31))
    assert page.next_review_date == dt.date(2026, 1, 31)
    assert page.is_stale(today=dt.date(2026, 2, 1))
    assert not page.is_stale(today=dt.date(2026, 1, 30))
    page2 = make_item("fiche", title="Kort", review_interval_months=1, last_reviewed=dt.date(2026, 1, 31))
    assert page2.next_review_date == dt.date(2026, 2, 28)  # clamped to the month's last day


def test_mark_reviewed_moves_the_review_date(site_structure):
    page = make_item("fiche", title="Parkeerkaart", review_interval_months=6, last_reviewed=dt.date(2024, 1, 1))
    services.mark_reviewed(page, on=dt.date(2026, 11, 1))
    page.refresh_from_db()
    assert page.next_review_date == dt.date(2027, 5, 1)


def test_product_keeps_cost_lines_and_service_points(site_structure):
    product = make_item("product", title="Reispas", appointment_required=True, online_url="https://example.org/afspraak")
    product = ProductPage.objects.get(pk=product.pk)
    product.cost_lines.add(CostLine(label="Volwassene", amount="75.00"))
    product.service_points.add(ServicePoint.objects.create(name="Snelbalie Stadhuis", kind="town_hall"))
    services.publish(product)
    fresh = ProductPage.objects.get(pk=product.pk)
    assert [(c.label, str(c.amount)) for c in fresh.cost_lines.all()] == [("Volwassene", "75.00")]
    assert [s.name for s in fresh.service_points.all()] == ["Snelbalie Stadhuis"]
    assert fresh.appointment_required


def test_sections_and_body_text(site_structure):
    page = make_item("product", title="eID", sections=[("Wat meebrengen?", "- uw oude kaart\n- een **pasfoto**")])
    assert page.sections() == [
        {"kind": "other", "heading": "Wat meebrengen?", "text": "- uw oude kaart\n- een **pasfoto**"}
    ]
    assert "pasfoto" in page.body_text() and "**" not in page.body_text()


def test_raw_html_in_markdown_is_escaped_on_the_website(site_structure):
    evil = "Tekst <script>alert(1)</script> [x](javascript:alert(1))"
    page = make_item("fiche", title="Veilig", sections=[("Let op", evil)])
    html = Client().get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "javascript:alert" not in html


OUR_MODELS = [ContentPage, ProductPage, FichePage, CostLine, RelatedItem, Theme, LifeEvent, Team, ServicePoint, Synonym]


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_every_editable_field_has_dutch_help_text(model):
    page_fields = {f.name for f in Page._meta.get_fields()}
    for field in model._meta.get_fields():
        if not isinstance(field, models.Field) or field.auto_created or not field.editable:
            continue
        if field.name in page_fields or field.name in {"sort_order", "page", "id"} or field.primary_key:
            continue
        assert str(field.help_text).strip(), f"{model.__name__}.{field.name} has no help_text"


@pytest.mark.parametrize("model_name", ["productpage", "fichepage"])
def test_admin_create_and_edit_forms_render_with_dutch_labels(site_structure, model_name):
    admin = make_user("admin", staff=True, superuser=True)
    client = Client()
    client.force_login(admin)
    parent = site_structure.products if model_name == "productpage" else site_structure.fiches
    response = client.get(f"/admin/pages/add/kennisbank/{model_name}/{parent.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kort antwoord" in html and "Zichtbaarheid" in html and "Telefoonscript" in html


def test_admin_can_create_and_publish_a_fiche_through_the_editor(site_structure):
    admin = make_user("admin", staff=True, superuser=True)
    client = Client()
    client.force_login(admin)
    parent = site_structure.fiches
    data = {
        "title": "Mag ik mijn grofvuil buiten zetten?",
        "slug": "grofvuil-buiten",
        "short_answer": "Ja, op de ophaaldag voor 7 uur.",
        "body-count": "0",
        "visibility": "public",
        "keywords": "grofvuil\nophaling",
        "owner_team": str(make_team("Dienst Afval").pk), "review_interval_months": "12",
        "related_links-TOTAL_FORMS": "0", "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0", "related_links-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    response = client.post(f"/admin/pages/add/kennisbank/fichepage/{parent.pk}/", data)
    assert response.status_code in (200, 302), response.content[:500]
    page = FichePage.objects.filter(slug="grofvuil-buiten").first()
    assert page is not None, response.content.decode()[:3000]
    assert page.external_id == "grofvuil-buiten"
    assert page.keyword_list == ["grofvuil", "ophaling"]
