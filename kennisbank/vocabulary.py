"""The codes every layer shares: one definition each, English codes stored, Dutch labels through gettext.

Contract:
- Each vocabulary is a Django ``TextChoices`` (a ``str`` enum): the *value* is what the database, the search index,
  the API and the query log store; the *label* is the Dutch text people see (translated with gettext).
- No other module spells a code as a string literal: import the member (``ItemType.PRODUCT``) or the tuple of
  values (``ItemType.values``). Layers above the core (search, importers, channels, insight) import from here.
- Where an external contract uses other words (the Markdown exchange format writes audiences as
  ``burger | ondernemer | vereniging | medewerker``, ``../shared/exchange-format.md``), the mapping lives here too
  (:data:`AUDIENCE_EXCHANGE_CODES`), so importers and exporters translate in one place.
- Data migrations that changed stored codes (Dutch → English) are ``kennisbank.0004``, ``kb_channels.0003`` and
  ``kb_phone.0002``; they read :data:`LEGACY_CODES` so old and new spellings are written down once.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    """What kind of content item a page is."""

    PRODUCT = "product", _("Product")
    FICHE = "fiche", _("Kennisfiche")


class Visibility(models.TextChoices):
    """Who may read an item. Internal items never reach a public channel (``kennisbank.selectors``)."""

    PUBLIC = "public", _("Publiek (alle kanalen)")
    INTERNAL = "internal", _("Intern (medewerkers en telefonisch onthaal)")


class Scope(models.TextChoices):
    """Read scopes (``kennisbank.selectors``): who is reading."""

    PUBLIC = "public", _("Publiek")
    OPERATOR = "operator", _("Medewerkers en onthaal")
    EDITOR = "editor", _("Redactie")


#: The scopes that have a search index (drafts are not indexed, so ``editor`` cannot search).
SEARCH_SCOPES: tuple[str, ...] = (Scope.PUBLIC.value, Scope.OPERATOR.value)


class AudienceCode(models.TextChoices):
    """Target audiences (doelgroepen)."""

    CITIZEN = "citizen", _("Burger")
    BUSINESS = "business", _("Ondernemer")
    ASSOCIATION = "association", _("Vereniging")
    EMPLOYEE = "employee", _("Medewerker")


#: Audience code → the word the Markdown exchange format uses (``../shared/exchange-format.md``).
AUDIENCE_EXCHANGE_CODES: dict[str, str] = {
    AudienceCode.CITIZEN: "burger",
    AudienceCode.BUSINESS: "ondernemer",
    AudienceCode.ASSOCIATION: "vereniging",
    AudienceCode.EMPLOYEE: "medewerker",
}
#: Exchange-format word → audience code.
AUDIENCE_FROM_EXCHANGE: dict[str, str] = {word: code for code, word in AUDIENCE_EXCHANGE_CODES.items()}


class Channel(models.TextChoices):
    """Where a search, a piece of feedback or a content gap came from (query log, feedback, insight)."""

    WEBSITE = "website", _("Website")
    API = "api", _("API en app")
    OPERATOR = "operator", _("Telefonisch onthaal")


class FeedbackKind(models.TextChoices):
    """What a piece of feedback is about."""

    HELPFUL = "helpful", _("Nuttig of niet (website)")
    ERROR = "error", _("Fout in de inhoud")
    OUTDATED = "outdated", _("Verouderde inhoud")


class SectionKind(models.TextChoices):
    """Fixed section kinds of a product or fiche body; the label is the standard Dutch heading."""

    INTRO = "intro", _("Inleiding")
    WHAT = "what", _("Wat is het?")
    WHO = "who", _("Voor wie?")
    HOW_TO_APPLY = "how_to_apply", _("Hoe aanvragen?")
    WHAT_TO_BRING = "what_to_bring", _("Wat meebrengen?")
    COST = "cost", _("Kostprijs")
    LEAD_TIME = "lead_time", _("Termijn")
    EXCEPTIONS = "exceptions", _("Uitzonderingen")
    FINANCIAL_ADVANTAGE = "financial_advantage", _("Financieel voordeel")
    LEGAL = "legal", _("Regelgeving")
    OTHER = "other", _("Andere rubriek")


class IpdcTheme(models.TextChoices):
    """The IPDC theme code list (``codelijsten/thema.ttl`` of Informatievlaanderen/ipdc-lpdc); the value is the
    concept's local name under ``https://productencatalogus.data.vlaanderen.be/id/concept/Thema/``."""

    BURGER_OVERHEID = "BurgerOverheid", _("Burger en Overheid")
    CULTUUR_SPORT_VRIJE_TIJD = "CultuurSportVrijeTijd", _("Cultuur, Sport en Vrije Tijd")
    ECONOMIE_WERK = "EconomieWerk", _("Economie en Werk")
    MILIEU_ENERGIE = "MilieuEnergie", _("Milieu en Energie")
    MOBILITEIT_OPENBARE_WERKEN = "MobiliteitOpenbareWerken", _("Mobiliteit en Openbare Werken")
    ONDERWIJS_WETENSCHAP = "OnderwijsWetenschap", _("Onderwijs en Wetenschap")
    WELZIJN_GEZONDHEID = "WelzijnGezondheid", _("Welzijn en Gezondheid")
    BOUWEN_WONEN = "BouwenWonen", _("Bouwen en Wonen")


