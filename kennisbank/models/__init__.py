"""Content model: taxonomy snippets and the product/fiche pages.

Products (productencatalogus) and kennisfiches share one concrete base page, :class:`ContentPage`, so every
channel reads both through one queryset (see :mod:`kennisbank.selectors`).
"""

from .editorial import ReadabilityOverride
from .identity import MunicipalityIdentity
from .pages import (
    SECTION_KINDS,
    ContentPage,
    CostLine,
    FicheIndexPage,
    FichePage,
    HomePage,
    ProductAction,
    ProductIndexPage,
    ProductPage,
    RelatedItem,
    Visibility,
)
from .service_points import OpeningException, OpeningHours, ServicePoint
from .taxonomy import Audience, LifeEvent, LifeEventStep, Synonym, Team, Theme
from .worker import WorkerHeartbeat

__all__ = [
    "SECTION_KINDS",
    "Audience",
    "ContentPage",
    "CostLine",
    "FicheIndexPage",
    "FichePage",
    "HomePage",
    "LifeEvent",
    "LifeEventStep",
    "MunicipalityIdentity",
    "OpeningException",
    "OpeningHours",
    "ProductIndexPage",
    "ProductAction",
    "ProductPage",
    "ReadabilityOverride",
    "RelatedItem",
    "ServicePoint",
    "Synonym",
    "Team",
    "Theme",
    "Visibility",
    "WorkerHeartbeat",
]
