"""Synonym groups from the editor-managed ``kennisbank.Synonym`` snippet.

Contract: :func:`synonym_groups` returns every snippet's terms (``Synonym.term_list``) as a list of
groups, in a stable order, skipping groups with fewer than two terms (they mean nothing). Editors
maintain the snippet in Wagtail (Snippets → Synoniemen); saving or deleting one pushes the search
settings again (:mod:`search.signals`).
"""

from __future__ import annotations

from kennisbank.models import Synonym


def synonym_groups() -> list[list[str]]:
    """All synonym groups, e.g. ``[["eID", "identiteitskaart", "ID-kaart"], ...]``."""
    groups = []
    for synonym in Synonym.objects.order_by("pk"):
        terms = synonym.term_list
        if len(terms) > 1:
            groups.append(terms)
    return groups
