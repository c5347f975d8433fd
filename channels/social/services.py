"""Writes of the social channel: create/generate/approve posts, pause on source changes, plan and publish slots.

Publishing is "at most once per (post, network, slot)":
1. ``enqueue_due`` creates the ``Publication`` row for a due slot (unique constraint) and enqueues one task;
2. ``claim`` locks the row (``select_for_update`` in a transaction) and marks it ``publishing`` with a lease;
   a published/failed/skipped row, or one another worker holds, is left alone;
3. the network call carries a key derived from the slot (Mastodon ``Idempotency-Key``, Bluesky record key), so
   a crash after the remote call but before the result is stored is repaired by the retry, not duplicated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import composer, media, networks, publishers, schedule
from .conf import social_settings
from .models import PostStatus, PostVariant, Publication, PublicationStatus, SocialPost
from .sources import SourceNotPublic, fingerprint, page_url, public_source, require_public, source_problem

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from kennisbank.models import ContentPage

logger = logging.getLogger(__name__)

__all__ = ["SourceNotPublic", "approve", "check_source", "claim", "confirm_texts", "create_post", "enqueue_due",
           "generate_variants", "regenerate", "run_publication", "source_changes"]


def _conf(name: str, default: object = None) -> Any:
    """One value of the social settings accessor (``default`` is kept for call sites; the accessor has them)."""
    return getattr(social_settings, name)


def lease() -> dt.timedelta:
    """How long a claimed publication belongs to its worker before another may take over (crash recovery)."""
    return dt.timedelta(seconds=int(_conf("LEASE_SECONDS", 600)))


def max_attempts() -> int:
    return int(_conf("MAX_ATTEMPTS", 5))


def backoff(attempt: int) -> dt.timedelta:
    """Exponential backoff after failed attempt ``attempt`` (1-based): base · 2^(attempt-1), capped."""
    base, cap = int(_conf("BACKOFF_SECONDS", 60)), int(_conf("BACKOFF_MAX_SECONDS", 6 * 3600))
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempt - 1)))


def grace() -> dt.timedelta:
    """How late a missed slot may still go out (a worker that was down does not flood the timeline)."""
    return dt.timedelta(seconds=int(_conf("GRACE_SECONDS", 6 * 3600)))


# --- posts --------------------------------------------------------------------------------------------------------
def _hashtags(page: ContentPage) -> list[str]:
    return [theme.name for theme in page.themes.all()]


def generate_variants(post: SocialPost, *, overwrite: bool = False, network_codes: list[str] | None = None
                      ) -> list[PostVariant]:
    """Create (or with ``overwrite`` regenerate) the variant per network from the PUBLIC source.

    Raises ``SourceNotPublic`` for an internal, draft or missing source: nothing is written then.
    """
    page = require_public(post.source_id)
    out = []
    for code in network_codes or list(networks.NETWORKS):
        existing = post.variants.filter(network=code).first()
        if existing is not None and not overwrite:
            out.append(existing)
            continue
        v = composer.build_variant(code, short_answer=page.short_answer, title=page.title, url=page_url(page),
                                     hashtags=_hashtags(page), campaign=post.campaign)
        variant = existing or PostVariant(post=post, network=code)
        if existing is None and code in media.NEEDS_IMAGE and not post.image_id:
            variant.enabled = False  # Instagram posts no text alone: switched on once the post has a picture
        variant.text, variant.link_url, variant.link_display = v.text, v.link_url, v.link_display
        variant.save()
        out.append(variant)
    if overwrite or not post.texts_fingerprint:
        post.texts_fingerprint = fingerprint(page)
        SocialPost.objects.filter(pk=post.pk).update(texts_fingerprint=post.texts_fingerprint)
    return out


@dataclass(frozen=True)
class VariantChange:
    """What regenerating one variant would change: the text now and the text from the current source."""

    network: str
    label: str
    current: str
    regenerated: str


def source_changes(post: SocialPost) -> tuple[dict[str, tuple[str, str]], list[VariantChange]]:
    """For a post whose source changed: (field → (as approved, now)) of the source, and each enabled variant's
    current text beside what it would be regenerated to. Raises ``SourceNotPublic``."""
    page = require_public(post.source_id)
    before: dict[str, str] = {}
    if post.approved_revision_id:
        from wagtail.models import Revision

        revision = Revision.objects.filter(pk=post.approved_revision_id).first()
        if revision is not None:
            old = revision.as_object()
            before = {"title": old.title, "short_answer": getattr(old, "short_answer", "")}
    fields = {name: (before.get(name, ""), getattr(page, name)) for name in ("title", "short_answer")
              if before.get(name, "") != getattr(page, name)}
    changes = []
    for variant in post.variants.filter(enabled=True):
        fresh = composer.build_variant(variant.network, short_answer=page.short_answer, title=page.title,
                                       url=page_url(page), hashtags=_hashtags(page), campaign=post.campaign)
        changes.append(VariantChange(variant.network, networks.get(variant.network).label, variant.text,
                                     fresh.text))
    return fields, changes


def regenerate(post: SocialPost) -> SocialPost:
    """New texts for every variant from the current source; the post goes back to draft for approval."""
    generate_variants(post, overwrite=True, network_codes=list(post.variants.values_list("network", flat=True))
                      or None)
    post.status, post.pause_reason = PostStatus.DRAFT, ""
    post.save(update_fields=["status", "pause_reason", "updated_at"])
    return post


def confirm_texts(post: SocialPost) -> SocialPost:
    """The team checked the texts against the current source and keeps them (no regeneration)."""
    page = require_public(post.source_id)
    post.texts_fingerprint = fingerprint(page)
    post.status, post.pause_reason = PostStatus.DRAFT, ""
    post.save(update_fields=["texts_fingerprint", "status", "pause_reason", "updated_at"])
    return post


@transaction.atomic
def create_post(page: ContentPage, *, campaign: str = "", network_codes: list[str] | None = None,
                user: AbstractBaseUser | None = None, approve_now: bool = False) -> SocialPost:
    """A new post about ``page`` with generated variants. ``SourceNotPublic`` unless the page is public + live."""
    source = require_public(page.pk)
    post = SocialPost.objects.create(source=source, campaign=campaign)
    generate_variants(post, network_codes=network_codes)
    if approve_now:
        approve(post, user)
    return post


_STALE_TEXTS = ("De bron is gewijzigd sinds deze teksten gemaakt zijn. Vergelijk en genereer ze opnieuw, of "
                "bevestig dat ze nog kloppen (knop 'Vergelijk met de bron').")


def approve(post: SocialPost, user: AbstractBaseUser | None = None) -> SocialPost:
    """Approve against the current public source: store its fingerprint and revision, clear any pause.

    Raises ``SourceNotPublic`` or ``ValidationError`` (an enabled variant over its limit).
    """
    page = require_public(post.source_id)
    if not post.variants.exists():
        generate_variants(post)
    basis = post.texts_fingerprint or post.approved_fingerprint
    if basis and basis != fingerprint(page):
        # The texts were written for an older version of the source: approving them as they are would send
        # stale facts ("6.00 uur" when the source now says "5.30 uur").
        raise ValidationError(_STALE_TEXTS)
    problems = [f"{v.get_network_display()}: {p}" for v in post.variants.filter(enabled=True)
                for p in networks.check_text(v.network, v.text)]
    if not post.image_id:
        problems += [f"{v.get_network_display()}: kies een afbeelding (dit netwerk post geen tekst alleen)."
                     for v in post.variants.filter(enabled=True, network__in=media.NEEDS_IMAGE)]
    elif not post.image_alt.strip():
        problems.append("Beschrijf de afbeelding (alternatieve tekst).")
    if problems:
        raise ValidationError(problems)
    post.status = PostStatus.APPROVED
    post.approved_at = timezone.now()
    post.approved_by = user if user is not None and user.is_authenticated else None
    post.approved_fingerprint = fingerprint(page)
    post.texts_fingerprint = post.approved_fingerprint
    post.approved_revision_id = page.live_revision_id
    post.pause_reason = ""
    post.save()
    return post


def pause(post: SocialPost, reason: str) -> None:
    post.status = PostStatus.PAUSED
    post.pause_reason = reason[:300]
    post.save(update_fields=["status", "pause_reason", "updated_at"])
    logger.info("social post %s paused: %s", post.pk, reason)


def check_source(post: SocialPost) -> bool:
    """True when the approved post may go out; otherwise pause it with the reason and return False."""
    if post.status != PostStatus.APPROVED:
        return False
    problem = source_problem(post)
    if problem:
        pause(post, problem)
        return False
    return True


def recheck_posts_for_page(page_id: int) -> int:
    """Pause approved posts whose source (this page) changed, was unpublished or turned internal."""
    return recheck_posts_for_pages({page_id})


def recheck_posts_for_pages(page_ids: Iterable[int]) -> int:
    """:func:`recheck_posts_for_page` for many pages in one query (an import publishes thousands)."""
    paused = 0
    for post in SocialPost.objects.filter(source_id__in=list(page_ids), status=PostStatus.APPROVED):
        paused += not check_source(post)
    return paused


# --- slots --------------------------------------------------------------------------------------------------------
def idempotency_key(post_id: int, network: str, slot_at: dt.datetime) -> str:
    raw = f"kennisbank-social:{post_id}:{network}:{slot_at.astimezone(dt.UTC).isoformat()}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]


def active_slots(start: dt.datetime, end: dt.datetime, *, network: str | None = None,
                 pause_problems: bool = True) -> list[schedule.Slot]:
    """Slots in ``[start, end)`` of approved posts whose source is public and unchanged.

    Posts with a source problem give no slots; with ``pause_problems`` they are paused too (the scheduler does
    that; public exports only read).
    """
    out: list[schedule.Slot] = []
    posts = (SocialPost.objects.filter(status=PostStatus.APPROVED)
             .prefetch_related("variants", "rules"))
    for post in posts:
        problem = source_problem(post)
        if problem:
            if pause_problems:
                pause(post, problem)
            continue
        page = public_source(post)
        out.extend(schedule.post_slots(post, start, end, review_date=page.next_review_date, network=network))  # type: ignore[union-attr]
    return sorted(out, key=lambda s: (s.slot_at, s.network, s.post.pk))


@dataclass
class DueReport:
    created: int = 0
    enqueued: int = 0


def enqueue_due(now: dt.datetime | None = None) -> DueReport:
    """Create the publication row of every due slot on a configured network and enqueue one task per row.

    Idempotent: running it twice (or from two timers) enqueues a slot again only when its row was lost by a
    worker (queued/publishing past the lease) or its retry time has come.
    """
    from .tasks import publish_slot

    now = now or timezone.now()
    report = DueReport()
    configured = publishers.configured_networks()
    to_enqueue: list[int] = []
    for slot in active_slots(now - grace(), now + dt.timedelta(seconds=1)):
        if slot.network not in configured:
            continue
        pub, created = Publication.objects.get_or_create(
            post=slot.post, network=slot.network, slot_at=slot.slot_at,
            defaults={"rule_id": slot.rule_id, "text": slot.variant.text,
                      "idempotency_key": idempotency_key(slot.post.pk, slot.network, slot.slot_at)},
        )
        report.created += created
        if created:
            to_enqueue.append(pub.pk)
    stale = now - lease()
    for pub in Publication.objects.filter(status__in=[PublicationStatus.QUEUED, PublicationStatus.PUBLISHING,
                                                      PublicationStatus.RETRYING]).exclude(pk__in=to_enqueue):
        if (pub.status == PublicationStatus.RETRYING and pub.next_attempt_at and pub.next_attempt_at <= now) or (
                pub.status == PublicationStatus.PUBLISHING and pub.claimed_at and pub.claimed_at <= stale) or (
                pub.status == PublicationStatus.QUEUED and pub.created_at <= stale):
            to_enqueue.append(pub.pk)
    for pk in to_enqueue:
        publish_slot.enqueue(pk)
        report.enqueued += 1
    return report


#: Networks whose duplicate protection only lasts a while after the first attempt, and how long we retry there.
#: Mastodon keeps an Idempotency-Key one hour; the last retry must start well before that (a margin for the
#: request itself and clock differences).
RETRY_WINDOWS = {"mastodon": publishers.MASTODON_IDEMPOTENCY_WINDOW - dt.timedelta(minutes=10)}
WINDOW_MESSAGE = ("Niet opnieuw geprobeerd: na een uur kan Mastodon een herhaald bericht niet meer herkennen. "
                  "Kijk op het account of het bericht er staat en plan het anders opnieuw.")


def past_idempotency_window(pub: Publication, at: dt.datetime) -> bool:
    """Whether a (re)try of ``pub`` at ``at`` could post twice, because the network forgot the first attempt."""
    window = RETRY_WINDOWS.get(pub.network)
    return bool(window and pub.first_attempt_at and at - pub.first_attempt_at >= window)


def claim(pub_id: int, now: dt.datetime | None = None) -> tuple[Publication | None, str]:
    """Lock the row and take it for this worker: (publication, "") or (None, why not)."""
    now = now or timezone.now()
    with transaction.atomic():
        pub = Publication.objects.select_for_update().select_related("post").get(pk=pub_id)
        if pub.status in (PublicationStatus.PUBLISHED, PublicationStatus.FAILED, PublicationStatus.SKIPPED):
            return None, pub.status
        if pub.status == PublicationStatus.PUBLISHING and pub.claimed_at and pub.claimed_at > now - lease():
            return None, "busy"
        if pub.status == PublicationStatus.RETRYING and pub.next_attempt_at and pub.next_attempt_at > now:
            return None, "waiting"
        post = pub.post
        problem = source_problem(post) if post.status == PostStatus.APPROVED else str(post.get_status_display())
        variant = post.variants.filter(network=pub.network, enabled=True).first()
        if not problem and variant is None:
            problem = "variant uitgeschakeld"
        if not problem and not networks.fits(pub.network, variant.text):
            problem = "; ".join(networks.check_text(pub.network, variant.text))
        if problem:
            if post.status == PostStatus.APPROVED and source_problem(post):
                pause(post, problem)
            pub.status, pub.error = PublicationStatus.SKIPPED, problem
            pub.save(update_fields=["status", "error"])
            return None, PublicationStatus.SKIPPED
        if past_idempotency_window(pub, now):
            pub.status, pub.error = PublicationStatus.FAILED, WINDOW_MESSAGE
            pub.save(update_fields=["status", "error"])
            return None, PublicationStatus.FAILED
        pub.status, pub.claimed_at, pub.attempts = PublicationStatus.PUBLISHING, now, pub.attempts + 1
        pub.first_attempt_at = pub.first_attempt_at or now
        pub.text = variant.text
        pub.save(update_fields=["status", "claimed_at", "attempts", "text", "first_attempt_at"])
        pub._variant = variant  # type: ignore[attr-defined]
        return pub, ""


def run_publication(pub_id: int, now: dt.datetime | None = None) -> tuple[str, dt.datetime | None]:
    """Claim, call the network, record the outcome. Returns (status, retry_at or None)."""
    now = now or timezone.now()
    pub, why = claim(pub_id, now)
    if pub is None:
        return why, None
    publisher = publishers.for_network(pub.network)
    if publisher is None:
        Publication.objects.filter(pk=pub.pk).update(status=PublicationStatus.FAILED,
                                                     error="geen account ingesteld voor dit netwerk")
        return PublicationStatus.FAILED, None
    variant = pub._variant  # type: ignore[attr-defined]
    source = pub.post.source.specific
    request = publishers.PublishRequest(text=variant.text, idempotency_key=pub.idempotency_key,
                                        slot_at=pub.slot_at, link_url=variant.link_url,
                                        link_display=variant.link_display,
                                        link_title=source.title if variant.link_url else "",
                                        link_description=getattr(source, "short_answer", "") if variant.link_url
                                        else "",
                                        picture=media.picture_for(pub.post.image, pub.post.image_alt)
                                        if pub.post.image_id and pub.network in media.TAKES_IMAGES else None)
    try:
        result = publisher.publish(request)
    except publishers.PublishError as exc:
        retry_at = None
        error = str(exc)[:2000]
        if exc.retryable and pub.attempts < max_attempts():
            retry_at = timezone.now() + backoff(pub.attempts)
            if exc.retry_at is not None and exc.retry_at > retry_at:  # the network's rate limit resets later
                retry_at = exc.retry_at
            status = PublicationStatus.RETRYING
            if past_idempotency_window(pub, retry_at):
                retry_at, status, error = None, PublicationStatus.FAILED, f"{WINDOW_MESSAGE} ({error})"[:2000]
        else:
            status = PublicationStatus.FAILED
        Publication.objects.filter(pk=pub.pk).update(status=status, next_attempt_at=retry_at, error=error)
        logger.warning("social publication %s attempt %s failed: %s", pub.pk, pub.attempts, exc)
        return status, retry_at
    Publication.objects.filter(pk=pub.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now(), remote_id=result.remote_id[:300],
        remote_url=result.remote_url[:500], error="", next_attempt_at=None)
    return PublicationStatus.PUBLISHED, None
