"""Background tasks (django-tasks, queue ``social``). The worker is ``manage.py db_worker --queue-name social``;
``manage.py social_run_due`` (cron/systemd timer, e.g. every 5 minutes) or the task ``publish_due_posts`` plans.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task(queue_name="social")
def publish_due_posts() -> dict[str, int]:
    """Enqueue one ``publish_slot`` per due slot (idempotent; see ``services.enqueue_due``)."""
    report = services.enqueue_due()
    return {"created": report.created, "enqueued": report.enqueued}


@task(queue_name="social")
def publish_slot(publication_id: int) -> str:
    """Publish one slot at most once; on a retryable failure re-enqueue with ``run_after`` (exponential backoff).

    Backends that cannot defer (the immediate backend in tests) leave the retry to the next
    ``publish_due_posts`` run, which picks up rows whose ``next_attempt_at`` has passed.
    """
    status, retry_at = services.run_publication(publication_id)
    if retry_at is not None and publish_slot.get_backend().supports_defer:
        publish_slot.using(run_after=retry_at).enqueue(publication_id)
    return str(status)
