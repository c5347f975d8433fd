"""Registry of social networks: how each counts text, its limit, how it handles links and hashtags.

``check_text(code, text)`` is the one validation every variant (generated or edited) goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import text as t

HASHTAG_RE = t.regex.compile(r"(?<![\w#])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)")


@dataclass(frozen=True)
class Network:
    """One network's rules.

    ``link_mode``: ``inline`` (the full URL in the text), ``display`` (a short readable link text in the post,
    the full URL as a link facet: Bluesky), ``bio`` (no clickable links: "link in bio" text, Instagram).
    """

    code: str
    label: str
    limit: int
    count: Callable[[str], int]
    link_mode: str = "inline"
    max_hashtags: int = 3
    byte_limit: int | None = None
    hashtag_limit: int | None = None


NETWORKS: dict[str, Network] = {
    n.code: n
    for n in (
        Network("facebook", "Facebook", 63_206, t.utf16_length, max_hashtags=3),
        Network("instagram", "Instagram", 2_200, t.utf16_length, link_mode="bio", max_hashtags=30,
                hashtag_limit=30),
        Network("x", "X", 280, t.x_length, max_hashtags=2),
        Network("linkedin", "LinkedIn", 3_000, t.utf16_length, max_hashtags=3),
        Network("mastodon", "Mastodon", 500, t.mastodon_length, max_hashtags=4),
        Network("bluesky", "Bluesky", 300, t.grapheme_length, link_mode="display", max_hashtags=3,
                byte_limit=3_000),
    )
}
NETWORK_CHOICES = [(n.code, n.label) for n in NETWORKS.values()]


def get(code: str) -> Network:
    """The network with this code; KeyError for an unknown code."""
    return NETWORKS[code]


def limit_of(code: str) -> int:
    """The character limit that applies now: the configured Mastodon instance's own ``max_characters`` (cached),
    else the network's default."""
    if code == "mastodon":
        from .publishers import for_network

        publisher = for_network("mastodon")
        limits = getattr(publisher, "limits", None)
        if limits is not None:
            return int(limits().max_characters)
    return get(code).limit


def hashtags_in(text: str) -> list[str]:
    return HASHTAG_RE.findall(text)


def check_text(code: str, text: str) -> list[str]:
    """Problems (Dutch, for editors) that stop ``text`` from being posted on network ``code``; [] when fine."""
    net = get(code)
    limit = limit_of(code)
    problems = []
    if not text.strip():
        problems.append(str(_("De tekst is leeg.")))
    length = net.count(text)
    if length > limit:
        problems.append(str(_("%(net)s: %(n)d tekens, maximum %(max)d.") % {"net": net.label, "n": length,
                                                                           "max": limit}))
    if net.byte_limit is not None and t.utf8_length(text) > net.byte_limit:
        problems.append(str(_("%(net)s: meer dan %(max)d bytes.") % {"net": net.label, "max": net.byte_limit}))
    if net.hashtag_limit is not None and len(hashtags_in(text)) > net.hashtag_limit:
        problems.append(str(_("%(net)s: maximaal %(max)d hashtags.") % {"net": net.label, "max": net.hashtag_limit}))
    return problems


def fits(code: str, text: str) -> bool:
    return not check_text(code, text)
