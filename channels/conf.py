"""The channels' settings accessor: ``channel_settings.<KEY>`` reads Django setting ``KENNISBANK_<KEY>``.

| key | default | meaning |
| --- | --- | --- |
| ``API_CACHE_SECONDS`` | ``300`` | anonymous API responses cached while public content is unchanged (0 = off) |
| ``CALLBACK_RETENTION_DAYS`` | ``30`` | days after a callback request is closed before its personal data is wiped |

The social channel has its own accessor (``channels.social.conf.social_settings``). Validated at start-up
(``ChannelsConfig.ready``).
"""

from __future__ import annotations

from kennisbank.appsettings import AppSettings, integer

channel_settings = AppSettings(
    {"API_CACHE_SECONDS": 300, "CALLBACK_RETENTION_DAYS": 30},
    prefix="KENNISBANK_",
    validators={"API_CACHE_SECONDS": integer(minimum=0), "CALLBACK_RETENTION_DAYS": integer(minimum=0)},
)
