"""Webcare: a ready reply, from a public product or fiche, to a question in a comment or a direct message.

The reply is short and friendly, in the ``u`` form: a greeting, the item's short answer, the link, and the
municipality's name. Per network it fits the length of a reply there (a reply counts like a post; Instagram
comments cannot hold a clickable link, so the link goes in the text for a direct message only). The team copies
it with one click and adds the person's @name where the network needs it, then logs the answer as a contact
(channel "sociale media", the item consulted) in the operator workstation's contact register.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kennisbank.identity import identity
from kennisbank.models import ContentPage

from . import networks
from . import text as t
from .composer import utm_url
from .sources import page_url

#: Where a reply goes: (key, label, network whose counting and limit apply, link in the text?).
CHANNELS: tuple[tuple[str, str, str, bool], ...] = (
    ("facebook", "Facebook (reactie of Messenger)", "facebook", True),
    ("instagram_comment", "Instagram (reactie)", "instagram", False),
    ("instagram_dm", "Instagram (privébericht)", "instagram", True),
    ("x", "X (antwoord)", "x", True),
    ("mastodon", "Mastodon (antwoord)", "mastodon", True),
    ("bluesky", "Bluesky (antwoord)", "bluesky", True),
    ("linkedin", "LinkedIn (reactie)", "linkedin", True),
)
#: Room kept for the @name the team puts in front (Mastodon and Bluesky replies start with one).
MENTION_ROOM = 30


@dataclass(frozen=True)
class Reply:
    key: str
    label: str
    network: str
    text: str
    count: int
    limit: int


def replies(page: ContentPage, *, campaign: str = "webcare") -> list[Reply]:
    """One ready reply per channel, each within that network's limit (minus room for an @name)."""
    who = identity().name
    greeting = _("Dag!")
    closing = _("Groeten, %(name)s") % {"name": who} if who else ""
    answer = " ".join((getattr(page, "short_answer", "") or page.title).split())
    out = []
    for key, label, code, with_link in CHANNELS:
        net = networks.get(code)
        link = utm_url(page_url(page), code, campaign) if with_link else ""
        more = (_("Meer info: %(link)s") % {"link": link}) if link else _("Meer info vindt u op onze website.")
        limit = networks.limit_of(code) - (MENTION_ROOM if code in ("mastodon", "bluesky", "x") else 0)

        def reply(body: str, more: str = more) -> str:
            return "\n\n".join(p for p in (f"{greeting} {body}".strip(), more, closing) if p)

        budget = limit - net.count(reply("")) - 1
        body = t.truncate_words(answer, budget, net.count)
        while net.count(reply(body)) > limit and body:
            budget -= 5
            body = t.truncate_words(answer, budget, net.count)
        text = reply(body)
        out.append(Reply(key, label, code, text, net.count(text), networks.limit_of(code)))
    return out
