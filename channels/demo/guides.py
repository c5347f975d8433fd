"""Guides for the demo life events: an intro and ordered steps (idempotent; replaces the demo guides' steps)."""

from __future__ import annotations

from django.db import transaction

from kennisbank.models import ContentPage, LifeEvent, LifeEventStep

GUIDES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "Verhuizen": (
        "Gaat u verhuizen? Dan regelt u een paar dingen bij de gemeente. Doe ze in deze volgorde: zo vergeet u niets.",
        [("adreswijziging", "Binnen acht werkdagen na uw verhuis."),
         ("wijkagent-adrescontrole", "De wijkagent komt langs na uw aangifte."),
         ("eid-aanvragen", "Uw nieuwe adres komt op uw eID: breng uw kaart en pincode mee."),
         ("documenten-na-verhuis", "Na de adrescontrole: pas uw andere documenten aan."),
         ("afval-ophaling", "Bekijk de ophaaldagen van uw nieuwe straat."),
         ("huisvuilzakken", "Koop de juiste zakken voor uw nieuwe gemeente."),
         ("bewonerskaart-parkeren", "Woont u in de blauwe zone? Vraag een bewonerskaart aan.")]),
    "Geboorte": (
        "Proficiat! Na een geboorte zijn er een paar stappen bij de gemeente.",
        [("geboorteaangifte", "Binnen 15 dagen na de geboorte."),
         ("kids-id-aanvragen", "Voor een reis naar het buitenland, ook voor baby's."),
         ("buitenschoolse-kinderopvang", "Schrijf op tijd in: de plaatsen zijn beperkt.")]),
}


@transaction.atomic
def apply() -> int:
    """Write the demo guides for the life events that exist; returns how many steps were written."""
    written = 0
    for name, (intro, steps) in GUIDES.items():
        event = LifeEvent.objects.filter(name=name).first()
        if event is None:
            continue
        LifeEvent.objects.filter(pk=event.pk).update(intro=intro)
        LifeEventStep.objects.filter(life_event=event).delete()
        pages = {p.external_id: p for p in ContentPage.objects.filter(external_id__in=[i for i, _w in steps])}
        for order, (external_id, why_now) in enumerate(steps):
            if external_id in pages:
                LifeEventStep.objects.create(life_event=event, item=pages[external_id], why_now=why_now,
                                             sort_order=order)
                written += 1
    return written
