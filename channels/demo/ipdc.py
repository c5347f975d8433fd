"""The demo's link to the Flemish product catalogue: IPDC themes for the demo themes (idempotent; an editor's choice
is kept). Applied before the demo catalogue is imported, so the first LPDC snapshots already carry themes."""

from __future__ import annotations

from kennisbank.models import Theme
from kennisbank.vocabulary import IpdcTheme

DEMO_THEMES: dict[str, str] = {
    "Burgerzaken": IpdcTheme.BURGER_OVERHEID, "Afval en milieu": IpdcTheme.MILIEU_ENERGIE,
    "Gezin en kinderen": IpdcTheme.WELZIJN_GEZONDHEID, "Welzijn en zorg": IpdcTheme.WELZIJN_GEZONDHEID,
    "Wonen en bouwen": IpdcTheme.BOUWEN_WONEN, "Mobiliteit": IpdcTheme.MOBILITEIT_OPENBARE_WERKEN,
    "Ondernemen": IpdcTheme.ECONOMIE_WERK, "Vrije tijd": IpdcTheme.CULTUUR_SPORT_VRIJE_TIJD,
}


def apply() -> None:
    """Create the demo themes when missing and give them an IPDC theme when they have none."""
    for name, code in DEMO_THEMES.items():
        theme, _created = Theme.objects.get_or_create(name=name)
        if not theme.ipdc_theme:
            theme.ipdc_theme = code
            theme.save(update_fields=["ipdc_theme"])
