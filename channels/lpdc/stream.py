"""The instance-snapshot LDES: keep it in step with the products, and cut it into pages.

Contract:
- :func:`sync_product` reconciles one product with the stream: a public, live product whose content differs from its
  last snapshot gets a new snapshot with the full data; a product that stopped being public (unpublished, internal,
  behind a view restriction, deleted) gets one snapshot with ``gearchiveerd: true``; anything else adds nothing, so
  calling it twice is harmless. :func:`sync_all` does it for every product and every known instance.
- ``generatedAtTime`` is strictly increasing over the whole stream (a snapshot made within the same millisecond as
  the previous one is moved one millisecond on), so the pages' ``tree:relation`` bounds hold.
- :func:`page` builds page ``N`` of ``/doc/instancesnapshot`` in the shape of LPDC's reference stub
  (lblod/app-lpdc-digitaal-loket ``tests/instancesnapshot-ldes-stub``): ``view`` with ``relation`` to the previous
  and next page on ``generatedAtTime``, ``member`` in stream order. A page is *closed* once a later page exists (it
  is full and links to it); closed pages never change.
- Only products reach the stream; fiches never do, and internal items only as the archiving snapshot of a product
  that was public before (which carries the last public content, nothing new).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kennisbank.identity import base_url, identity
from kennisbank.models import ProductPage
from kennisbank.selectors import products
from kennisbank.vocabulary import Scope

from .conf import lpdc_settings
from .mapping import IdentityMissing, member_content
from .models import Instance, Snapshot

logger = logging.getLogger(__name__)

PAGE_PATH = "/doc/instancesnapshot"
CONTEXT_PATHS = ("/doc/ipdc-lpdc-im.jsonld", "/doc/ldes.jsonld")
ENVELOPE_KEYS = ("@id", "@type", "isVersionOf", "generatedAtTime", "laatstGewijzigd", "creatie")
ONE_MS = dt.timedelta(milliseconds=1)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fingerprint(member: dict[str, Any]) -> str:
    content = {k: v for k, v in member.items() if k not in ENVELOPE_KEYS}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _next_time() -> dt.datetime:
    now = timezone.now()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    last = Snapshot.objects.order_by("-generated_at").values_list("generated_at", flat=True).first()
    return max(now, last + ONE_MS) if last is not None else now


def _write(instance: Instance, content: dict[str, Any], modified: dt.datetime, *, archived: bool) -> Snapshot:
    snapshot = Snapshot(instance=instance, archived=archived)
    snapshot.generated_at = _next_time()
    member: dict[str, Any] = {
        "@id": snapshot.iri, "@type": ["InstantieSnapshot"], "isVersionOf": instance.iri,
        "creatie": _iso(instance.created_at), "laatstGewijzigd": _iso(modified),
        "generatedAtTime": _iso(snapshot.generated_at), **content,
    }
    if archived:
        member["gearchiveerd"] = "true"
    else:
        member.pop("gearchiveerd", None)
    snapshot.member, snapshot.fingerprint = member, fingerprint(member)
    snapshot.save()
    return snapshot


def last_snapshot(instance: Instance) -> Snapshot | None:
    return instance.snapshots.order_by("-generated_at", "-pk").first()


def _archive(instance: Instance) -> Snapshot | None:
    last = last_snapshot(instance)
    if last is None or last.archived:
        return None
    content = {k: v for k, v in last.member.items() if k not in ENVELOPE_KEYS and k != "gearchiveerd"}
    return _write(instance, content, timezone.now(), archived=True)


def sync_product(page_id: int) -> Snapshot | None:
    """Reconcile product ``page_id`` with the stream; returns the new snapshot, if any (see module docstring)."""
    with transaction.atomic():
        page = products(Scope.PUBLIC).filter(pk=page_id).specific().first()
        instance = Instance.objects.select_for_update().filter(page_id=page_id).first()
        if not isinstance(page, ProductPage):
            return _archive(instance) if instance is not None else None
        try:
            content = member_content(page, identity())
        except IdentityMissing as exc:
            logger.warning("LPDC: product %s not published to the stream: %s", page.external_id, exc)
            return None
        if instance is None:
            instance = Instance.objects.create(page=page, external_id=page.external_id,
                                               created_at=page.first_published_at or timezone.now())
        elif instance.external_id != page.external_id:
            Instance.objects.filter(pk=instance.pk).update(external_id=page.external_id)
        last = last_snapshot(instance)
        candidate = fingerprint(content)
        if last is not None and not last.archived and last.fingerprint == candidate:
            return None
        return _write(instance, content, page.last_published_at or timezone.now(), archived=False)


def archive_instance(instance_id: int) -> Snapshot | None:
    """Archive an instance whose product is gone (deleted)."""
    with transaction.atomic():
        instance = Instance.objects.select_for_update().filter(pk=instance_id).first()
        return _archive(instance) if instance is not None else None


def _identity_ready() -> bool:
    who = identity()
    return bool(who.administrative_unit and who.nis_code)


def sync_all() -> list[Snapshot]:
    """Reconcile every product and every known instance; returns the new snapshots."""
    if not Instance.objects.exists() and not _identity_ready():
        return []  # nothing was ever published and nothing can be: skip the work
    page_ids = set(ProductPage.objects.values_list("pk", flat=True))
    page_ids |= set(Instance.objects.exclude(page=None).values_list("page_id", flat=True))
    out = [s for pk in sorted(page_ids) if (s := sync_product(pk)) is not None]
    out += [s for pk in Instance.objects.filter(page=None).values_list("pk", flat=True)
            if (s := archive_instance(pk)) is not None]
    return out


# --- pages --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StreamPage:
    """One page of the stream: the JSON-LD document, whether it is closed (immutable) and its ETag."""

    document: dict[str, Any]
    closed: bool
    etag: str


def page_url(number: int, root: str | None = None) -> str:
    return f"{root if root is not None else base_url()}{PAGE_PATH}?pageNumber={number}"


def page_count() -> int:
    size = lpdc_settings.PAGE_SIZE
    return max(1, -(-Snapshot.objects.count() // size))


def page(number: int) -> StreamPage | None:
    """Page ``number`` (from 0), or None when it does not exist."""
    size = lpdc_settings.PAGE_SIZE
    total = Snapshot.objects.count()
    last_number = max(0, -(-total // size) - 1)
    if number < 0 or number > last_number:
        return None
    rows = list(Snapshot.objects.order_by("generated_at", "pk")[number * size:(number + 1) * size]
                .values_list("member", "generated_at", "uuid"))
    root = base_url()
    relations = []
    if number > 0:
        relations.append({"node": page_url(number - 1, root), "path": "generatedAtTime",
                          "@type": "LessThanOrEqualToRelation", "value": _iso(rows[0][1])})
    if number < last_number:
        relations.append({"node": page_url(number + 1, root), "path": "generatedAtTime",
                          "@type": "GreaterThanOrEqualToRelation", "value": _iso(rows[-1][1])})
    url = page_url(number, root)
    document = {
        "timestampPath": "generatedAtTime", "versionOfPath": "isVersionOf",
        "view": {"@id": url, "@type": "Node", "relation": relations},
        "@context": [f"{root}{path}" for path in CONTEXT_PATHS],
        "@id": url, "@type": "EventStream",
        "member": [member for member, _at, _uuid in rows],
    }
    closed = number < last_number  # full, and the link to the next page is in place: never changes again
    digest = hashlib.sha256(("|".join(str(u) for _m, _a, u in rows) + f"|{number < last_number}|{root}")
                            .encode()).hexdigest()[:32]
    return StreamPage(document=document, closed=closed, etag=f'"{digest}"')
