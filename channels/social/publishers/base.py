"""Publisher contract and a small JSON-over-HTTP helper on ``urllib.request`` (no extra dependencies)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol


class PublishError(Exception):
    """A failed publication. ``retryable``: network trouble, 5xx or 429 (try again later); else give up.

    ``retry_at``: when the network said it accepts requests again (a rate limit's reset time), if it said so.
    """

    def __init__(self, message: str, *, retryable: bool, status: int | None = None, body: str = "",
                 retry_at: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.body = body
        self.retry_at = retry_at

    @property
    def error_code(self) -> str:
        """The ``error`` field of a JSON error body (XRPC: ``ExpiredToken``, ``RateLimitExceeded``), or ""."""
        try:
            data = json.loads(self.body)
        except ValueError:
            return ""
        return str(data.get("error", "")) if isinstance(data, dict) else ""


def reset_time(headers: Any) -> dt.datetime | None:
    """The rate limit's reset moment from response headers, or None.

    Mastodon sends ``X-RateLimit-Reset`` as an ISO 8601 time; Bluesky's PDS sends ``RateLimit-Reset`` as Unix
    seconds; ``Retry-After`` (seconds) is the HTTP standard.
    """
    if headers is None:
        return None
    now = dt.datetime.now(dt.UTC)
    for name in ("X-RateLimit-Reset", "RateLimit-Reset", "Retry-After"):
        raw = (headers.get(name) or "").strip()
        if not raw:
            continue
        if raw.isdigit():
            value = int(raw)
            return now + dt.timedelta(seconds=value) if name == "Retry-After" or value < 10**9 else \
                dt.datetime.fromtimestamp(value, dt.UTC)
        try:
            parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return None


@dataclass(frozen=True)
class PublishRequest:
    text: str
    idempotency_key: str  # stable per (post, network, slot)
    slot_at: dt.datetime
    link_url: str = ""
    link_display: str = ""
    #: Title and description of the link card (Bluesky ``app.bsky.embed.external``): the source item's title and
    #: short answer.
    link_title: str = ""
    link_description: str = ""
    #: The post's picture (``channels.social.media.Picture``) for networks that take one, or None.
    picture: Any = None


@dataclass(frozen=True)
class PublishResult:
    remote_id: str
    remote_url: str = ""
    already_existed: bool = False


class Publisher(Protocol):
    network: str

    def publish(self, request: PublishRequest) -> PublishResult: ...


def request_json(method: str, url: str, *, body: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None, timeout: float = 20, raw: bytes | None = None,
                 content_type: str = "") -> dict[str, Any]:
    """Send JSON, return the decoded JSON answer; PublishError on any failure (retryable when it may pass).

    A 429 carries the rate limit's reset time (``PublishError.retry_at``) when the network sends one. ``raw`` sends
    bytes as they are (an upload) with ``content_type``.
    """
    data = raw if raw is not None else (json.dumps(body).encode("utf-8") if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (URL from settings, http(s) only)
    if not url.startswith(("http://", "https://")):
        raise PublishError(f"not an http(s) URL: {url}", retryable=False)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", content_type or "application/json")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        text = exc.read().decode("utf-8", "replace")[:2000]
        retryable = exc.code >= 500 or exc.code in (408, 429)
        raise PublishError(f"HTTP {exc.code} from {url}: {text[:300]}", retryable=retryable, status=exc.code,
                           body=text, retry_at=reset_time(exc.headers) if exc.code == 429 else None) from exc
    except (TimeoutError, urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError) as exc:
        raise PublishError(f"connection to {url} failed: {exc}", retryable=True) from exc
    try:
        return json.loads(raw.decode("utf-8")) if raw else {}
    except ValueError as exc:
        raise PublishError(f"no JSON from {url}", retryable=True) from exc


def multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body: ``fields`` name → value, ``files`` name → (filename, mime, bytes).

    Returns (body, content type with its boundary)."""
    import secrets

    boundary = f"kennisbank-{secrets.token_hex(12)}"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                     .encode())
    for name, (filename, mime, content) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {mime}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
