"""The import_markdown and export_markdown management commands."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from .conftest import write_folder

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_command_prints_a_summary(sample_folder, site_structure):
    out, _err = run("import_markdown", str(sample_folder))
    assert "Import klaar: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd." in out

    out, _err = run("import_markdown", str(sample_folder), "--verbosity", "2")
    assert "3 ongewijzigd" in out
    assert "eid-aanvragen: ongewijzigd" in out


def test_import_command_lists_every_error_and_fails(sample_folder, site_structure):
    write_folder(sample_folder, {
        "kapot.md": '---\nid: kapot\ntype: fiche\ntitle: "x"\nshort_answer: "y"\nkleur: blauw\n---\n# Titel\n',
    })
    pages, revisions = Page.objects.count(), Revision.objects.count()

    with pytest.raises(CommandError) as excinfo:
        run("import_markdown", str(sample_folder))

    message = str(excinfo.value)
    assert "2 fout(en) gevonden; er is niets geschreven." in message
    assert "kapot.md:6: kleur: Onbekende sleutel" in message
    assert "kapot.md:8: body: " in message
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


def test_import_command_exit_code_is_non_zero(sample_folder, site_structure):
    (sample_folder / "kapot.md").write_text("geen front matter\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run("import_markdown", str(sample_folder))
    assert excinfo.value.returncode == 1  # manage.py exits with this code
    assert "kapot.md:1: front matter: " in str(excinfo.value)


def test_import_command_dry_run_writes_nothing(sample_folder, site_structure):
    pages = Page.objects.count()
    out, _err = run("import_markdown", str(sample_folder), "--dry-run")
    assert "Proefdraai, er is niets geschreven: 3 nieuw" in out
    assert Page.objects.count() == pages


def test_progress_bar_goes_to_stderr_only_when_asked(sample_folder, site_structure, capsys):
    run("import_markdown", str(sample_folder), "--dry-run")
    assert "Inlezen" not in capsys.readouterr().err  # not a TTY: no bar
    run("import_markdown", str(sample_folder), "--dry-run", "--progress")
    assert "Inlezen" in capsys.readouterr().err


def test_export_command(sample_folder, site_structure, tmp_path):
    run("import_markdown", str(sample_folder))

    out, _err = run("export_markdown", str(tmp_path / "alles"))
    assert "3 bestand(en) geschreven" in out
    out, _err = run("export_markdown", str(tmp_path / "publiek"), "--public-only")
    assert "2 bestand(en) geschreven" in out
    assert not (tmp_path / "publiek" / "pin-procedure.md").exists()
    run("export_markdown", str(tmp_path / "alles"), "--include-internal")

    (tmp_path / "publiek" / "vreemd.md").write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="--clean"):
        run("export_markdown", str(tmp_path / "publiek"))
    out, _err = run("export_markdown", str(tmp_path / "publiek"), "--public-only", "--clean")
    assert "1 verwijderd" in out


def test_export_command_options_are_exclusive(tmp_path, db):
    with pytest.raises(CommandError):
        run("export_markdown", str(tmp_path / "x"), "--public-only", "--include-internal")
