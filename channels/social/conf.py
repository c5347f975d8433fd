"""The social channel's settings accessor: ``social_settings.<KEY>`` reads Django's ``KENNISBANK_SOCIAL[<KEY>]``.

An empty account value means "not configured": that network is export-only. Secrets come from the environment
(``kennisbank/settings/base.py``). Validated at start-up (``SocialConfig.ready``).
"""

from __future__ import annotations

from kennisbank.appsettings import AppSettings, integer, number, text, url

social_settings = AppSettings(
    {
        "MASTODON_URL": "",
        "MASTODON_TOKEN": "",
        "BLUESKY_URL": "https://bsky.social",
        "BLUESKY_HANDLE": "",
        "BLUESKY_APP_PASSWORD": "",
        "HTTP_TIMEOUT": 20,
        "LEASE_SECONDS": 600,
        "MAX_ATTEMPTS": 5,
        "BACKOFF_SECONDS": 60,
        "BACKOFF_MAX_SECONDS": 6 * 3600,
        "GRACE_SECONDS": 6 * 3600,
        "FEED_DAYS": 30,
        "EXPORT_DAYS": 90,
        "ICS_PAST_DAYS": 30,
    },
    setting="KENNISBANK_SOCIAL",
    validators={
        "MASTODON_URL": url,
        "MASTODON_TOKEN": text,
        "BLUESKY_URL": url,
        "BLUESKY_HANDLE": text,
        "BLUESKY_APP_PASSWORD": text,
        "HTTP_TIMEOUT": number(minimum=0.1),
        "LEASE_SECONDS": integer(minimum=1),
        "MAX_ATTEMPTS": integer(minimum=1),
        "BACKOFF_SECONDS": integer(minimum=0),
        "BACKOFF_MAX_SECONDS": integer(minimum=0),
        "GRACE_SECONDS": integer(minimum=0),
        "FEED_DAYS": integer(minimum=1),
        "EXPORT_DAYS": integer(minimum=1),
        "ICS_PAST_DAYS": integer(minimum=0),
    },
)
