"""Bundled JSON-LD context documents of IPDC/LPDC and an offline PyLD document loader.

Contract:
- :data:`CONTEXT_FILES` are verbatim copies of the official contexts: ``ipdc-lpdc-im.jsonld`` (the implementation
  model, Informatievlaanderen/ipdc-lpdc ``jsonld/ipdc-lpdc-im.jsonld``) and ``ldes.jsonld`` (LDES/TREE terms).
  They live in ``importers/data/ipdc/``; the LDES publisher serves the same files.
- :func:`offline_loader` is a PyLD ``documentLoader`` that never touches the network: a context URL is matched on
  the last segment of its path (LPDC's stub, IPDC and our own stream all host the files under those names on their
  own host), anything else raises :class:`UnknownContext` naming the URL.
- :func:`flatten` runs PyLD's flattening with that loader: compacted, expanded and flattened input all give the
  same list of nodes with absolute IRIs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from pyld import jsonld

DATA_DIR = Path(__file__).resolve().parent / "data" / "ipdc"
IM_CONTEXT = "ipdc-lpdc-im.jsonld"
LDES_CONTEXT = "ldes.jsonld"
CONTEXT_FILES: tuple[str, ...] = (IM_CONTEXT, LDES_CONTEXT)


class UnknownContext(Exception):
    """A remote ``@context`` that is not one of the bundled documents (nothing is fetched)."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(_("Onbekende JSON-LD-context %(url)s: enkel de meegeleverde contexten (%(known)s) worden "
                           "gebruikt, er wordt niets van het internet gehaald.")
                         % {"url": url, "known": ", ".join(CONTEXT_FILES)})


@cache
def context_text(name: str) -> str:
    """The bundled context document ``name`` as text (raises KeyError for an unknown name)."""
    if name not in CONTEXT_FILES:
        raise KeyError(name)
    return (DATA_DIR / name).read_text(encoding="utf-8")


@cache
def _context_document(name: str) -> dict[str, Any]:
    return json.loads(context_text(name))


def bundled_name(url: str) -> str | None:
    """The bundled file a context URL stands for (matched on the last path segment), or None."""
    name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return name if name in CONTEXT_FILES else None


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """PyLD document loader over the bundled contexts; raises :class:`UnknownContext` for any other URL."""
    name = bundled_name(url)
    if name is None:
        raise UnknownContext(url)
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": copy.deepcopy(_context_document(name))}


def _unknown_in(exc: BaseException) -> UnknownContext | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, UnknownContext):
            return current
        details = getattr(current, "details", None)
        cause = details.get("cause") if isinstance(details, dict) else None
        current = cause if isinstance(cause, BaseException) else (current.__cause__ or current.__context__)
    return None


def _run(call: Callable[[], Any]) -> Any:
    """Run a PyLD call; an unbundled context surfaces as :class:`UnknownContext`, other errors as ValueError."""
    try:
        return call()
    except jsonld.JsonLdError as exc:
        unknown = _unknown_in(exc)
        if unknown is not None:
            raise unknown from None
        raise ValueError(str(exc).splitlines()[0]) from None


def flatten(document: Any, *, base: str | None = None) -> list[dict[str, Any]]:
    """The nodes of ``document`` in flattened, expanded form (``@id``/``@type`` and full property IRIs).

    Raises :class:`UnknownContext` for a context that is not bundled and ``ValueError`` (with PyLD's message) for a
    document that is not valid JSON-LD."""
    options: dict[str, Any] = {"documentLoader": offline_loader}
    if base:
        options["base"] = base
    flat = _run(lambda: jsonld.flatten(document, None, options))
    if isinstance(flat, dict):
        flat = flat.get("@graph", [])
    return [node for node in flat if isinstance(node, dict)]


def to_nquads(document: Any) -> str:
    """The document as N-Quads (for rdflib/pySHACL), with the same offline loader."""
    return _run(lambda: jsonld.to_rdf(document, {"documentLoader": offline_loader,
                                                 "format": "application/n-quads"}))
