"""Background tasks (django-tasks, queue ``default``) of the LPDC channel.

Each task reads the current database state (:mod:`channels.lpdc.stream` is idempotent), so running one twice or late
is harmless. A new snapshot is validated against the official SHACL shape in the same task; the result is stored on
the snapshot for the admin (``validated_at``, ``violations``).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from . import stream
from .models import Snapshot


def validate(snapshot: Snapshot) -> Snapshot:
    """Run the SHACL check on ``snapshot`` and store the result."""
    from .shacl import validate_member

    context = [f"https://lpdc.invalid{path}" for path in stream.CONTEXT_PATHS]
    violations = [v.as_dict() for v in validate_member(snapshot.member, context)]
    Snapshot.objects.filter(pk=snapshot.pk).update(validated_at=timezone.now(), violations=violations)
    snapshot.validated_at, snapshot.violations = timezone.now(), violations
    return snapshot


@task()
def sync_product(page_id: int) -> str:
    """Reconcile one product with the stream and validate the new snapshot, if any."""
    snapshot = stream.sync_product(page_id)
    if snapshot is None:
        return "unchanged"
    validate(snapshot)
    return "archived" if snapshot.archived else "snapshot"


@task()
def sync_products(page_ids: list[int]) -> int:
    """:func:`sync_product` for many products (after a bulk import); returns how many got a new snapshot."""
    changed = 0
    for page_id in page_ids:
        snapshot = stream.sync_product(page_id)
        if snapshot is not None:
            validate(snapshot)
            changed += 1
    return changed


@task()
def archive_instance(instance_id: int) -> str:
    """Archive the instance of a deleted product."""
    snapshot = stream.archive_instance(instance_id)
    if snapshot is None:
        return "unchanged"
    validate(snapshot)
    return "archived"


@task()
def sync_all() -> int:
    """Reconcile every product (after a view restriction changed, or from ``manage.py lpdc_sync``)."""
    snapshots = stream.sync_all()
    for snapshot in snapshots:
        validate(snapshot)
    return len(snapshots)
