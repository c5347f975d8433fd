"""Fixtures of the importer tests: a small exchange-format folder written into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

PRODUCT = """\
---
id: eid-aanvragen
type: product
title: "Identiteitskaart (eID) aanvragen"
short_answer: "U vraagt uw eID aan op afspraak bij de Dienst Burgerzaken."
themes: ["Burgerzaken"]
life_events: ["Verhuizen", "Op reis gaan"]
audience: ["burger"]
visibility: public
keywords: ["identiteitskaart", "ID-kaart"]
related: ["eid-verloren"]
owner: "Dienst Burgerzaken"
review_interval_months: 12
last_reviewed: 2026-03-17
cost:
  - {label: "Normale procedure", amount: 25.30}
  - {label: "Dringende procedure", amount: 130, note: "Klaar na 2 werkdagen."}
appointment_required: true
online_url: "https://zonnebeek.example.org/afspraak"
service_points: ["Op afspraak", "Deelgemeentehuis Molenhoek"]
phone_script:
  questions:
    - "Hoe oud bent u?"
  steps:
    - "Plan een afspraak."
    - "Zeg dat de kaart na drie weken klaar is."
  transfer: "Dienst Burgerzaken, toestel 2101"
  notes: "Dringende procedure altijd doorverbinden."
---
Een korte inleiding.

## Wat is het?

De eID bewijst wie u bent.

## Wat meebrengen?

- uw huidige identiteitskaart
- een pasfoto

## Goed om te weten

Extra uitleg met een [link](https://example.org).
"""

FICHE = """\
---
id: eid-verloren
type: fiche
title: "Wat moet ik doen als mijn identiteitskaart verloren is?"
short_answer: "Blokkeer uw kaart meteen via DOC STOP op 00800 2123 2123."
themes: ["Burgerzaken"]
audience: ["burger"]
keywords: ["eID kwijt", "diefstal"]
related: ["eid-aanvragen", "pin-procedure"]
---
## Wat is het?

Uw kaart is weg.

### Een kleinere kop

Blijft in de rubriek.
"""

INTERNAL = """\
---
id: pin-procedure
type: fiche
title: "Interne procedure PIN-code"
short_answer: "GEHEIM-INTERN: de PIN-brief enkel afgeven met identiteitsbewijs."
themes: ["Burgerzaken"]
audience: ["medewerker"]
visibility: internal
phone_script:
  steps: ["Vraag naar het rijksregisternummer."]
  notes: "Nooit de PUK-code aan de telefoon geven."
---
Enkel voor het loket.
"""

SAMPLE_FILES = {"eid-aanvragen.md": PRODUCT, "eid-verloren.md": FICHE, "pin-procedure.md": INTERNAL}


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """Three valid files: a product with every extension key, a public fiche and an internal fiche."""
    return write_folder(tmp_path / "inhoud", SAMPLE_FILES)
