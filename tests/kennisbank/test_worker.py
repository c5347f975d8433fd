"""Task leases (``kennisbank.worker``): a task left RUNNING by a worker that died is run again, through the real
django-tasks database backend and Kennisbank's ``manage.py db_worker``.

The end-to-end version with ``kill -9`` of a real worker process is ``tests/reliability/test_kill_worker.py``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kennisbank import worker
from kennisbank.models import WorkerHeartbeat
from search import tasks

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                        "QUEUES": ["default", "search", "social", "reminders"]}}

pytestmark = pytest.mark.django_db(transaction=True)


def _running(worker_ids: list[str], started_minutes_ago: float = 0) -> DBTaskResult:
    """An index task claimed by ``worker_ids[-1]`` (as django-tasks-db's ``claim`` leaves it)."""
    with override_settings(TASKS=DB_TASKS):
        result = tasks.push_settings_task.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = "RUNNING"
    row.worker_ids = worker_ids
    row.started_at = timezone.now() - dt.timedelta(minutes=started_minutes_ago)
    row.save()
    return row


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _heartbeat(worker_id: str, *, seconds_ago: float, pid: int, hostname: str = worker.HOSTNAME) -> None:
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=hostname, pid=pid, started_at=at, beat_at=at)


def _status(row: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=row.pk).status


def test_task_of_a_silent_worker_is_requeued_after_the_lease():
    row = _running(["w-silent"])
    _heartbeat("w-silent", seconds_ago=120, pid=1, hostname="other-host")
    report = worker.recover_abandoned(lease_seconds=60)
    assert report.requeued == [str(row.pk)]
    assert _status(row) == "READY"


def test_task_of_a_live_worker_elsewhere_is_left_alone():
    row = _running(["w-busy"])
    _heartbeat("w-busy", seconds_ago=5, pid=1, hostname="other-host")  # a long task on another machine
    assert worker.recover_abandoned(lease_seconds=60).requeued == []
    assert _status(row) == "RUNNING"


def test_task_of_a_dead_process_on_this_machine_is_requeued_at_once():
    row = _running(["w-killed"])
    _heartbeat("w-killed", seconds_ago=1, pid=_dead_pid())  # fresh heartbeat, but the process is gone
    assert worker.recover_abandoned(lease_seconds=60).requeued == [str(row.pk)]


def test_task_without_heartbeat_counts_from_its_start():
    recent = _running(["w-old-style"], started_minutes_ago=0)
    old = _running(["w-old-style"], started_minutes_ago=5)
    report = worker.recover_abandoned(lease_seconds=60)
    assert report.requeued == [str(old.pk)]
    assert _status(recent) == "RUNNING"


def test_task_that_killed_its_workers_too_often_fails_with_a_reason():
    row = _running([f"w-{i}" for i in range(5)], started_minutes_ago=5)
    report = worker.recover_abandoned(lease_seconds=60, max_claims=5)
    assert report.failed == [str(row.pk)] and report.requeued == []
    stored = DBTaskResult.objects.get(pk=row.pk)
    assert stored.status == "FAILED"
    assert stored.exception_class_path == "kennisbank.worker.LeaseExpired"
    assert "5 workers stopped" in stored.traceback


def test_db_worker_runs_the_orphaned_task_and_leaves_no_heartbeat(search_index):
    row = _running(["w-killed"])
    _heartbeat("w-killed", seconds_ago=1, pid=_dead_pid())
    with override_settings(TASKS=DB_TASKS):
        call_command("db_worker", "--queue-name", "search", "--batch", "--no-startup-delay", "--no-reload",
                     "--interval", "0", "--heartbeat-seconds", "0.2", verbosity=0)
    stored = DBTaskResult.objects.get(pk=row.pk)
    assert stored.status == "SUCCESSFUL"
    assert len(stored.worker_ids) == 2  # the dead worker's claim and the new one
    assert not WorkerHeartbeat.objects.exists()  # a clean exit removes its heartbeat; the stale one went too
