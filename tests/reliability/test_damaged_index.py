"""Every way we know of damaging the embedded index gives the outage behaviour, a clear ``search_verify`` message,
and ``search_rebuild`` repairs it (the adversarial run found 8 of 9 of these answering HTTP 500, the API with HTML).

Each case damages a real index on disk the way a full disk, a crash, a bad restore or a careless ``rm`` does, then
asks through real HTTP: the API answers 503 JSON with ``Retry-After``, the website and the operator console answer
200 with the database fallback and its notice; ``search_verify`` fails naming the repair; after ``search_rebuild``
search answers from the index again.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search import service
from search.documents import iter_documents
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


def _segments(live: Path) -> list[Path]:
    return sorted(p for p in live.iterdir() if len(p.name.split(".")[0]) == 32 and p.suffix != ".del")


def overwrite_everything(root: Path, live: Path) -> None:
    for path in live.iterdir():
        if path.is_file():
            path.write_bytes(b"\0garbage")


def delete_meta(root: Path, live: Path) -> None:
    (live / "meta.json").unlink()


def garble_meta(root: Path, live: Path) -> None:
    (live / "meta.json").write_text('{"segments": [{"segment_id": "nope"')


def empty_meta(root: Path, live: Path) -> None:
    (live / "meta.json").write_bytes(b"")


def delete_a_segment_file(root: Path, live: Path) -> None:
    next(p for p in _segments(live) if p.suffix == ".idx").unlink()


def truncate_segment_files(root: Path, live: Path) -> None:
    for path in _segments(live):
        with path.open("r+b") as handle:
            handle.truncate(max(1, path.stat().st_size // 3))


def dangling_current(root: Path, live: Path) -> None:
    shutil.rmtree(live)


def current_to_an_empty_directory(root: Path, live: Path) -> None:
    (root / "index-empty").mkdir()
    (root / "current").unlink()
    os.symlink("index-empty", root / "current")


def current_is_a_file(root: Path, live: Path) -> None:
    (root / "current").unlink()
    (root / "current").write_text("not a directory")


def index_directory_recreated_empty(root: Path, live: Path) -> None:
    shutil.rmtree(root)
    root.mkdir()


def settings_file_is_a_directory(root: Path, live: Path) -> None:
    (root / "settings.json").unlink(missing_ok=True)
    (root / "settings.json").mkdir()
    overwrite_everything(root, live)


DAMAGE = [overwrite_everything, delete_meta, garble_meta, empty_meta, delete_a_segment_file, truncate_segment_files,
          dangling_current, current_to_an_empty_directory, current_is_a_file, index_directory_recreated_empty,
          settings_file_is_a_directory]


@pytest.fixture
def indexed(site_structure, search_index, settings):
    for n in range(12):
        make_item("fiche", title=f"Identiteitskaart verloren {n}", external_id=f"eid-{n}",
                  short_answer="Laat uw kaart blokkeren via DOC STOP.")
    make_item("fiche", title="Identiteitskaart noodprocedure", external_id="eid-nood",
              short_answer="Alleen voor medewerkers.", visibility="internal")
    search_index.upsert(iter_documents())
    root = Path(settings.KENNISBANK_SEARCH["INDEX_DIR"])
    return root, (root / "current").resolve()


@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__ for d in DAMAGE])
def test_damaged_index_degrades_reports_and_rebuilds(client, indexed, damage):
    root, live = indexed
    damage(root, live)
    service.reset_backend()

    api = client.get("/api/v1/search/", {"q": "identiteitskaart"})
    assert api.status_code == 503, api.content[:300]
    assert api["Content-Type"].startswith("application/json") and api.has_header("Retry-After")
    assert api.json()["error"]["code"] == "search_unavailable"

    page = client.get("/zoeken/", {"q": "identiteitskaart"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "zoekfunctie werkt even niet volledig" in html and "Identiteitskaart verloren 3" in html
    assert "noodprocedure" not in html

    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    console = client.get("/onthaal/zoeken/", {"q": "identiteitskaart"})
    assert console.status_code == 200 and "noodprocedure" in console.content.decode()

    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("search_verify", stdout=out)
    assert "search_rebuild" in str(failure.value) + out.getvalue()

    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    service.reset_backend()
    again = client.get("/api/v1/search/", {"q": "identiteitskaart"})
    assert again.status_code == 200 and again.json()["total"] == 12
    call_command("search_verify", stdout=io.StringIO())
