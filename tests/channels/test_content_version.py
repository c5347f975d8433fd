"""The content version read on every cached API and search request stays cheap at any catalogue size: the newest
publication comes from an index on ``last_published_at`` (one B-tree step), not from a scan of every page."""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail.models import Page

from channels.api.conditional import content_version
from kennisbank import services
from tests.factories import make_item

pytestmark = pytest.mark.django_db
INDEX = "kb_page_last_published_at"


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables: ask whether the index *can* serve it
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " ".join(str(cell) for row in cursor.fetchall() for cell in row)


def test_the_page_table_has_an_index_on_last_published_at():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    assert constraints[INDEX]["columns"] == ["last_published_at"]
    assert constraints[INDEX]["index"]


def test_the_newest_publication_is_read_from_the_index_not_a_scan(public_fiche):
    plan = _plan(f"SELECT MAX(last_published_at) FROM {Page._meta.db_table}")  # noqa: S608 - model metadata
    assert INDEX in plan, plan


def test_the_version_changes_on_publish_and_unpublish_and_not_otherwise(public_fiche):
    before = content_version()
    assert content_version() == before  # nothing changed: the same token, so cached responses stay hits
    item = make_item(title="Nieuwe fiche over parkeren")
    published = content_version()
    assert published != before
    services.unpublish(item)
    assert content_version() != published
