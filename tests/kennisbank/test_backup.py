"""Backup and restore (``manage.py backup DIR`` / ``manage.py restore FILE``): a tested restore.

Runs on whatever database the suite runs on (SQLite normally, PostgreSQL in the PostgreSQL pass). Transactional:
a restore replaces the whole database, which cannot happen inside the test's transaction.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kennisbank.models import ContentPage
from kennisbank.selectors import Scope
from kennisbank.services import publish
from search import service as search_service
from search.service import search_items
from tests.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def isolated(tmp_path, settings):
    """Own media root and search index for the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "INDEX_DIR": tmp_path / "search-index",
                                  "MEILI_URL": ""}
    search_service.reset_backend()
    yield tmp_path
    search_service.reset_backend()


def _backup(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup", str(directory), stdout=out)
    return Path(out.getvalue().strip())


def _restore(archive: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)
    return out.getvalue()


def test_restore_brings_back_database_and_media_and_rebuilds_search(isolated, site_structure):
    kept = make_item("fiche", title="Afvalkalender opvragen", external_id="afvalkalender",
                     short_answer="De afvalkalender staat online.")
    deleted = make_item("product", title="Parkeerkaart bewoners", external_id="parkeerkaart",
                        short_answer="Bewoners vragen een parkeerkaart aan.")
    media = Path(isolated / "media")
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "reglement.txt").write_text("origineel reglement")

    archive = _backup(isolated / "backups")
    assert archive.is_file() and archive.parent == isolated / "backups"
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["media"]["files"] == 1
    assert set(manifest["files"]) == {manifest["database"]["member"], "media.tar.gz"}
    assert manifest["versions"]["django"]

    # Damage: edit one item, delete another, change the media.
    kept = ContentPage.objects.get(pk=kept.pk).specific
    kept.title = "Gewijzigde titel na de back-up"
    publish(kept, None)
    ContentPage.objects.get(pk=deleted.pk).delete()
    (media / "documents" / "reglement.txt").write_text("overschreven")
    (media / "nieuw.txt").write_text("na de back-up")
    with connection.cursor() as cursor:  # as a newer version's migration would
        cursor.execute("CREATE TABLE kb_table_after_backup (id integer)")
    assert not ContentPage.objects.filter(external_id="parkeerkaart").exists()

    output = _restore(archive)

    assert "Teruggezet" in output
    assert ContentPage.objects.get(external_id="afvalkalender").title == "Afvalkalender opvragen"
    restored = ContentPage.objects.get(external_id="parkeerkaart")
    assert restored.live and restored.specific.short_answer == "Bewoners vragen een parkeerkaart aan."
    assert (media / "documents" / "reglement.txt").read_text() == "origineel reglement"
    assert not (media / "nieuw.txt").exists()
    assert "kb_table_after_backup" not in connection.introspection.table_names()  # exactly the backed-up schema
    # The search index was rebuilt from the restored database.
    result = search_items("parkeerkaart", scope=Scope.PUBLIC, log=False)
    assert [hit.id for hit in result.hits] == ["parkeerkaart"]
    assert search_items("Gewijzigde titel", scope=Scope.PUBLIC, log=False, mode="lexical").total == 0  # index content


def test_damaged_archive_is_refused_and_changes_nothing(isolated, site_structure):
    make_item("fiche", title="Huisvuil", external_id="huisvuil")
    archive = _backup(isolated / "backups")
    make_item("fiche", title="Na de back-up", external_id="na-de-backup")

    damaged = isolated / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media.tar.gz":
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))

    with pytest.raises(CommandError, match="controlesom van 'media.tar.gz'"):
        call_command("restore", str(damaged), check=True)
    out = io.StringIO()
    call_command("restore", str(archive), check=True, stdout=out)
    assert "In orde" in out.getvalue()
    assert ContentPage.objects.filter(external_id="na-de-backup").exists()  # --check changes nothing

    with pytest.raises(CommandError, match="controlesom van 'media.tar.gz'"):
        _restore(damaged)
    assert ContentPage.objects.filter(external_id="na-de-backup").exists()

    with pytest.raises(CommandError, match="niet gevonden"):
        _restore(isolated / "bestaat-niet.tar")


def test_archive_from_a_newer_version_is_refused(isolated, site_structure):
    archive = _backup(isolated / "backups")
    newer = isolated / "newer.tar"
    with tarfile.open(archive) as src, tarfile.open(newer, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append(["kennisbank", "9999_from_the_future"])
                data = json.dumps(manifest).encode()
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="9999_from_the_future"):
        _restore(newer)


def _repacked(archive: Path, target: Path, member_name: str, damage) -> Path:
    """A copy of ``archive`` whose member is damaged by ``damage(bytes) -> bytes`` WITH a matching manifest (the
    checksums agree: only reading the member itself can tell)."""
    import hashlib

    with tarfile.open(archive) as src:
        members = {m.name: (m, src.extractfile(m).read()) for m in src.getmembers()}
    member, data = members[member_name]
    data = damage(data)
    manifest = json.loads(members["manifest.json"][1])
    manifest["files"][member_name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    members[member_name] = (member, data)
    members["manifest.json"] = (members["manifest.json"][0], json.dumps(manifest).encode())
    with tarfile.open(target, "w") as dst:
        for info, payload in members.values():
            info.size = len(payload)
            dst.addfile(info, io.BytesIO(payload))
    return target


@pytest.mark.parametrize("kind", ["media-truncated", "media-not-gzip", "database-garbage"])
def test_a_bad_archive_with_matching_checksums_changes_nothing(isolated, site_structure, kind):
    """Regression: the media archive used to be read only after the database had been replaced."""
    make_item("fiche", title="Huisvuil", external_id="huisvuil")
    media = Path(isolated / "media")
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "reglement.txt").write_text("origineel")
    archive = _backup(isolated / "backups")
    make_item("fiche", title="Na de back-up", external_id="na-de-backup")
    (media / "documents" / "reglement.txt").write_text("gewijzigd na de back-up")
    with tarfile.open(archive) as tar:
        vendor = json.loads(tar.extractfile("manifest.json").read())["database"]
    member, damage = {
        "media-truncated": ("media.tar.gz", lambda d: d[: len(d) // 2]),
        "media-not-gzip": ("media.tar.gz", lambda d: b"geen gzip" * 10),
        "database-garbage": (vendor["member"], lambda d: b"\0kapot" * 4096),
    }[kind]
    bad = _repacked(archive, isolated / f"{kind}.tar", member, damage)
    before = sorted(p.name for p in media.parent.iterdir())

    with pytest.raises(CommandError, match="beschadigd"):
        call_command("restore", str(bad), check=True)
    with pytest.raises(CommandError, match="beschadigd"):
        _restore(bad)
    assert ContentPage.objects.filter(external_id="na-de-backup").exists()  # the database was not replaced
    assert (media / "documents" / "reglement.txt").read_text() == "gewijzigd na de back-up"  # nor the media
    assert sorted(p.name for p in media.parent.iterdir()) == before  # no staging directory left behind
