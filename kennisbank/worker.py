"""Leases for background tasks: a task whose worker died (``kill -9``, OOM, power loss) is run again.

django-tasks-db marks a task RUNNING when a worker claims it and only its worker ever finishes it, so a killed
worker leaves the task RUNNING forever. Kennisbank's ``manage.py db_worker`` (it overrides django-tasks-db's
command of the same name) adds a lease:

- every worker process keeps a :class:`~kennisbank.models.WorkerHeartbeat` row fresh from a background thread,
  every ``KENNISBANK_TASK_HEARTBEAT_SECONDS`` (default 5 s), also while a long task runs; a clean exit deletes it;
- :func:`recover_abandoned` (run by every worker at start and then every heartbeat) puts RUNNING tasks back to
  READY when the worker that claimed them (the last of ``worker_ids``) is gone: its heartbeat is older than
  ``KENNISBANK_TASK_LEASE_SECONDS`` (default 60 s), or it ran on this machine and its process no longer exists
  (a restarted worker picks its own orphans up at once), or it never had a heartbeat row (a worker from before
  leases) and the task started longer than the lease ago;
- a task claimed ``KENNISBANK_TASK_MAX_CLAIMS`` times (default 5) by workers that all died is marked FAILED with
  :class:`LeaseExpired` instead, so a task that kills its worker cannot loop for ever.

Tasks are therefore run *at least once*: every task must be safe to run again after a crash. Kennisbank's are:
search tasks make the index match the database, ``publish_slot`` claims its publication row before it calls a
network (a second run finds it claimed), review reminders at worst send the same reminder twice.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .conf import kennisbank_settings
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HOSTNAME = socket.gethostname()[:255]


class LeaseExpired(Exception):  # noqa: N818 - the name is what operators read in the task's exception class
    """Stored as the exception of a task whose workers all died while running it."""


@dataclass
class Recovery:
    """What :func:`recover_abandoned` did: task ids put back to READY and task ids marked FAILED."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def beat(worker_id: str, *, started_at: datetime | None = None, now: datetime | None = None) -> None:
    """Record that ``worker_id`` (this process) is alive."""
    now = now or timezone.now()
    defaults = {"hostname": HOSTNAME, "pid": os.getpid(), "beat_at": now}
    if started_at is not None:
        defaults["started_at"] = started_at
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(**defaults)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(worker_id=worker_id,
                                                 defaults={**defaults, "started_at": started_at or now})


def forget(worker_id: str) -> None:
    """Remove the heartbeat of a worker that exits cleanly."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_gone(heartbeat: WorkerHeartbeat | None, started_at: datetime | None, cutoff: datetime) -> bool:
    if heartbeat is None:
        return started_at is None or started_at < cutoff
    if heartbeat.beat_at < cutoff:
        return True
    return heartbeat.hostname == HOSTNAME and heartbeat.pid != os.getpid() and not _process_exists(heartbeat.pid)


def recover_abandoned(*, now: datetime | None = None, lease_seconds: float | None = None,
                      max_claims: int | None = None, alive: Collection[str] = ()) -> Recovery:
    """Requeue (or fail, after ``max_claims``) RUNNING tasks whose worker is gone; see the module docstring.

    ``alive``: worker ids known to be alive (the calling worker itself). Safe to run from several workers at
    once: each row changes only while it is still RUNNING under the same claims.
    """
    now = now or timezone.now()
    lease = timedelta(seconds=float(lease_seconds if lease_seconds is not None
                                    else kennisbank_settings.TASK_LEASE_SECONDS))
    max_claims = max_claims or kennisbank_settings.TASK_MAX_CLAIMS
    cutoff = now - lease
    report = Recovery()
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    owners = {task.worker_ids[-1] for task in running if task.worker_ids}
    heartbeats = {hb.worker_id: hb for hb in WorkerHeartbeat.objects.filter(worker_id__in=owners)}
    gone: set[str] = set()
    for task in running:
        owner = task.worker_ids[-1] if task.worker_ids else ""
        if owner in alive or not _worker_gone(heartbeats.get(owner), task.started_at, cutoff):
            continue
        gone.add(owner)
        claimed = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING,
                                              worker_ids=task.worker_ids)
        if len(task.worker_ids) >= max_claims:
            done = claimed.update(status=TaskResultStatus.FAILED, finished_at=now,
                                  exception_class_path=f"{LeaseExpired.__module__}.{LeaseExpired.__qualname__}",
                                  traceback=f"LeaseExpired: {len(task.worker_ids)} workers stopped while running "
                                            f"this task (last: {owner}); not tried again")
            if done:
                report.failed.append(str(task.pk))
        elif claimed.update(status=TaskResultStatus.READY, run_after=now, started_at=None):
            report.requeued.append(str(task.pk))
    if report.requeued or report.failed:
        logger.warning("task lease: requeued %d task(s) of stopped workers, failed %d: %s",
                       len(report.requeued), len(report.failed), ", ".join(report.requeued + report.failed)[:500])
    WorkerHeartbeat.objects.filter(Q(worker_id__in=gone) | Q(beat_at__lt=now - 10 * lease)).delete()
    return report


class Heartbeat:
    """A daemon thread that calls :func:`beat` and :func:`recover_abandoned` every ``interval`` seconds."""

    def __init__(self, worker_id: str, *, interval: float, lease_seconds: float) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.lease_seconds = lease_seconds
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def tick(self) -> Recovery:
        """One beat and one recovery round (also called once, synchronously, before the worker starts)."""
        with transaction.atomic():
            beat(self.worker_id, started_at=self.started_at)
        return recover_abandoned(lease_seconds=self.lease_seconds, alive={self.worker_id})

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.tick()
                except Exception:  # noqa: BLE001 - a failed beat (database busy) is retried on the next tick
                    logger.warning("task worker %s: heartbeat failed", self.worker_id, exc_info=True)
        finally:
            connections.close_all()

    def start(self) -> None:
        self.tick()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        with contextlib.suppress(Exception):
            forget(self.worker_id)
