"""Test settings: the embedded defaults with fast hashing and an isolated data dir."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("KENNISBANK_DATA_DIR", tempfile.mkdtemp(prefix="kennisbank-test-"))

from .base import *  # noqa: E402,F403
from .base import DATA_DIR, KENNISBANK_SEARCH  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process during tests unless a test opts into the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                     "QUEUES": ["default", "search", "social", "reminders"]}}
# Query log rows are written synchronously (the buffered writer is tested on its own in tests/search).
KENNISBANK_SEARCH = {**KENNISBANK_SEARCH, "INDEX_DIR": Path(DATA_DIR) / "search-index", "QUERY_LOG_FLUSH_SECONDS": 0}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# The API server cache is tested on its own (tests/channels/test_api_cache.py).
KENNISBANK_API_CACHE_SECONDS = 0

# Rate limits are tested on their own (tests/reliability/test_feedback_privacy.py); the cache outlives one test.
KENNISBANK_FEEDBACK_RATE_LIMIT = (0, 0)
KENNISBANK_GAP_RATE_LIMIT = (0, 0)
KENNISBANK_LOGIN_ADDRESS_LIMIT = (0, 0)  # tested on its own in tests/kennisbank/test_security.py
# The suite's fixtures use marker strings (GEHEIMINTERNTITEL …) that read as "te moeilijk": the publish gate is off
# by default here and switched on (the production default) by the tests of the gate and the editor
# (tests/editorial/conftest.py).
KENNISBANK_READABILITY_PUBLISH: dict[str, object] = {"BLOCK_VERDICTS": []}
