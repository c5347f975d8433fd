"""``manage.py lpdc_sync``: bring the LPDC stream in step with every product now (normally the worker does it after
each publish) and check the new snapshots against the SHACL shape. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from channels.lpdc import stream, tasks
from channels.lpdc.status import identity_problems


class Command(BaseCommand):
    help = "Werk de LPDC-stroom bij voor alle producten en controleer de nieuwe snapshots (SHACL)."

    def handle(self, *args: Any, **options: Any) -> None:
        for problem in identity_problems():
            self.stderr.write(problem)
        snapshots = stream.sync_all()
        failing = sum(1 for s in snapshots if tasks.validate(s).violations)
        self.stdout.write(f"{len(snapshots)} nieuwe snapshot(s), {failing} met fouten; "
                          f"{stream.page_count()} pagina('s) in de stroom.")
