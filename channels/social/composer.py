"""Variant text composition: short answer + link (with UTM tags) + hashtags, fitted to each network's limit.

Pure functions on plain values; the caller (``services``) reads the source through the selectors first, so an
internal or non-live item never reaches this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.text import slugify

from . import networks
from . import text as t

INSTAGRAM_LINK_TEXT = "Meer info: volg de link in onze bio."
LINK_DISPLAY_MAX = 32
MIN_BODY = 40  # below this many "characters" for the answer, hashtags are dropped first


class VariantTooLong(ValueError):
    """Even the link alone does not fit the network (only with absurdly long URLs)."""


@dataclass(frozen=True)
class Variant:
    network: str
    text: str
    link_url: str  # full URL with UTM tags ("" when the network gets no link)
    link_display: str  # the text that stands for the link in the post ("" when none)


def utm_url(url: str, network: str, campaign: str = "") -> str:
    """``url`` with utm_source/utm_medium/utm_campaign set (existing utm_* replaced, other params kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")]
    query += [("utm_source", network), ("utm_medium", "social"), ("utm_campaign", slugify(campaign) or "kennisbank")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def link_display(url: str, max_len: int = LINK_DISPLAY_MAX) -> str:
    """A short readable stand-in for a URL: host + path without scheme, query or ``www.``, cut with "…"."""
    parts = urlsplit(url)
    shown = (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")
    if t.grapheme_length(shown) > max_len:
        shown = "".join(t.regex.findall(r"\X", shown)[: max_len - 1]) + t.ELLIPSIS
    return shown


def hashtag(name: str) -> str:
    """A theme name as a hashtag body: words capitalised and joined ("Wonen en bouwen" → "WonenEnBouwen")."""
    words = t.regex.findall(r"[\p{L}\p{N}]+", name)
    tag = "".join(w[:1].upper() + w[1:] for w in words)
    return tag if t.regex.search(r"\p{L}", tag) else ""


def _limit_inline_hashtags(text: str, limit: int) -> str:
    """Keep the first ``limit`` hashtags of ``text``; later ones lose their ``#`` (the word stays)."""
    seen = 0

    def keep_or_strip(match: t.regex.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= limit else match.group(0).replace("#", "", 1)

    return str(networks.HASHTAG_RE.sub(keep_or_strip, text))


def _compose(body: str, link: str, tags: list[str]) -> str:
    parts = [body, link, " ".join(f"#{tag}" for tag in tags)]
    return "\n\n".join(p for p in parts if p)


def build_variant(network: str, *, short_answer: str, url: str, hashtags: list[str] | None = None,
                  campaign: str = "", title: str = "") -> Variant:
    """The post for ``network``: always within its limits (``networks.fits``).

    The answer is cut at a word boundary with "…" when needed; hashtags go first when they leave less than
    ``MIN_BODY`` for the answer. ``title`` stands in when the short answer is empty.
    """
    net = networks.get(network)
    full_url = utm_url(url, network, campaign) if url else ""
    if net.link_mode == "inline":
        link = full_url
    elif net.link_mode == "display":
        link = link_display(full_url) if full_url else ""
    else:
        link = INSTAGRAM_LINK_TEXT if full_url else ""
    body_source = " ".join((short_answer or title or "").split())
    # Hashtags written in the answer count towards the network's budget: add only new ones, only as many as fit.
    budget_tags = net.hashtag_limit or net.max_hashtags
    body_source = _limit_inline_hashtags(body_source, budget_tags)
    present = {tag.lower() for tag in networks.hashtags_in(body_source)}
    tags: list[str] = []
    for tag in (hashtag(h) for h in hashtags or []):
        if tag and tag.lower() not in {x.lower() for x in tags} and tag.lower() not in present:
            tags.append(tag)
    tags = tags[: max(0, budget_tags - len(present))]

    while True:
        skeleton = _compose("", link, tags)
        budget = networks.limit_of(network) - net.count(skeleton) - (2 if skeleton else 0)
        if tags and budget < min(MIN_BODY, net.count(body_source)):
            tags = tags[:-1]
            continue
        break
    while True:
        body = t.truncate_words(body_source, budget, net.count)
        text = _compose(body, link, tags)
        if networks.fits(network, text):
            break
        if not body:
            if tags:
                tags = tags[:-1]
                continue
            raise VariantTooLong(f"{network}: link alone exceeds the limit ({url!r})")
        budget -= 1  # counting is not perfectly additive (graphemes, URLs across joins): shrink and retry
    return Variant(network=network, text=text, link_url=full_url if net.link_mode != "bio" else "",
                   link_display=link if net.link_mode == "display" else "")
