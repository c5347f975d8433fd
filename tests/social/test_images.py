"""Pictures from Wagtail's image library: alt text required, Instagram needs one, Mastodon media and Bluesky
blobs uploaded the way those APIs take them (checked by the local server with a real MIME parser)."""

from __future__ import annotations

import io
import random

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from channels.social import media, services
from channels.social.models import Publication, PublicationStatus

from .test_publishing import CREATE, STATUSES, _scheduled_post

pytestmark = pytest.mark.django_db
ALT = "Een medewerker geeft een nieuwe identiteitskaart af aan de balie."


@pytest.fixture(autouse=True)
def fresh_media(settings, tmp_path):
    """Own media folder, and no rendition remembered from another test (ids repeat after a rollback)."""
    from django.core.cache import caches

    settings.MEDIA_ROOT = str(tmp_path / "media")
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def picture():
    return Image.objects.create(title="Balie", file=get_test_image_file("balie.png", size=(1200, 800)))


def _with_picture(post, image, alt=ALT):
    post.image, post.image_alt = image, alt
    post.save()
    return post


def test_a_picture_needs_alt_text(social_fiche, picture):
    post = services.create_post(social_fiche, network_codes=["mastodon"])
    post.image = picture
    with pytest.raises(ValidationError) as caught:
        post.full_clean()
    assert "image_alt" in caught.value.message_dict
    post.save()
    with pytest.raises(ValidationError, match="alternatieve tekst"):
        services.approve(post)
    _with_picture(post, picture)
    services.approve(post)


def test_instagram_waits_for_a_picture(social_fiche, picture):
    post = services.create_post(social_fiche, network_codes=["instagram", "mastodon"])
    instagram = post.variants.get(network="instagram")
    assert not instagram.enabled, "no picture: Instagram is switched off, not sent a text it cannot post"
    instagram.enabled = True
    instagram.save()
    with pytest.raises(ValidationError, match="Instagram: kies een afbeelding"):
        services.approve(post)
    _with_picture(post, picture)
    services.approve(post)


def test_mastodon_gets_the_picture_as_media_with_its_description(social_accounts, social_fiche, picture):
    post = _with_picture(_scheduled_post(social_fiche, networks=["mastodon"]), picture)
    services.approve(post)
    services.enqueue_due()
    assert Publication.objects.get().status == PublicationStatus.PUBLISHED
    (upload,) = social_accounts.posts("/api/v2/media")
    file = upload["body"]["multipart"]["file"]
    assert file["type"] == "image/jpeg" and file["data"][:2] == b"\xff\xd8"
    assert upload["body"]["multipart"]["description"]["data"].decode() == ALT
    (status,) = social_accounts.posts(STATUSES)
    assert status["body"]["media_ids"] == list(social_accounts.media)


def test_bluesky_gets_the_picture_as_a_blob_with_alt_and_aspect_ratio(social_accounts, social_fiche, picture):
    post = _with_picture(_scheduled_post(social_fiche, networks=["bluesky"]), picture)
    services.approve(post)
    services.enqueue_due()
    (upload,) = social_accounts.posts("/xrpc/com.atproto.repo.uploadBlob")
    assert upload["headers"]["Content-Type"] == "image/jpeg" and len(upload["body"]["raw"]) <= 1_000_000
    (create,) = social_accounts.posts(CREATE)
    embed = create["body"]["record"]["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    (image,) = embed["images"]
    assert image["alt"] == ALT and image["image"] == social_accounts.blobs[0]
    assert image["aspectRatio"] == {"width": 1200, "height": 800}
    facets = create["body"]["record"]["facets"]
    assert any(f["features"][0]["$type"] == "app.bsky.richtext.facet#link" for f in facets), "the link stays"


def test_a_big_photo_is_made_small_enough_for_bluesky():
    rng = random.Random(7)
    noise = PILImage.frombytes("RGB", (3000, 3000), bytes(rng.getrandbits(8) for _ in range(3000 * 3000 * 3)))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    from django.core.files.images import ImageFile

    big = Image.objects.create(title="Ruis", file=ImageFile(buffer, name="ruis.png"))
    pic = media.picture_for(big, "Ruis")
    assert pic is not None and len(pic.data) <= media.MAX_BYTES and max(pic.width, pic.height) <= 1600


def test_socialbee_export_carries_the_picture_for_instagram(client, social_fiche, picture):
    import csv

    from channels.social import tokens

    post = _with_picture(services.create_post(social_fiche, network_codes=["instagram"]), picture)
    post.variants.filter(network="instagram").update(enabled=True)
    post.publish_at = None
    services.approve(post)
    import datetime as dt

    from django.utils import timezone

    from channels.social.models import RepublicationRule

    RepublicationRule.objects.create(post=post, interval_weeks=1, times="09:00",
                                     start_date=timezone.localdate() + dt.timedelta(days=1))
    _token, raw = tokens.create("Test")
    body = client.get("/social/export/instagram/socialbee.csv", {"token": raw}).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and rows[0]["imageUrls"].startswith("http") and rows[0]["imageUrls"].endswith(".jpg")
