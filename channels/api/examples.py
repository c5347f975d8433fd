"""Examples in the OpenAPI schema: real responses of the demo catalogue, shortened.

``tests/channels/test_api_docs.py`` validates every example against the schema of the response it illustrates,
so an example cannot drift from what the API returns.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

EXAMPLE_SITE = "https://www.zonnebeek.example.org"
EXAMPLE_NEXT = f"{EXAMPLE_SITE}/api/v1/products/?cursor=cD1BdHRlc3QrdmFuK2dlemluc3NhbWVuc3RlbGxpbmc%3D&limit=2"
EXAMPLE_PREVIOUS = f"{EXAMPLE_SITE}/api/v1/products/?cursor=cj0xJnA9QWFuZ2lmdGUrdmFuK2VlbitvdmVybGlqZGVu&limit=2"

_EID_SUMMARY = {
    "id": "eid-aanvragen",
    "type": "product",
    "title": "Identiteitskaart (eID) aanvragen",
    "short_answer": "Vanaf 12 jaar heeft u een elektronische identiteitskaart (eID) nodig. U vraagt ze aan op afspraak "
                    "bij de Dienst Burgerzaken. Na ongeveer drie weken krijgt u een brief met uw codes.",
    "url": f"{EXAMPLE_SITE}/producten/eid-aanvragen/",
    "themes": ["burgerzaken"],
    "life_events": [],
    "audiences": ["citizen"],
    "updated_at": "2026-11-20T09:14:03.512204Z",
}
_FICHE_SUMMARY = {
    "id": "eid-verloren-gestolen",
    "type": "fiche",
    "title": "Wat moet ik doen als mijn identiteitskaart verloren of gestolen is?",
    "short_answer": "Laat uw kaart meteen blokkeren via DOC STOP op het gratis nummer 00800 2123 2123. Is de kaart "
                    "gestolen? Doe dan aangifte bij de politie.",
    "url": f"{EXAMPLE_SITE}/vragen/eid-verloren-gestolen/",
    "themes": ["burgerzaken"],
    "life_events": [],
    "audiences": ["citizen"],
    "updated_at": "2026-11-18T15:02:44.100000Z",
}

#: List examples hold one element: drf-spectacular wraps it in the list or the page (with the links above).
ITEM_SUMMARY = OpenApiExample("Product in een lijst", response_only=True, status_codes=["200"], value=_EID_SUMMARY)

PRODUCT_DETAIL = OpenApiExample(
    "Product", response_only=True, status_codes=["200"],
    value={
        **_EID_SUMMARY,
        "sections": [
            {"kind": "what", "heading": "Wat is het?",
             "text": "De elektronische identiteitskaart (eID) bewijst wie u bent.",
             "html": "<p>De elektronische identiteitskaart (eID) bewijst wie u bent.</p>"},
            {"kind": "cost", "heading": "Kostprijs", "text": "- Gewone aanvraag: € 22,30",
             "html": "<ul>\n<li>Gewone aanvraag: € 22,30</li>\n</ul>"},
        ],
        "keywords": ["identiteitskaart", "eID", "kids-ID"],
        "related": [{"id": "eid-verloren-gestolen", "type": "fiche",
                     "title": "Wat moet ik doen als mijn identiteitskaart verloren of gestolen is?",
                     "url": f"{EXAMPLE_SITE}/vragen/eid-verloren-gestolen/"}],
        "last_reviewed": "2026-09-01",
    },
)

SEARCH_RESULT = OpenApiExample(
    "Zoeken naar 'identiteitskaart'", response_only=True, status_codes=["200"],
    value={
        "query": "identiteitskaart",
        "mode": "hybrid",
        "total": 2,
        "results": [
            {"id": _EID_SUMMARY["id"], "type": "product", "title": _EID_SUMMARY["title"],
             "short_answer": _EID_SUMMARY["short_answer"], "url": _EID_SUMMARY["url"],
             "highlights": {"title": "<em>Identiteitskaart</em> (eID) aanvragen"}, "matched": "both",
             "language": "nl"},
            {"id": _FICHE_SUMMARY["id"], "type": "fiche", "title": _FICHE_SUMMARY["title"],
             "short_answer": _FICHE_SUMMARY["short_answer"], "url": _FICHE_SUMMARY["url"],
             "highlights": {"title": "Wat moet ik doen als mijn <em>identiteitskaart</em> verloren of gestolen is?"},
             "matched": "lexical", "language": "nl"},
        ],
        "facets": {"type": {"product": 1, "fiche": 1}, "theme": {"burgerzaken": 2}, "life_event": {},
                   "audience": {"citizen": 2}},
    },
)

THEME = OpenApiExample(
    "Thema", response_only=True, status_codes=["200"],
    value={"slug": "burgerzaken", "name": "Burgerzaken", "description": "Identiteitskaart, rijbewijs, attesten.",
           "item_count": 14},
)

CHANGES = OpenApiExample(
    "Wijzigingen sinds de vorige synchronisatie", response_only=True, status_codes=["200"],
    value={"since": "2026-11-30T06:00:00Z", "until": "2026-12-01T06:00:00Z",
           "upserts": [{"id": "eid-aanvragen", "title": "Identiteitskaart (eID) aanvragen"}],
           "deleted": [{"id": "oude-fiche", "type": "fiche", "reason": "unpublished",
                        "deleted_at": "2026-11-30T14:21:09Z"}]},
)

FICHE_DETAIL = OpenApiExample(
    "Kennisfiche", response_only=True, status_codes=["200"],
    value={
        **_FICHE_SUMMARY,
        "sections": [{"kind": "other", "heading": "Wat doet u?",
                      "text": "1. Bel DOC STOP.\n2. Doe aangifte bij de politie.",
                      "html": "<ol>\n<li>Bel DOC STOP.</li>\n<li>Doe aangifte bij de politie.</li>\n</ol>"}],
        "keywords": ["eID kwijt", "DOC STOP"],
        "related": [{"id": "eid-aanvragen", "type": "product", "title": "Identiteitskaart (eID) aanvragen",
                     "url": f"{EXAMPLE_SITE}/producten/eid-aanvragen/"}],
        "last_reviewed": "2026-10-12",
    },
)

LIFE_EVENT = OpenApiExample(
    "Levensgebeurtenis", response_only=True, status_codes=["200"],
    value={"slug": "verhuizen", "name": "Verhuizen", "description": "Wat u regelt als u verhuist.",
           "item_count": 6, "intro": "Gaat u verhuizen? Zo regelt u alles in de juiste volgorde.",
           "steps": [{"position": 1, "id": "adreswijziging", "type": "product",
                      "title": "Verhuizen: uw adreswijziging doorgeven",
                      "url": f"{EXAMPLE_SITE}/producten/adreswijziging/",
                      "why_now": "Binnen acht dagen na uw verhuis."}]},
)

UNKNOWN_PARAMETER = OpenApiExample(
    "Onbekende parameter", response_only=True, status_codes=["400"],
    value={"error": {"code": "unknown_parameter", "message": "De aanvraag bevat onbekende parameters.",
                     "details": {"limt": ["Onbekende parameter. Toegestaan: fields."]}}},
)

UNKNOWN_FILTER = OpenApiExample(
    "Onbekend thema", response_only=True, status_codes=["400"],
    value={"error": {"code": "invalid", "message": "De aanvraag is ongeldig. Zie 'details'.",
                     "details": {"theme": ["Onbekend thema 'nonexistent'."]}}},
)
