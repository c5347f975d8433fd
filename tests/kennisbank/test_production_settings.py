"""Production settings: fail fast on missing secrets, and ``check --deploy`` is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": "kennisbank.settings.production", **env_overrides})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run({"ALLOWED_HOSTS": "kennisbank.example.org", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
                   "KENNISBANK_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_has_no_findings(tmp_path):
    result = _run({
        "SECRET_KEY": "k" * 20 + "-production-secret-from-the-environment-0123456789",
        "ALLOWED_HOSTS": "kennisbank.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "KENNISBANK_DATA_DIR": str(tmp_path),
    }, "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
