"""Out-of-scope anchors: what a municipal knowledge base is NOT about, to tell nonsense from a real question.

Small multilingual embedding models give every text a similarity of about 0.8 to every other text, so one absolute
floor cannot tell "pizza bestellen" (nearest item 0.81) from "паспорт" (nearest item 0.84). Instead a query is
compared with these background passages too: a semantic hit counts only when it is closer to the query than the
closest background passage (plus ``SEMANTIC_MARGIN``) and above ``SEMANTIC_FLOOR``. The passages name broad topics
people search the web for and a municipality does not answer (food, weather, sport, money markets, shopping,
entertainment, science, gibberish), not the queries of the relevance set; ``bench/relevance.py`` holds nonsense
queries the anchors do not mention. Contract: :func:`background_similarity` returns the best cosine similarity of a
unit query vector to the anchors, embedded once per process and embedder.
"""

from __future__ import annotations

import threading

import numpy as np

from .embedder import Embedder

#: Topics outside a municipality's catalogue (Dutch, English and French, as visitors type them).
BACKGROUND: tuple[str, ...] = (
    "Pizza bestellen bij de pizzeria en laten leveren aan huis.",
    "Het weerbericht: zon, regen en temperaturen.",
    "Voetbaluitslagen en de stand in de competitie.",
    "Beleggen in aandelen en obligaties op de beurs.",
    "Bitcoin en andere cryptomunten kopen en verkopen.",
    "Recept voor lasagne, pasta en tiramisu.",
    "Een nieuwe smartphone of laptop kopen in de winkel.",
    "Goedkope vliegtickets en een hotel boeken voor de vakantie.",
    "Skivakantie en wintersport in de Alpen.",
    "Series en films kijken op een streamingdienst.",
    "Videogames en spelconsoles.",
    "Horoscoop en sterrenbeelden van deze week.",
    "Dinosaurussen en fossielen in het natuurhistorisch museum.",
    "Kernfysica, kwantumcomputers en ruimtevaart.",
    "Nieuws over beroemdheden en koningshuizen.",
    "Tweedehands auto te koop.",
    "Online daten en relaties.",
    "Concertkaartjes voor een muziekfestival.",
    "Mode, kleding en schoenen.",
    "Fitness, sporten en afvallen.",
    "Order a pizza, weather forecast, football scores, stock market, cryptocurrency.",
    "Cheap flights, hotels, celebrity gossip, video games, recipes.",
    "Commander une pizza, la météo, les résultats du football, la bourse.",
    "xyzzy qwrtpz asdfgh jkl zzz",
)

_cache: dict[str, np.ndarray] = {}
_lock = threading.Lock()


def anchors(embedder: Embedder) -> np.ndarray:
    """The anchor vectors of ``embedder`` (embedded on first use, then kept)."""
    with _lock:
        matrix = _cache.get(embedder.name)
        if matrix is None:
            matrix = _cache[embedder.name] = embedder.passages(list(BACKGROUND))
        return matrix


def background_similarity(embedder: Embedder, vector: np.ndarray) -> float:
    """Best cosine similarity of the unit query ``vector`` to the out-of-scope anchors."""
    return float(np.max(anchors(embedder) @ vector))
