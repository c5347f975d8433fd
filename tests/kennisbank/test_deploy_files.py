"""The deployment files in ``deploy/`` stay in step with the code: commands exist, arguments parse, the example
environment gives a clean ``check --deploy``."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"


def _exec_start(unit: Path) -> list[str]:
    text = unit.read_text().replace("\\\n", " ")
    lines = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1, unit.name
    return shlex.split(lines[0].removeprefix("ExecStart="))


def _manage_units() -> list[Path]:
    return [unit for unit in sorted(SYSTEMD.glob("*.service")) if "manage.py" in _exec_start(unit)]


def test_units_exist_for_web_worker_search_and_the_periodic_commands():
    names = {unit.name for unit in SYSTEMD.iterdir()}
    assert {"kennisbank-web.service", "kennisbank-worker.service", "kennisbank-meilisearch.service"} <= names
    commands = {_exec_start(unit)[2] for unit in _manage_units()}
    assert {"db_worker", "publish_scheduled", "social_run_due", "send_review_reminders", "search_prune_log",
            "backup"} <= commands
    for timer in SYSTEMD.glob("*.timer"):
        assert timer.with_suffix(".service").exists(), f"{timer.name} has no service"


@pytest.mark.parametrize("unit", _manage_units(), ids=lambda unit: unit.name)
def test_every_manage_command_in_a_unit_exists_and_its_arguments_parse(unit, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "search", "social", "reminders"]}}  # as in production
    argv = _exec_start(unit)
    command, args = argv[2], argv[3:]
    app = get_commands().get(command)
    assert app, f"{unit.name}: manage.py {command} does not exist"
    parser = load_command_class(app, command).create_parser("manage.py", command)
    parser.parse_args(args)  # exits (SystemExit) on an unknown option


def test_example_environment_passes_check_deploy(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "MEILI_"))}
    for line in (ROOT / "deploy" / "kennisbank.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    assert env["DJANGO_SETTINGS_MODULE"] == "kennisbank.settings.production"
    env.update({"SECRET_KEY": "s" * 10 + "-a-long-random-production-secret-0123456789abcdef",
                "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "KENNISBANK_DATA_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
