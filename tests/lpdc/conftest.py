"""Fixtures of the LPDC channel: the municipality's identity and the demo catalogue with its IPDC themes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from rdflib import Graph

from channels.demo import identity as demo_identity
from channels.demo import ipdc as demo_ipdc
from channels.demo import service_points as demo_service_points
from channels.management.commands.setup_demo import DEMO_DIR

DATA = Path(__file__).resolve().parents[2] / "channels" / "lpdc" / "data"
UNIT = "http://data.lblod.info/id/bestuurseenheden/9d2f1f0c3b6a4e8f9d7c5b3a1e0f2d4c6b8a0e2f4d6c8b0a2e4f6d8c0b2a4e6f"


@pytest.fixture
def identity(site_structure):
    return demo_identity.apply()


@pytest.fixture
def demo_catalogue(identity, django_capture_on_commit_callbacks):
    """The demo catalogue imported and published (tasks run at commit, as the worker would)."""
    with django_capture_on_commit_callbacks(execute=True):
        demo_ipdc.apply()
        call_command("import_markdown", str(DEMO_DIR), stdout=io.StringIO(), stderr=io.StringIO())
        demo_service_points.apply()
    with django_capture_on_commit_callbacks(execute=True):
        from channels.lpdc import tasks

        tasks.sync_all.enqueue()


def shacl_context() -> Graph:
    """What LPDC knows when it validates: the official code lists and our bestuurseenheid as a Bestuurseenheid."""
    graph = Graph()
    for path in sorted((DATA / "codelijsten").glob("*.ttl")):
        graph.parse(path, format="turtle")
    graph.parse(data=f"""
        @prefix besluit: <http://data.vlaanderen.be/ns/besluit#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        besluit:Bestuurseenheid rdfs:subClassOf <http://data.europa.eu/m8g/PublicOrganisation> .
        <{UNIT}> a besluit:Bestuurseenheid .
    """, format="turtle")
    return graph
