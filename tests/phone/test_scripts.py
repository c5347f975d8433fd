"""Printable phone scripts per theme (operator scope: internal items and notes included, drafts never)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_script_index_lists_themes_with_operator_content(operator_client, phone_catalogue):
    html = operator_client.get("/onthaal/scripts/").content.decode()
    assert 'href="/onthaal/scripts/burgerzaken/"' in html
    assert 'href="/onthaal/scripts/sport/"' in html


def test_theme_script_has_every_item_with_its_phone_script(operator_client, phone_catalogue):
    response = operator_client.get("/onthaal/scripts/burgerzaken/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Identiteitskaart aanvragen" in html and "Pincode van de identiteitskaart kwijt" in html
    assert "NOTITIE-INTERN" in html  # internal notes: this is an internal document
    assert "Woont u in de gemeente?" in html and "Dienst Burgerzaken, toestel 2101" in html
    assert "ONTWERP" not in html
    assert "Zwembad" not in html  # other theme
    assert 'href="/static/phone/print.css" media="print"' in html
    assert "Intern document" in html


def test_unknown_theme_is_404(operator_client, phone_catalogue):
    assert operator_client.get("/onthaal/scripts/bestaat-niet/").status_code == 404


def test_print_stylesheet_hides_navigation_and_keeps_scripts_together():
    from pathlib import Path

    import channels.phone

    css = (Path(channels.phone.__file__).parent / "static" / "phone" / "print.css").read_text()
    assert ".topbar" in css and "display: none" in css
    assert "break-inside: avoid" in css
