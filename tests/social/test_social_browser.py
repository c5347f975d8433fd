"""Browser tests of the social team's screens: live counter and preview while typing, diff and regenerate."""

from __future__ import annotations

import pytest

from channels.social import services
from channels.social.models import PostStatus, SocialPost
from kennisbank import services as content_services
from kennisbank.models import ContentPage
from tests.conftest import login_browser_context
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(social_fiche):
    return make_user("socialteam", staff=True, superuser=True)


def test_the_counter_and_preview_follow_the_typing(team, social_fiche, browser, live_server, artifacts_dir):
    post = services.create_post(social_fiche, network_codes=["mastodon", "bluesky"])
    context = login_browser_context(browser, live_server, team)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/snippets/kb_social/socialpost/edit/{post.pk}/")
    variants = {v.network: i for i, v in enumerate(post.variants.order_by("sort_order", "pk"))}
    b_index = variants["bluesky"]
    area = tab.locator(f"textarea[name='variants-{b_index}-text']")
    counter = tab.locator(f"#{area.get_attribute('id')}-count")
    counter.wait_for(timeout=15_000)
    tab.wait_for_function("el => /van 300 tekens · Bluesky/.test(el.textContent)", arg=counter.element_handle())
    area.fill("")
    area.type("Kort bericht", delay=5)
    tab.wait_for_function("el => el.textContent.startsWith('12 van 300 tekens')", arg=counter.element_handle())
    preview = tab.locator(f"textarea[name='variants-{b_index}-text'] ~ [data-kb-social-preview]")
    assert "Kort bericht" in preview.inner_text() and "Voorbeeld op Bluesky" in preview.inner_text()
    area.type(" " + "héél lang " * 40, delay=0)
    tab.wait_for_function("el => el.dataset.state === 'over'", arg=counter.element_handle())
    assert "te veel" in counter.inner_text()
    m_index = variants["mastodon"]
    mastodon_area = tab.locator(f"textarea[name='variants-{m_index}-text']")
    mastodon = tab.locator(f"#{mastodon_area.get_attribute('id')}-count")
    assert "van 500 tekens · Mastodon" in mastodon.inner_text()
    tab.screenshot(path=str(artifacts_dir / "social-composer.png"), full_page=True)
    context.close()


def test_a_paused_post_shows_the_diff_and_regenerates(team, social_fiche, browser, live_server, artifacts_dir):
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    page.short_answer = "Het recyclagepark opent op zaterdag om 6.00 uur."
    content_services.publish(page)
    post = services.create_post(page, network_codes=["mastodon"], approve_now=True)
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    page.short_answer = "Het recyclagepark opent op zaterdag om 5.30 uur."
    content_services.publish(page)
    assert SocialPost.objects.get(pk=post.pk).status == PostStatus.PAUSED
    context = login_browser_context(browser, live_server, team)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/snippets/kb_social/socialpost/edit/{post.pk}/")
    tab.get_by_role("link", name="Vergelijk met de bron").click()
    tab.locator("[data-variant='mastodon']").wait_for(timeout=15_000)
    assert tab.locator("[data-field] del").first.inner_text().strip() == "6.00"
    assert tab.locator("[data-field] ins").first.inner_text().strip() == "5.30"
    assert tab.locator("[data-variant='mastodon'] del").first.inner_text().strip() == "6.00"
    tab.screenshot(path=str(artifacts_dir / "social-compare.png"), full_page=True)
    tab.get_by_role("button", name="Genereer opnieuw").click()
    tab.wait_for_url("**/socialpost/edit/**")
    assert "5.30 uur" in tab.locator("textarea[name='variants-0-text']").input_value()
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT and "5.30 uur" in post.variants.get().text
    context.close()


def test_webcare_reply_is_copied_with_one_click(team, social_fiche, browser, live_server, artifacts_dir):
    context = login_browser_context(browser, live_server, team)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/social/webcare/")
    tab.fill("#kb-webcare-q", "verhuisd")
    tab.press("#kb-webcare-q", "Enter")
    tab.get_by_role("link", name=social_fiche.title).click()
    section = tab.locator("[data-reply='bluesky']")
    section.wait_for(timeout=15_000)
    section.get_by_role("button", name="Kopieer").click()
    section.locator(".kb-webcare-copied", has_text="Gekopieerd.").wait_for(timeout=5_000)
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert copied == section.locator("textarea").input_value()
    assert copied.startswith("Dag!") and "binnen 8 werkdagen" in copied
    tab.screenshot(path=str(artifacts_dir / "social-webcare.png"), full_page=True)
    context.close()
