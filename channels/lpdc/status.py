"""What editors see of the LPDC stream: per product its last snapshot, whether that snapshot conforms to the
official SHACL shape, and the violations in Dutch (:func:`product_rows`), plus what blocks publication."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from kennisbank.identity import identity

from .mapping import lau_codes
from .models import Instance, Snapshot


@dataclass(frozen=True)
class Row:
    """One product in the LPDC overview."""

    instance: Instance
    snapshot: Snapshot | None

    @property
    def title(self) -> str:
        member = self.snapshot.member if self.snapshot is not None else {}
        names = member.get("naam", {})
        return next(iter(names.values()), self.instance.external_id) if isinstance(names, dict) else ""


def product_rows() -> list[Row]:
    """Every instance with its latest snapshot, the ones that do not conform first, then by title."""
    latest = Snapshot.objects.filter(instance=OuterRef("pk")).order_by("-generated_at", "-pk").values("pk")[:1]
    instances = list(Instance.objects.select_related("page").annotate(last_pk=Subquery(latest)))
    snapshots = Snapshot.objects.in_bulk([i.last_pk for i in instances if i.last_pk])  # type: ignore[attr-defined]
    rows = [Row(i, snapshots.get(i.last_pk)) for i in instances]  # type: ignore[attr-defined]
    return sorted(rows, key=lambda r: (r.snapshot is None or r.snapshot.conforms is not False, r.title.casefold()))


def identity_problems() -> list[str]:
    """What is missing in the site settings before LPDC accepts anything (empty: ready)."""
    from django.utils.translation import gettext as _

    who = identity()
    problems = []
    if not who.administrative_unit:
        problems.append(_("De bestuurseenheid (IRI) ontbreekt bij Instellingen → Gemeente."))
    if who.nis_code not in lau_codes():
        problems.append(_("De NIS-code ontbreekt of staat niet in de codelijst van IPDC."))
    return problems
