"""Exports of the schedule: RSS 2.0/Atom per network, Hootsuite and SocialBee CSV, an ICS calendar.

All read slots through ``services.active_slots(..., pause_problems=False)``: only approved posts whose source is
public, live and unchanged since approval. Every republication is its own item (guid/UID per slot, pubDate =
the slot), so feed readers and calendar apps pick up each one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from kennisbank.identity import base_url, identity

from . import media, networks
from .conf import social_settings
from .schedule import TZ, UTC, Slot
from .services import active_slots

HOOTSUITE_MAX_ROWS = 350
HOOTSUITE_MIN_LEAD = dt.timedelta(minutes=15)  # Hootsuite refuses messages scheduled (almost) immediately


def _conf(name: str, default: int) -> int:
    return int(getattr(social_settings, name))


def due_slots(network: str, now: dt.datetime) -> list[Slot]:
    """Slots that are due (at or before ``now``) within the feed window, newest first."""
    start = now - dt.timedelta(days=_conf("FEED_DAYS", 30))
    return list(reversed(active_slots(start, now + dt.timedelta(seconds=1), network=network, pause_problems=False)))


def upcoming_slots(now: dt.datetime, *, network: str | None = None, days: int | None = None,
                   past_days: int = 0) -> list[Slot]:
    start = now - dt.timedelta(days=past_days)
    end = now + dt.timedelta(days=days if days is not None else _conf("EXPORT_DAYS", 90))
    return active_slots(start, end, network=network, pause_problems=False)


def slot_guid(slot: Slot) -> str:
    return f"urn:kennisbank:social:{slot.key}"


def text_without_link(slot: Slot) -> str:
    """The message for tools that take the link in a column of its own (link removed, blank lines tidied)."""
    text = slot.variant.text
    for link in (slot.variant.link_url, slot.variant.link_display):
        if link:
            text = text.replace(link, "")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _title(slot: Slot) -> str:
    return str(slot.post)


def render_feed(network: str, kind: str, *, feed_url: str, site_url: str, now: dt.datetime) -> tuple[str, str]:
    """(body, content type) of the RSS (``kind="rss"``) or Atom feed of due posts on ``network``."""
    net = networks.get(network)
    cls = Atom1Feed if kind == "atom" else Rss201rev2Feed
    who = identity()
    feed = cls(title=f"{who.name} · {net.label}", link=site_url, feed_url=feed_url,
               description=f"Berichten voor {net.label} die nu aan de beurt zijn.", language="nl-be",
               feed_guid=feed_url, author_name=who.name, author_email=who.email or None)
    for slot in due_slots(network, now):
        # Atom (RFC 4287 §4.1.2) wants an author on every entry unless the feed has one; readers that show
        # entries on their own (and the Atom validators) expect it per entry, so both carry the municipality.
        feed.add_item(title=_title(slot), link=slot.variant.link_url or site_url, description=slot.variant.text,
                      unique_id=slot_guid(slot), unique_id_is_permalink=False, pubdate=slot.slot_at,
                      updateddate=slot.slot_at, author_name=who.name, author_email=who.email or None,
                      author_link=site_url)
    return feed.writeString("utf-8"), f"{feed.content_type.split(';')[0]}; charset=utf-8"


def hootsuite_csv(network: str, now: dt.datetime) -> str:
    """Hootsuite bulk composer: no header; date "dd/mm/yyyy hh:mm" (24 h, Brussels time), message, URL.

    Only slots at least 15 minutes ahead, at most 350 rows (Hootsuite's limit per file). Choose the date format
    "dd/mm/yyyy" in the upload dialog.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows = [s for s in upcoming_slots(now, network=network) if s.slot_at >= now + HOOTSUITE_MIN_LEAD]
    for slot in rows[:HOOTSUITE_MAX_ROWS]:
        writer.writerow([slot.slot_at.astimezone(TZ).strftime("%d/%m/%Y %H:%M"), text_without_link(slot),
                         slot.variant.link_url])
    return out.getvalue()


#: SocialBee's CSV import (help.socialbee.com, "How do I import content via CSV?"): a link fills the link preview
#: and must leave the media columns empty; the time is "yyyy-mm-dd hh:mm:ss" in the account's time zone.
SOCIALBEE_HEADER = ["text", "link", "imageUrls", "gifUrls", "videoUrls", "postAtSpecificTime"]


def socialbee_csv(network: str, now: dt.datetime) -> str:
    """CSV for SocialBee's bulk import (and tools that read the same columns), upcoming slots, Brussels time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SOCIALBEE_HEADER)
    for slot in upcoming_slots(now, network=network):
        if slot.slot_at < now:
            continue
        # SocialBee: a link fills the preview and overrides media, so the picture goes only where there is none.
        picture = "" if slot.variant.link_url else media.public_url(slot.post.image, base_url())
        writer.writerow([text_without_link(slot), slot.variant.link_url, picture, "", "",
                         slot.slot_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S")])
    return out.getvalue()


# --- ICS (RFC 5545) ---------------------------------------------------------------------------------------------
def _ics_escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with one space), never inside a character."""
    out, current = [], ""  # type: ignore[var-annotated]
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return "\r\n ".join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def render_ics(now: dt.datetime, *, host: str = "kennisbank") -> str:
    """The schedule as an iCalendar: one VEVENT per slot and network, UID per slot, times in UTC."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kennisbank//Sociale media//NL", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_escape(identity().name + ' · sociale media')}"]
    for slot in upcoming_slots(now, past_days=_conf("ICS_PAST_DAYS", 30)):
        label = networks.get(slot.network).label
        lines += [
            "BEGIN:VEVENT",
            f"UID:{slot.key}@{host}",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(slot.slot_at)}",
            "DURATION:PT15M",
            f"SUMMARY:{_ics_escape(f'[{label}] {_title(slot)}')}",
            f"DESCRIPTION:{_ics_escape(slot.variant.text)}",
            f"CATEGORIES:{_ics_escape(label)}",
            "TRANSP:TRANSPARENT",
        ]
        if slot.variant.link_url:
            lines.append(f"URL:{slot.variant.link_url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
