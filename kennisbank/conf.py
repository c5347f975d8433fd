"""The content core's settings accessor: ``kennisbank_settings.<KEY>`` reads Django setting ``KENNISBANK_<KEY>``.

| key | default | meaning |
| --- | --- | --- |
| ``BASE_URL`` | ``""`` | public root URL (``https://www.zonnebeek.be``); the Wagtail Site follows it |
| ``DATA_DIR`` | ``./var`` | SQLite file, embedded search index, media (from the environment, ``settings/base.py``) |
| ``READABILITY`` | ``{}`` | readability thresholds (``docs/readability.md``) |
| ``READABILITY_PUBLISH`` | ``{"BLOCK_VERDICTS": ["hard"], "ALLOW_OVERRIDE": True}`` | publish policy |
| ``TRUSTED_PROXY_COUNT`` | ``0`` | reverse proxies that append to ``X-Forwarded-For`` (0: use ``REMOTE_ADDR``) |
| ``TRUSTED_PROXIES`` | ``["127.0.0.1", "::1"]`` | addresses of those proxies (others' ``X-Forwarded-For`` is ignored) |
| ``LOGIN_ADDRESS_LIMIT`` | ``(30, 900)`` | failed logins per address (all usernames together) per window in seconds |
| ``REVIEW_FALLBACK_EMAILS`` | ``[]`` | who gets review reminders of items whose team has no e-mail address |
| ``FEEDBACK_RATE_LIMIT`` | ``(10, 600)`` | "Was dit nuttig?" answers per client (IP address) per window in seconds |
| ``GAP_RATE_LIMIT`` | ``(30, 600)`` | "Niet gevonden" reports per operator per window in seconds |
| ``TASK_HEARTBEAT_SECONDS`` | ``5`` | how often a ``db_worker`` process writes its heartbeat row |
| ``TASK_LEASE_SECONDS`` | ``60`` | a RUNNING task whose worker sent no heartbeat for this long is run again |
| ``TASK_MAX_CLAIMS`` | ``5`` | a task whose workers died this many times is marked FAILED instead |

Validated at start-up (``KennisbankConfig.ready``): a wrong value stops the process with a message naming it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .appsettings import AppSettings, integer, number, text_list

READABILITY_VERDICTS = ("hard", "warn", "ok")


def _path(value: Any) -> Path:
    if not isinstance(value, str | Path) or not str(value):
        raise ValueError(f"expected a directory path, got {value!r}")
    return Path(value)


def _base_url(value: Any) -> str:
    if value in ("", None):
        return ""
    if not isinstance(value, str):
        raise ValueError(f"expected a URL, got {value!r}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"expected http(s)://host[:port], got {value!r}")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ValueError(f"the site must live at the root of its host (no path), got {value!r}")
    return f"{parts.scheme}://{parts.netloc}"


def _thresholds(value: Any) -> dict[str, Any]:
    from .readability.config import Thresholds

    if not value:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"expected a dict of thresholds, got {type(value).__name__}")
    Thresholds.from_mapping(value)  # raises ValueError naming the key
    return dict(value)


def _publish_policy(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a dict, got {type(value).__name__}")
    unknown = set(value) - {"BLOCK_VERDICTS", "ALLOW_OVERRIDE"}
    if unknown:
        raise ValueError(f"unknown key(s) {sorted(unknown)} (known: BLOCK_VERDICTS, ALLOW_OVERRIDE)")
    merged = {"BLOCK_VERDICTS": ["hard"], "ALLOW_OVERRIDE": True, **value}
    verdicts = text_list(merged["BLOCK_VERDICTS"])
    bad = [v for v in verdicts if v not in READABILITY_VERDICTS]
    if bad:
        raise ValueError(f"BLOCK_VERDICTS: unknown verdict(s) {bad} (known: {', '.join(READABILITY_VERDICTS)})")
    if not isinstance(merged["ALLOW_OVERRIDE"], bool):
        raise ValueError("ALLOW_OVERRIDE: expected True or False")
    return {"BLOCK_VERDICTS": verdicts, "ALLOW_OVERRIDE": merged["ALLOW_OVERRIDE"]}


def _rate(value: Any) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"expected (requests, seconds), got {value!r}")
    requests, seconds = (integer(minimum=0)(v) for v in value)
    return requests, seconds


kennisbank_settings = AppSettings(
    {
        "BASE_URL": "",
        "DATA_DIR": "var",
        "READABILITY": {},
        "READABILITY_PUBLISH": {},
        "TRUSTED_PROXY_COUNT": 0,
        "TRUSTED_PROXIES": ["127.0.0.1", "::1"],
        "LOGIN_ADDRESS_LIMIT": (30, 900),
        "REVIEW_FALLBACK_EMAILS": [],
        "FEEDBACK_RATE_LIMIT": (10, 600),
        "GAP_RATE_LIMIT": (30, 600),
        "TASK_HEARTBEAT_SECONDS": 5,
        "TASK_LEASE_SECONDS": 60,
        "TASK_MAX_CLAIMS": 5,
    },
    prefix="KENNISBANK_",
    validators={
        "BASE_URL": _base_url,
        "DATA_DIR": _path,
        "READABILITY": _thresholds,
        "READABILITY_PUBLISH": _publish_policy,
        "TRUSTED_PROXY_COUNT": integer(minimum=0),
        "TRUSTED_PROXIES": text_list,
        "LOGIN_ADDRESS_LIMIT": _rate,
        "REVIEW_FALLBACK_EMAILS": text_list,
        "FEEDBACK_RATE_LIMIT": _rate,
        "GAP_RATE_LIMIT": _rate,
        "TASK_HEARTBEAT_SECONDS": number(minimum=0.1),
        "TASK_LEASE_SECONDS": number(minimum=1),
        "TASK_MAX_CLAIMS": integer(minimum=1),
    },
)
