"""Import fingerprints: re-importing unchanged input without parsing it again (a quick check, like rsync's).

Contract:
- :func:`digest` is the SHA-256 of one input unit (a Markdown file: its name and bytes) together with :func:`rules`
  (the source of the modules that turn input into records): a change to the importer code makes every fingerprint
  miss, so the full comparison runs again.
- Each fingerprint also holds :func:`names_state` as it was after that import: the names a record borrows from
  teams, themes, life events, service points and audiences. A renamed team makes every fingerprint miss.
- After a successful (not dry-run) import, :func:`remember` stores per ``(source, external id)`` the digest, the
  ``related`` ids of the record and the page's latest revision id at that moment.
- :func:`lookup` returns, for the digests of a new run, the items that are *known unchanged*: same digest, and the
  page still exists with that same latest revision (nobody saved, published or reverted it since). The pipeline
  reports those as "ongewijzigd" without parsing them, after checking that their ``related`` ids still exist and
  that no other file in the run claims their id.
- A fingerprint is a cache, never the truth: losing it (or ``--full``) only makes the next run compare in full.
  Other changes that bypass the page's revisions are not seen by the quick check: ``import_markdown --full``
  compares every item with the database again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kennisbank.models import ContentPage

from .models import ImportFingerprint

#: The modules whose code decides what record an input becomes (their source is part of every digest).
RULE_MODULES = ("body", "costs", "csv_import", "frontmatter", "html_text", "ipdc", "limits", "locations",
                "markdown_import", "pipeline", "record", "schema", "fingerprints")
_CHUNK = 500


@cache
def rules() -> str:
    """Digest of the importer code (see the module docstring); computed once per process."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in RULE_MODULES:
        h.update(name.encode())
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()


def names_state() -> str:
    """Digest of every name a record borrows from other rows (teams, themes, life events, service points, audience
    codes). A page's record reads them without a revision of the page: renaming a team in the admin changes what
    the database holds for every item of that team. One query per table; these tables hold tens of rows."""
    from kennisbank.models import Audience, LifeEvent, ServicePoint, Team, Theme

    h = hashlib.sha256()
    for model, field in ((Team, "name"), (Theme, "name"), (LifeEvent, "name"), (ServicePoint, "name"),
                         (Audience, "code")):
        h.update(model._meta.label.encode())
        for pk, value in model.objects.order_by("pk").values_list("pk", field):
            h.update(f"{pk}\0{value}\0".encode())
    return h.hexdigest()


def digest(name: str, raw: bytes) -> str:
    """Fingerprint of one input unit called ``name`` with content ``raw`` under the current importer rules."""
    h = hashlib.sha256(rules().encode())
    h.update(name.encode("utf-8", "surrogateescape"))
    h.update(b"\0")
    h.update(raw)
    return h.hexdigest()


@dataclass(frozen=True)
class Known:
    """An input unit that is known unchanged: the item it became and the ``related`` ids of its record."""

    external_id: str
    related: tuple[str, ...]


def lookup(source: str, digests: Iterable[str]) -> dict[str, Known]:
    """Digest → :class:`Known` for every digest whose item still has the revision remembered with it."""
    wanted = list(dict.fromkeys(digests))
    names = names_state()
    rows: list[tuple[str, str, int | None, list[str]]] = []
    for start in range(0, len(wanted), _CHUNK):
        rows += ImportFingerprint.objects.filter(source=source, names=names,
                                                 digest__in=wanted[start : start + _CHUNK]) \
            .values_list("digest", "external_id", "revision_id", "related")
    ids = [ext for _d, ext, _r, _rel in rows]
    current: dict[str, int | None] = {}
    for start in range(0, len(ids), _CHUNK):
        current.update(ContentPage.objects.filter(external_id__in=ids[start : start + _CHUNK])
                       .values_list("external_id", "latest_revision_id"))
    return {d: Known(ext, tuple(related)) for d, ext, revision, related in rows
            if revision is not None and ext in current and current[ext] == revision}


def remember(source: str, items: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    """Store the fingerprints of a successful import: external id → (digest, related ids)."""
    ids = list(items)
    names = names_state()
    revisions: dict[str, int | None] = {}
    for start in range(0, len(ids), _CHUNK):
        revisions.update(ContentPage.objects.filter(external_id__in=ids[start : start + _CHUNK])
                         .values_list("external_id", "latest_revision_id"))
    rows = [ImportFingerprint(source=source, external_id=ext, digest=items[ext][0], related=list(items[ext][1]),
                              revision_id=revisions[ext], names=names)
            for ext in ids if revisions.get(ext) is not None]
    ImportFingerprint.objects.bulk_create(rows, batch_size=_CHUNK, update_conflicts=True,
                                          unique_fields=["source", "external_id"],
                                          update_fields=["digest", "related", "revision_id", "names", "updated_at"])
