"""The editor and publish-gate tests run with the production publish policy (test settings switch it off)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _production_publish_policy(settings):
    settings.KENNISBANK_READABILITY_PUBLISH = {"BLOCK_VERDICTS": ["hard"], "ALLOW_OVERRIDE": True}
