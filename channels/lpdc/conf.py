"""The LPDC channel's settings accessor: ``lpdc_settings.<KEY>`` reads Django setting ``KENNISBANK_LPDC_<KEY>``.

| key | default | meaning |
| --- | --- | --- |
| ``PAGE_SIZE`` | ``50`` | members per page of ``/doc/instancesnapshot`` (a full page never changes again) |
| ``OPEN_PAGE_MAX_AGE`` | ``60`` | seconds a client may cache the last, still growing page |
"""

from __future__ import annotations

from kennisbank.appsettings import AppSettings, integer

lpdc_settings = AppSettings(
    {"PAGE_SIZE": 50, "OPEN_PAGE_MAX_AGE": 60},
    prefix="KENNISBANK_LPDC_",
    validators={"PAGE_SIZE": integer(minimum=1), "OPEN_PAGE_MAX_AGE": integer(minimum=0)},
)
