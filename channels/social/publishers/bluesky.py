"""Bluesky (AT protocol): a session, then ``com.atproto.repo.createRecord``.

The session is reused: ``createSession`` is rate-limited (30 per 5 minutes, 300 per day per account), so its
tokens are kept in Django's cache (Redis in production, shared by all workers) and an expired access token
(``ExpiredToken``) is renewed with ``com.atproto.server.refreshSession``. Only when the refresh token is refused
too is a new session created.

A post with a link gets a link card (``app.bsky.embed.external``: the item's URL, title and short answer). A post
with a picture gets it instead (``com.atproto.repo.uploadBlob``, then ``app.bsky.embed.images`` with the alt text
and aspect ratio); the link stays a facet in the text.

The record key is a TID derived from (post, network, slot), so a retry writes to the same key: the PDS refuses
a second record there, and we then confirm the existing one with ``com.atproto.repo.getRecord`` instead of
posting again. Links become ``app.bsky.richtext.facet#link`` facets (UTF-8 byte offsets), hashtags ``#tag``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache

from .. import networks
from ..text import find_urls
from .base import PublishError, PublishRequest, PublishResult, request_json

COLLECTION = "app.bsky.feed.post"
#: How long a session's tokens are kept in the cache (Bluesky's refresh tokens live about two months).
SESSION_CACHE_SECONDS = 30 * 24 * 3600
#: Link card limits we keep to (Bluesky clients show about this much).
CARD_TITLE_MAX, CARD_DESCRIPTION_MAX = 300, 1000
_S32 = "234567abcdefghijklmnopqrstuvwxyz"


def tid_for(key: str, slot_at: dt.datetime) -> str:
    """A valid, deterministic TID (13 chars base32-sortable): slot time in µs + hash-derived µs and clock id."""
    h = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    micros = int(slot_at.timestamp()) * 1_000_000 + h % 1_000_000
    n = (micros << 10) | ((h >> 20) % 1024)
    out = ""
    for _ in range(13):
        out = _S32[n & 31] + out
        n >>= 5
    return out


def _byte_span(text: str, start: int, end: int) -> dict[str, int]:
    return {"byteStart": len(text[:start].encode("utf-8")), "byteEnd": len(text[:end].encode("utf-8"))}


def build_facets(text: str, *, link_url: str = "", link_display: str = "") -> list[dict[str, Any]]:
    """Link facets (the display text → ``link_url``; bare http(s) URLs → themselves) and hashtag facets."""
    facets: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    if link_url and link_display:
        pos = text.find(link_display)
        if pos >= 0:
            taken.append((pos, pos + len(link_display)))
            facets.append({"index": _byte_span(text, pos, pos + len(link_display)),
                           "features": [{"$type": "app.bsky.richtext.facet#link", "uri": link_url}]})
    for start, end in find_urls(text):
        if any(s < end and start < e for s, e in taken):
            continue
        facets.append({"index": _byte_span(text, start, end),
                       "features": [{"$type": "app.bsky.richtext.facet#link", "uri": text[start:end]}]})
    for m in networks.HASHTAG_RE.finditer(text):
        facets.append({"index": _byte_span(text, m.start(), m.end()),
                       "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": m.group(1)}]})
    return facets


class BlueskyPublisher:
    network = "bluesky"

    def __init__(self, base_url: str, handle: str, app_password: str, *, timeout: float = 20) -> None:
        self.base_url = base_url.rstrip("/")
        self.handle = handle
        self.app_password = app_password
        self.timeout = timeout

    def _xrpc(self, nsid: str) -> str:
        return f"{self.base_url}/xrpc/{nsid}"

    def _cache_key(self) -> str:
        digest = hashlib.sha256(f"{self.base_url}|{self.handle}".encode()).hexdigest()[:16]
        return f"kb_social:bluesky-session:{digest}"

    def _create_session(self) -> dict[str, Any]:
        data = request_json("POST", self._xrpc("com.atproto.server.createSession"),
                            body={"identifier": self.handle, "password": self.app_password}, timeout=self.timeout)
        if not data.get("accessJwt") or not data.get("did"):
            raise PublishError("createSession gave no accessJwt/did", retryable=False)
        cache.set(self._cache_key(), data, SESSION_CACHE_SECONDS)
        return data

    def _session(self) -> dict[str, Any]:
        """The cached session, or a new one (``createSession``)."""
        cached = cache.get(self._cache_key())
        if isinstance(cached, dict) and cached.get("accessJwt") and cached.get("did"):
            return cached
        return self._create_session()

    def _refresh(self, session: dict[str, Any]) -> dict[str, Any]:
        """New tokens from ``refreshSession``; a refused refresh token means a new session."""
        try:
            data = request_json("POST", self._xrpc("com.atproto.server.refreshSession"),
                                headers={"Authorization": f"Bearer {session.get('refreshJwt', '')}"},
                                timeout=self.timeout)
        except PublishError as exc:
            if exc.status in (400, 401):
                cache.delete(self._cache_key())
                return self._create_session()
            raise
        if not data.get("accessJwt"):
            return self._create_session()
        fresh = {**session, **data}
        cache.set(self._cache_key(), fresh, SESSION_CACHE_SECONDS)
        return fresh

    def _authorized(self, session: dict[str, Any], call: Any) -> tuple[dict[str, Any], Any]:
        """Run ``call(session)``; on an expired access token refresh once and run it again."""
        try:
            return session, call(session)
        except PublishError as exc:
            if exc.status in (400, 401) and exc.error_code in ("ExpiredToken", "InvalidToken"):
                session = self._refresh(session)
                return session, call(session)
            raise

    def _existing(self, session: dict[str, Any], rkey: str) -> dict[str, Any] | None:
        query = urlencode({"repo": session["did"], "collection": COLLECTION, "rkey": rkey})
        try:
            return request_json("GET", f"{self._xrpc('com.atproto.repo.getRecord')}?{query}",
                                headers={"Authorization": f"Bearer {session['accessJwt']}"}, timeout=self.timeout)
        except PublishError as exc:
            if exc.status in (400, 404):
                return None
            raise

    def _web_url(self, rkey: str) -> str:
        return f"https://bsky.app/profile/{self.handle}/post/{rkey}"

    def _upload(self, session: dict[str, Any], picture: Any) -> dict[str, Any]:
        data = request_json("POST", self._xrpc("com.atproto.repo.uploadBlob"), raw=picture.data,
                            content_type=picture.mime, headers={"Authorization": f"Bearer {session['accessJwt']}"},
                            timeout=self.timeout)
        blob = data.get("blob")
        if not isinstance(blob, dict):
            raise PublishError("uploadBlob gave no blob", retryable=True)
        return blob

    @staticmethod
    def link_card(request: PublishRequest) -> dict[str, Any] | None:
        """The ``app.bsky.embed.external`` embed for the post's link, or None without a link."""
        if not request.link_url:
            return None
        return {"$type": "app.bsky.embed.external",
                "external": {"uri": request.link_url,
                             "title": (request.link_title or request.link_display or request.link_url)[
                                 :CARD_TITLE_MAX],
                             "description": request.link_description[:CARD_DESCRIPTION_MAX]}}

    def publish(self, request: PublishRequest) -> PublishResult:
        session = self._session()
        rkey = tid_for(request.idempotency_key, request.slot_at)
        record = {
            "$type": COLLECTION,
            "text": request.text,
            "createdAt": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "langs": ["nl"],
        }
        facets = build_facets(request.text, link_url=request.link_url, link_display=request.link_display)
        if facets:
            record["facets"] = facets  # type: ignore[assignment]
        if request.picture is not None:
            session, blob = self._authorized(session, lambda current: self._upload(current, request.picture))
            record["embed"] = {"$type": "app.bsky.embed.images", "images": [{  # type: ignore[assignment]
                "alt": request.picture.alt, "image": blob,
                "aspectRatio": {"width": request.picture.width, "height": request.picture.height}}]}
        elif card := self.link_card(request):
            record["embed"] = card  # type: ignore[assignment]

        def create(current: dict[str, Any]) -> dict[str, Any]:
            return request_json(
                "POST", self._xrpc("com.atproto.repo.createRecord"),
                body={"repo": current["did"], "collection": COLLECTION, "rkey": rkey, "record": record},
                headers={"Authorization": f"Bearer {current['accessJwt']}"}, timeout=self.timeout,
            )

        try:
            session, data = self._authorized(session, create)
        except PublishError as exc:
            if exc.status is None or exc.status >= 500 or exc.status == 400 or exc.status == 409:
                # The record may exist already (earlier attempt got through): confirm instead of re-posting.
                existing = self._existing(self._session(), rkey)  # the session may have been refreshed
                if existing is not None:
                    return PublishResult(remote_id=str(existing.get("uri", "")), remote_url=self._web_url(rkey),
                                         already_existed=True)
            raise
        return PublishResult(remote_id=str(data.get("uri", "")), remote_url=self._web_url(rkey))