class ProductType(models.TextChoices):
    """The IPDC product type code list (``codelijsten/type.ttl``); the value is the concept's local name under
    ``https://productencatalogus.data.vlaanderen.be/id/concept/Type/``."""

    ADVIES_BEGELEIDING = "AdviesBegeleiding", _("Advies en begeleiding")
    BEWIJS = "Bewijs", _("Bewijs")
    FINANCIEEL_VOORDEEL = "FinancieelVoordeel", _("Financieel voordeel")
    FINANCIELE_VERPLICHTING = "FinancieleVerplichting", _("Financiële verplichting")
    INFRASTRUCTUUR_MATERIAAL = "InfrastructuurMateriaal", _("Infrastructuur en materiaal")
    TOELATING = "Toelating", _("Toelating")
    VOORWERP = "Voorwerp", _("Voorwerp")


class ConceptReviewStatus(models.TextChoices):
    """LPDC's review status of a product based on an IPDC concept (``ext:reviewStatus``): the concept changed or was
    archived after the product was last brought up to date with it. Empty: nothing to review."""

    NONE = "", _("Bijgewerkt")
    CONCEPT_CHANGED = "concept-gewijzigd", _("Herziening nodig: concept gewijzigd")
    CONCEPT_ARCHIVED = "concept-gearchiveerd", _("Herziening nodig: concept gearchiveerd")


class ServicePointKind(models.TextChoices):
    """Kinds of service points: the places (and the online counter) where a product is delivered."""

    TOWN_HALL = "town_hall", _("Gemeentehuis")
    DISTRICT_HALL = "district_hall", _("Deelgemeentehuis")
    RECYCLING_PARK = "recycling_park", _("Containerpark")
    LIBRARY = "library", _("Bibliotheek")
    SOCIAL_HOUSE = "social_house", _("Sociaal huis")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Andere")


class ActionKind(models.TextChoices):
    """What a product's call to action does (the button says it)."""

    APPLY_ONLINE = "apply_online", _("Online aanvragen")
    BOOK_APPOINTMENT = "book_appointment", _("Afspraak maken")
    FILL_FORM = "fill_form", _("Formulier invullen")
    CALL = "call", _("Bellen")
    VISIT = "visit", _("Langskomen")


#: Actions whose URL is a web page (the others: a phone number, or the product's own "Waar en wanneer?").
ONLINE_ACTIONS = ("apply_online", "book_appointment", "fill_form")

#: An address that opens an appointment tool (migration 0011 keeps its own frozen copy).
BOOKING_URL_RE = re.compile(r"afspra|booking|reserv|appointment|calendly|timeblockr", re.IGNORECASE)


def guess_action_kind(url: str) -> str:
    """``book_appointment`` for an appointment tool's address, else ``apply_online``."""
    return ActionKind.BOOK_APPOINTMENT.value if BOOKING_URL_RE.search(url) else ActionKind.APPLY_ONLINE.value


class OpeningMode(models.TextChoices):
    """How a service point receives people during a block of opening hours."""

    WALK_IN = "walk_in", _("Vrij binnenlopen")
    APPOINTMENT = "appointment", _("Op afspraak")


class Weekday(models.IntegerChoices):
    """Days of the week, Monday first (``date.weekday()``)."""

    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class TombstoneReason(models.TextChoices):
    """Why a public item left the public channels (the app's change feed)."""

    UNPUBLISHED = "unpublished", _("Offline gehaald")
    DELETED = "deleted", _("Verwijderd")
    INTERNAL = "internal", _("Intern gemaakt")
    RESTRICTED = "restricted", _("Afgeschermd")


#: Stored codes renamed when the vocabulary moved to English: vocabulary name → {old code: new code}.
LEGACY_CODES: dict[str, dict[str, str]] = {
    "audience": {"burger": "citizen", "ondernemer": "business", "vereniging": "association", "medewerker": "employee"},
    "channel": {"app": "api"},
    "feedback_kind": {"nuttig": "helpful", "fout": "error", "verouderd": "outdated"},
    "section_kind": {"wat_is_het": "what", "voor_wie": "who", "hoe_aanvragen": "how_to_apply",
                     "wat_meebrengen": "what_to_bring", "kostprijs": "cost", "termijn": "lead_time",
                     "uitzonderingen": "exceptions", "overig": "other"},
    "service_point_kind": {"snelbalie": "quick_counter", "themabalie": "theme_counter", "afspraak": "appointment",
                           "deelgemeente": "district", "andere": "other"},
}


def label(choices: type[models.TextChoices], code: str) -> str:
    """The Dutch label of ``code`` in ``choices``; the code itself when it is unknown (never raises)."""
    try:
        return str(choices(code).label)
    except ValueError:
        return code


# --- the operator's workstation: contacts and callbacks (channels.phone) ------------------------------------------
class ContactType(models.TextChoices):
    """What the citizen came with."""

    QUESTION = "question", _("Vraag")
    REPORT = "report", _("Melding")
    COMPLAINT = "complaint", _("Klacht")
    PROPOSAL = "proposal", _("Voorstel")


class ContactChannel(models.TextChoices):
    """How the citizen reached the municipality."""

    PHONE = "phone", _("Telefoon")
    DESK = "desk", _("Balie")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    SOCIAL = "social", _("Sociale media")


class ContactOutcome(models.TextChoices):
    """How the contact ended."""

    ANSWERED = "answered", _("Beantwoord")
    TRANSFERRED = "transferred", _("Doorverbonden naar een team")
    CALLBACK = "callback", _("Terugbelverzoek")
    REFERRED = "referred", _("Doorverwezen naar een externe organisatie")


class CallbackStatus(models.TextChoices):
    """Where a callback request stands."""

    NEW = "new", _("Nieuw")
    IN_PROGRESS = "in_progress", _("In behandeling")
    DONE = "done", _("Afgehandeld")


class MessageKind(models.TextChoices):
    """A bericht for operators."""

    NEWS = "news", _("Nieuws")
    INSTRUCTION = "instruction", _("Werkinstructie")
