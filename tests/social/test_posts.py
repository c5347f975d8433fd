"""Posts come only from public, live items; approval pins the source; changes pause the post with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from channels.social import services
from channels.social.models import PostStatus, PostVariant, SocialPost
from channels.social.sources import SourceNotPublic
from kennisbank import services as content_services
from kennisbank.models import ContentPage

pytestmark = pytest.mark.django_db


def test_internal_and_draft_items_can_never_become_a_post(internal_fiche, draft_fiche):
    for page in (internal_fiche, draft_fiche):
        with pytest.raises(SourceNotPublic):
            services.create_post(page)
        post = SocialPost(source=page)
        with pytest.raises(ValidationError) as err:
            post.full_clean()
        assert "source" in err.value.message_dict
    assert not SocialPost.objects.exists() and not PostVariant.objects.exists()


def test_generation_is_refused_when_source_turned_internal_later(social_fiche):
    post = services.create_post(social_fiche)
    ContentPage.objects.filter(pk=social_fiche.pk).update(visibility="internal")
    with pytest.raises(SourceNotPublic):
        services.generate_variants(post, overwrite=True)
    with pytest.raises(SourceNotPublic):
        services.approve(post)


def test_create_post_generates_one_fitting_variant_per_network(social_fiche):
    post = services.create_post(social_fiche, campaign="nieuwe-inwoners")
    variants = {v.network: v for v in post.variants.all()}
    assert set(variants) == {"facebook", "instagram", "x", "linkedin", "mastodon", "bluesky"}
    for v in variants.values():
        v.full_clean()  # limits hold
    assert "utm_campaign=nieuwe-inwoners" in variants["x"].link_url
    assert "#Burgerzaken" in variants["mastodon"].text
    assert social_fiche.short_answer in variants["facebook"].text


def test_edited_variant_is_validated_against_the_limit(social_fiche):
    post = services.create_post(social_fiche, network_codes=["x"])
    variant = post.variants.get()
    variant.text = "Te lang. " * 40
    with pytest.raises(ValidationError) as err:
        variant.full_clean()
    assert "280" in str(err.value.message_dict["text"])
    variant.save()  # bypassing the form: approval still refuses it
    with pytest.raises(ValidationError):
        services.approve(post)  # an approved post never holds an over-long enabled variant
    assert SocialPost.objects.get(pk=post.pk).status == PostStatus.DRAFT


@pytest.mark.parametrize(("change", "reason"), [
    ("unpublish", "gedepubliceerd"),
    ("internal", "intern"),
    ("edit", "gewijzigd"),
])
def test_approved_post_pauses_when_source_changes(social_fiche, admin_user, change, reason):
    post = services.create_post(social_fiche, approve_now=True, user=admin_user)
    assert post.status == PostStatus.APPROVED and post.approved_by == admin_user
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    if change == "unpublish":
        content_services.unpublish(page)
    elif change == "internal":
        page.visibility = "internal"
        content_services.publish(page)
    else:
        page.short_answer = "Een heel ander antwoord."
        content_services.publish(page)
    post.refresh_from_db()  # paused by the page signal, at once
    assert post.status == PostStatus.PAUSED
    assert reason in post.pause_reason


def test_republishing_an_unchanged_source_keeps_the_post_running(social_fiche):
    post = services.create_post(social_fiche, approve_now=True)
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    page.keywords = "verhuis\nadreswijziging"  # not shown in the post
    content_services.publish(page)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED


def test_reapproval_after_a_change_resumes(social_fiche):
    post = services.create_post(social_fiche, approve_now=True)
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    page.title = "Verhuisd? Zo geeft u uw adres door"
    content_services.publish(page)
    post.refresh_from_db()
    assert post.status == PostStatus.PAUSED
    with pytest.raises(ValidationError, match="De bron is gewijzigd"):
        services.approve(post)  # the texts were written for the old source
    services.regenerate(post)
    services.approve(post)
    assert services.check_source(post) and post.pause_reason == ""


def test_stale_text_never_goes_out_after_a_change(social_fiche):
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    page.short_answer = "Het recyclagepark opent op zaterdag om 6.00 uur."
    content_services.publish(page)
    post = services.create_post(page, network_codes=["mastodon"], approve_now=True)
    assert "6.00 uur" in post.variants.get().text
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    page.short_answer = "Het recyclagepark opent op zaterdag om 5.30 uur."
    content_services.publish(page)
    post.refresh_from_db()
    assert post.status == PostStatus.PAUSED
    fields, changes = services.source_changes(post)
    assert fields["short_answer"] == ("Het recyclagepark opent op zaterdag om 6.00 uur.",
                                      "Het recyclagepark opent op zaterdag om 5.30 uur.")
    (change,) = changes
    assert "6.00 uur" in change.current and "5.30 uur" in change.regenerated
    with pytest.raises(ValidationError):
        services.approve(post)
    services.regenerate(post)
    services.approve(post)
    text = post.variants.get().text
    assert "5.30 uur" in text and "6.00 uur" not in text


def test_confirming_hand_written_texts_allows_approval(social_fiche):
    post = services.create_post(social_fiche, network_codes=["mastodon"], approve_now=True)
    page = ContentPage.objects.get(pk=social_fiche.pk).specific
    page.title = "Verhuisd? Zo geeft u uw adres door"
    content_services.publish(page)
    post.refresh_from_db()
    variant = post.variants.get()
    variant.text = "Verhuisd? Geef uw nieuwe adres binnen 8 werkdagen door. https://example.org/verhuis"
    variant.save()
    services.confirm_texts(post)
    services.approve(post)
    assert post.variants.get().text == variant.text, "confirmed texts are kept as written"
