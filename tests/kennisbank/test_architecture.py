"""Architecture rules a maintainer relies on: settings through one accessor per app, the environment read in
``kennisbank/settings/`` only, receivers connected in ``AppConfig.ready()``, and bad settings stopping start-up with
a message that names them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from channels.conf import channel_settings
from channels.social.conf import social_settings
from kennisbank.conf import kennisbank_settings
from search.conf import search_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kennisbank", "search", "importers", "channels", "insight")


def _sources():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


#: Entry points that only choose the settings module (``os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)``).
ENTRY_POINTS = {"kennisbank/wsgi.py"}


def test_the_environment_is_read_in_the_settings_package_only():
    offenders = [str(p.relative_to(ROOT)) for p in _sources()
                 if "settings" not in p.relative_to(ROOT).parts[:2]
                 and str(p.relative_to(ROOT)) not in ENTRY_POINTS
                 and re.search(r"\bos\.environ\b|\bgetenv\(", p.read_text())]
    assert offenders == []


def test_signal_receivers_are_connected_in_ready_not_by_decorators():
    offenders = [str(p.relative_to(ROOT)) for p in _sources() if "@receiver" in p.read_text()]
    assert offenders == []


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("KENNISBANK_SEARCH", {"RESULT_CACHE_SECONDS": -1},
     "KENNISBANK_SEARCH['RESULT_CACHE_SECONDS']: must be at least 0"),
    ("KENNISBANK_SEARCH", {"RESULT_CACHE_SECOND": 5}, "KENNISBANK_SEARCH: unknown key(s) 'RESULT_CACHE_SECOND'"),
    ("KENNISBANK_SEARCH", {"MEILI_URL": "localhost:7700"}, "expected an http:// or https:// URL"),
    ("KENNISBANK_SOCIAL", {"LEASE_SECONDS": "tien"}, "KENNISBANK_SOCIAL['LEASE_SECONDS']: expected a whole number"),
    ("KENNISBANK_API_CACHE_SECONDS", "veel", "KENNISBANK_API_CACHE_SECONDS: expected a whole number"),
    ("KENNISBANK_READABILITY_PUBLISH", {"BLOCK_VERDICTS": ["erg"]}, "unknown verdict(s) ['erg']"),
])
def test_a_bad_setting_is_refused_with_its_name(settings, setting, value, message):
    setattr(settings, setting, value)
    accessors = (search_settings, social_settings, channel_settings, kennisbank_settings)
    with pytest.raises(ImproperlyConfigured) as excinfo:
        for accessor in accessors:
            accessor.check()
    assert message in str(excinfo.value)


def test_settings_follow_override_settings(settings):
    settings.KENNISBANK_SEARCH = {"RESULT_CACHE_SECONDS": 7}
    assert search_settings.RESULT_CACHE_SECONDS == 7
    settings.KENNISBANK_SEARCH = {"RESULT_CACHE_SECONDS": 8}
    assert search_settings.RESULT_CACHE_SECONDS == 8
    assert search_settings.MEILI_INDEX == "kennisbank"  # defaults fill the rest


def test_manage_py_stops_at_start_up_on_a_bad_setting(tmp_path):
    settings_file = tmp_path / "bad_settings.py"
    settings_file.write_text("from kennisbank.settings.test import *  # noqa\n"
                             "KENNISBANK_SEARCH = {**KENNISBANK_SEARCH, 'TASK_MAX_ATTEMPTS': 0}\n")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{tmp_path}:{ROOT}",
                                 "DJANGO_SETTINGS_MODULE": "bad_settings", "KENNISBANK_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "KENNISBANK_SEARCH['TASK_MAX_ATTEMPTS']: must be at least 1" in result.stderr
