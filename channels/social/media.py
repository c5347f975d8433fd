"""The post's picture as the networks take it: a JPEG rendition from Wagtail's image library, small enough.

Bluesky refuses image blobs over 1,000,000 bytes (lexicon ``app.bsky.embed.images``: ``maxSize``); Mastodon
takes up to 16 MB but its clients show 1600 px at most. One rendition serves both: at most 1600 × 1600, JPEG; a
smaller size and quality are tried until the file fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Networks that get the picture when they post directly (exports carry its URL).
TAKES_IMAGES = frozenset({"mastodon", "bluesky", "instagram", "facebook", "linkedin", "x"})
#: Networks that cannot post without a picture.
NEEDS_IMAGE = frozenset({"instagram"})
MAX_BYTES = 1_000_000
FILTERS = ("max-1600x1600|format-jpeg|jpegquality-85", "max-1200x1200|format-jpeg|jpegquality-75",
           "max-800x800|format-jpeg|jpegquality-70")


@dataclass(frozen=True)
class Picture:
    """The bytes to upload, with what the networks want to know about them."""

    data: bytes
    mime: str
    alt: str
    width: int
    height: int


def picture_for(image: Any, alt: str) -> Picture | None:
    """The first rendition of ``image`` under ``MAX_BYTES`` (None without an image)."""
    if image is None:
        return None
    for spec in FILTERS:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            data = handle.read()
        if len(data) <= MAX_BYTES:
            return Picture(data=data, mime="image/jpeg", alt=alt, width=rendition.width, height=rendition.height)
    raise ValueError(f"image {image.pk} stays over {MAX_BYTES} bytes even at {FILTERS[-1]}")


def public_url(image: Any, request_base: str = "") -> str:
    """Absolute URL of the shared rendition (for exports whose tools fetch the picture themselves)."""
    if image is None:
        return ""
    url = image.get_rendition(FILTERS[0]).url
    return url if url.startswith("http") else f"{request_base.rstrip('/')}{url}"
