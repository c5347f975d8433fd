"""``manage.py db_worker``: django-tasks-db's worker plus a heartbeat and task leases (:mod:`kennisbank.worker`).

Same options as django-tasks-db's command, and:

- ``--heartbeat-seconds`` (default ``KENNISBANK_TASK_HEARTBEAT_SECONDS``): how often this worker says it is alive
  and looks for tasks left RUNNING by workers that stopped;
- ``--lease-seconds`` (default ``KENNISBANK_TASK_LEASE_SECONDS``): how long a silent worker keeps its tasks.

Kennisbank lists its app before ``django_tasks_db`` in ``INSTALLED_APPS``, so this command wins the name.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import run_with_reloader
from django_tasks_db.management.commands import db_worker

from kennisbank.conf import kennisbank_settings
from kennisbank.worker import Heartbeat


class LeasedWorker(db_worker.Worker):
    """The django-tasks-db worker, with a :class:`~kennisbank.worker.Heartbeat` around its loop."""

    def __init__(self, *, heartbeat_seconds: float, lease_seconds: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat = Heartbeat(self.worker_id, interval=heartbeat_seconds, lease_seconds=lease_seconds)

    def run(self) -> None:
        self.heartbeat.start()  # first beat and recovery before the first task is claimed
        try:
            super().run()
        finally:
            self.heartbeat.stop()


class Command(db_worker.Command):
    help = "Run a database background worker, with a heartbeat; tasks of workers that stopped are run again"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--heartbeat-seconds", type=db_worker.valid_interval, default=None,
                            help="Seconds between heartbeats (default: KENNISBANK_TASK_HEARTBEAT_SECONDS)")
        parser.add_argument("--lease-seconds", type=db_worker.valid_interval, default=None,
                            help="Seconds without a heartbeat before a worker's RUNNING tasks are run again "
                                 "(default: KENNISBANK_TASK_LEASE_SECONDS)")

    def handle(  # type: ignore[override]  # adds the two lease options to the parent's keyword arguments
               self, *args: Any, verbosity: int, queue_name: str, interval: float, batch: bool, backend_name: str,
               startup_delay: bool, reload: bool, max_tasks: int | None, worker_id: str, exclude_queues: str,
               heartbeat_seconds: float | None = None, lease_seconds: float | None = None, **options: Any) -> None:
        """As django-tasks-db's ``handle``, with :class:`LeasedWorker` as the worker."""
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            heartbeat_seconds=heartbeat_seconds or kennisbank_settings.TASK_HEARTBEAT_SECONDS,
            lease_seconds=lease_seconds or kennisbank_settings.TASK_LEASE_SECONDS,
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded,
        )
        def main() -> None:  # with --reload only the reloader's child process gets here
            worker.configure_signals()
            worker.run()

        if reload:
            run_with_reloader(main)
        else:
            main()
