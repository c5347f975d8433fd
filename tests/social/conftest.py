"""Fixtures of the social channel: a local HTTP server speaking the Mastodon and Bluesky (XRPC) APIs.

The server runs on 127.0.0.1 in a thread, records every request, honours ``Idempotency-Key`` like Mastodon
(same key → the first status again) and refuses a second record at an existing Bluesky record key like a PDS.
``fail`` queues faults for the next requests: ``"503"`` (answer 503), ``"429"`` (Mastodon's rate limit, with
``X-RateLimit-Reset`` half an hour ahead), ``"expire"`` (the Bluesky access token has expired: 400 ``ExpiredToken``,
as a PDS answers) or ``"drop"`` (accept and store the post, then close the connection without an answer: a crash
between the remote call and our bookkeeping). ``GET /api/v2/instance`` answers Mastodon's instance document
with ``max_characters``; Bluesky sessions come from ``createSession`` and are renewed by ``refreshSession``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from tests.factories import make_item

TOKEN = "test-mastodon-token"
HANDLE = "gemeente.test"
APP_PASSWORD = "app-pass-1234"
DID = "did:plc:gemeentetest"
TID_RE = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


class FakeSocialServer:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[dict] = []
        self.by_key: dict[str, dict] = {}
        self.records: dict[str, dict] = {}
        self.fail: list[str] = []
        self.max_characters = 500
        self.media: dict[str, dict] = {}
        self.blobs: list[dict] = []
        self.sessions = 0
        self.valid_access: set[str] = set()
        self.valid_refresh: set[str] = set()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _json(self, code: int, data: dict, headers: dict | None = None) -> None:
                raw = json.dumps(data).encode()
                self.send_response(code)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _body(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                kind = self.headers.get("Content-Type", "")
                if kind.startswith("multipart/form-data"):
                    # Parsed as Mastodon (Rails) does: a real MIME parser, not our own idea of the format.
                    from email.parser import BytesParser
                    from email.policy import HTTP

                    message = BytesParser(policy=HTTP).parsebytes(
                        f"Content-Type: {kind}\r\n\r\n".encode() + raw)
                    parts = {}
                    for part in message.iter_parts():
                        name = part.get_param("name", header="content-disposition")
                        parts[name] = {"filename": part.get_filename(), "type": part.get_content_type(),
                                       "data": part.get_payload(decode=True)}
                    return {"multipart": parts}
                if not kind.startswith("application/json") and raw:
                    return {"raw": raw, "type": kind}
                return json.loads(raw or b"{}")

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with server.lock:
                    server.requests.append({"method": "GET", "path": parts.path, "query": parts.query,
                                            "headers": dict(self.headers)})
                if parts.path == "/api/v2/instance":
                    return self._json(200, {"domain": "social.test", "configuration": {"statuses": {
                        "max_characters": server.max_characters, "max_media_attachments": 4,
                        "characters_reserved_per_url": 23}}})
                if parts.path == "/xrpc/com.atproto.repo.getRecord":
                    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
                    uri = f"at://{q['repo']}/{q['collection']}/{q['rkey']}"
                    if uri in server.records:
                        return self._json(200, {"uri": uri, "cid": "bafytest", "value": server.records[uri]})
                    return self._json(400, {"error": "RecordNotFound", "message": "Could not locate record"})
                return self._json(404, {"error": "NotFound"})

            def do_POST(self) -> None:
                path = urlsplit(self.path).path
                body = self._body()
                with server.lock:
                    server.requests.append({"method": "POST", "path": path, "body": body,
                                            "headers": dict(self.headers)})
                    fault = server.fail.pop(0) if server.fail and path not in (
                        "/xrpc/com.atproto.server.createSession", "/xrpc/com.atproto.server.refreshSession") \
                        else None
                if fault == "503":
                    return self._json(503, {"error": "unavailable"})
                if fault == "429":
                    reset = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)).isoformat()
                    return self._json(429, {"error": "Too many requests"}, headers={
                        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
                if fault == "expire":
                    with server.lock:
                        server.valid_access.clear()
                if path == "/api/v2/media":
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        return self._json(401, {"error": "The access token is invalid"})
                    file = body.get("multipart", {}).get("file")
                    if not file or not file["data"]:
                        return self._json(422, {"error": "Validation failed: File can't be blank"})
                    with server.lock:
                        media_id = str(500 + len(server.media) + 1)
                        server.media[media_id] = {"description": body["multipart"].get("description", {}).get(
                            "data", b"").decode(), "type": file["type"], "size": len(file["data"])}
                    return self._json(200, {"id": media_id, "type": "image", "url": f"{server.url}/m/{media_id}"})
                if path == "/xrpc/com.atproto.repo.uploadBlob":
                    token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                    if token not in server.valid_access:
                        return self._json(400, {"error": "ExpiredToken", "message": "Token has expired"})
                    data = body.get("raw", b"")
                    if len(data) > 1_000_000:
                        return self._json(400, {"error": "BlobTooLarge", "message": "This file is too large"})
                    blob = {"$type": "blob", "ref": {"$link": f"bafkrei{len(server.blobs):04d}"},
                            "mimeType": body.get("type", ""), "size": len(data)}
                    server.blobs.append(blob)
                    return self._json(200, {"blob": blob})
                if path == "/api/v1/statuses":
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        return self._json(401, {"error": "The access token is invalid"})
                    key = self.headers.get("Idempotency-Key", "")
                    with server.lock:
                        status = server.by_key.get(key) if key else None
                        if status is None:
                            n = len(server.statuses) + 1
                            unknown = [m for m in body.get("media_ids", []) if m not in server.media]
                            if unknown:
                                return self._json(422, {"error": f"Validation failed: media {unknown}"})
                            status = {"id": str(1000 + n), "url": f"https://social.test/@gemeente/{1000 + n}",
                                      "content": body.get("status", ""), "media_ids": body.get("media_ids", [])}
                            server.statuses.append(status)
                            if key:
                                server.by_key[key] = status
                    if fault == "drop":
                        return  # stored, but the client never hears back
                    return self._json(200, status)
                if path == "/xrpc/com.atproto.server.createSession":
                    if body.get("identifier") != HANDLE or body.get("password") != APP_PASSWORD:
                        return self._json(401, {"error": "AuthenticationRequired"})
                    with server.lock:
                        server.sessions += 1
                        access, refresh = f"jwt-access-{server.sessions}", f"jwt-refresh-{server.sessions}"
                        server.valid_access.add(access)
                        server.valid_refresh.add(refresh)
                    return self._json(200, {"accessJwt": access, "refreshJwt": refresh, "did": DID,
                                            "handle": HANDLE})
                if path == "/xrpc/com.atproto.server.refreshSession":
                    token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                    with server.lock:
                        if token not in server.valid_refresh:
                            return self._json(400, {"error": "ExpiredToken", "message": "Token has expired"})
                        server.valid_refresh.discard(token)  # refresh tokens are single use
                        access, refresh = f"{token}-a", f"{token}-r"
                        server.valid_access.add(access)
                        server.valid_refresh.add(refresh)
                    return self._json(200, {"accessJwt": access, "refreshJwt": refresh, "did": DID,
                                            "handle": HANDLE})
                if path == "/xrpc/com.atproto.repo.createRecord":
                    token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                    if token not in server.valid_access:
                        if token.startswith("jwt-access"):
                            return self._json(400, {"error": "ExpiredToken", "message": "Token has expired"})
                        return self._json(401, {"error": "AuthenticationRequired"})
                    rkey = body.get("rkey", "")
                    if rkey and not TID_RE.match(rkey):
                        return self._json(400, {"error": "InvalidRequest", "message": "invalid TID"})
                    uri = f"at://{body['repo']}/{body['collection']}/{rkey}"
                    with server.lock:
                        if uri in server.records:
                            return self._json(400, {"error": "InvalidRequest", "message": "Record already exists"})
                        server.records[uri] = body["record"]
                    if fault == "drop":
                        return
                    return self._json(200, {"uri": uri, "cid": "bafytest"})
                return self._json(404, {"error": "NotFound"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def calls(self) -> list[dict]:
        """Requests that act on the account (the instance document lookup aside)."""
        return [r for r in self.requests if r["path"] != "/api/v2/instance"]

    def posts(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == path]


@pytest.fixture
def fake_server():
    server = FakeSocialServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def social_accounts(settings, fake_server):
    """Both publishers configured against the local fake server; fast backoff; no session or limits cached."""
    from django.core.cache import cache

    cache.clear()
    settings.KENNISBANK_SOCIAL = {
        "MASTODON_URL": fake_server.url, "MASTODON_TOKEN": TOKEN,
        "BLUESKY_URL": fake_server.url, "BLUESKY_HANDLE": HANDLE, "BLUESKY_APP_PASSWORD": APP_PASSWORD,
        "HTTP_TIMEOUT": 5, "BACKOFF_SECONDS": 60, "MAX_ATTEMPTS": 3,
    }
    return fake_server


@pytest.fixture
def no_accounts(settings):
    settings.KENNISBANK_SOCIAL = {}


def recent_slot(minutes_ago: int = 10) -> dt.datetime:
    """A due moment on a 5-minute boundary, a little in the past."""
    now = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=minutes_ago)
    return now - dt.timedelta(minutes=now.minute % 5)


@pytest.fixture
def social_fiche(site_structure):
    return make_item("fiche", title="Ik ben verhuisd: wat moet ik doen?",
                     short_answer="Geef uw nieuwe adres binnen 8 werkdagen door aan de dienst Burgerzaken.",
                     themes=["Burgerzaken", "Wonen en verhuizen"])
