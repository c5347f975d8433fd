"""Writes and reads of the operator console: search, content gaps and operator feedback.

Contract:
- :func:`console_search` asks the search port (``search.service.search_items``, scope operator, channel
  ``operator``; the port logs the query) and joins each hit to its item through the selectors, so a hit the operator
  scope may not see (e.g. a draft still in the index) is dropped. Results keep the search order.
- :func:`record_gap` stores a "niet gevonden" query as :class:`ContentGap` (query text only, no personal data).
- :func:`report_feedback` stores operator feedback on one section of an item in the shared ``Feedback`` model
  (channel ``operator``) and e-mails the item's owner team (``EMAIL_BACKEND``; console by default).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from channels.models import Feedback
from kennisbank import opening
from kennisbank.privacy import scrub_personal_data
from kennisbank.selectors import items
from kennisbank.textclean import clean_text
from kennisbank.vocabulary import Channel, FeedbackKind, Scope

from .models import ContentGap

if TYPE_CHECKING:
    from kennisbank.models import ContentPage

logger = logging.getLogger(__name__)

CHANNEL = Channel.OPERATOR.value
GAP_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 2000
#: Feedback kinds an operator can send from the console.
OPERATOR_FEEDBACK_KINDS: dict[str, Any] = {FeedbackKind.ERROR.value: _lazy("Dit antwoord is fout"),
                                           FeedbackKind.OUTDATED.value: _lazy("Dit is verouderd")}
#: Pseudo sections of the phone view besides the body's headings.
SHORT_ANSWER_SECTION = "Kort antwoord"
PHONE_SCRIPT_SECTION = "Telefoonscript"


@dataclass
class ConsoleHit:
    """One console result: the search hit's highlights plus the item (phone script, owner, review state)."""

    page: ContentPage
    highlights: dict[str, str] = field(default_factory=dict)
    #: ``lexical``, ``semantic`` (found by meaning only) or ``both`` (see :class:`search.port.Hit`).
    matched: str = "lexical"

    @property
    def stale_since(self) -> dt.date | None:
        return self.page.next_review_date if self.page.is_stale() else None


@dataclass
class ConsoleSearch:
    """The console's result list; ``degraded`` when the database fallback answered (search backend down)."""

    query: str
    hits: list[ConsoleHit]
    total: int
    degraded: bool = False


def console_search(q: str, *, limit: int = 10, log: bool = True, mode: str | None = None) -> ConsoleSearch:
    """Search for the console (operator scope, channel ``operator``).

    ``log=False`` for search-as-you-type requests: only the query the operator settles on is logged (the console
    asks once more with ``log=True`` when typing pauses or a result is opened). ``mode`` defaults to ``lexical``
    for as-you-type requests (the keystroke ranking) and ``hybrid`` for the settled query, whose extra hits the
    console appends below the ones shown. Raises
    :class:`search.port.InvalidQuery` for invalid input (e.g. a query over 500 characters). While the search
    backend is unavailable the database fallback answers (no typo tolerance) and ``degraded`` is set.
    """
    from search.fallback import database_search
    from search.port import BackendUnavailable
    from search.service import search_items

    q = clean_text(q or "").strip()
    if not q:
        return ConsoleSearch(query="", hits=[], total=0)
    try:
        result = search_items(q, scope=Scope.OPERATOR, channel=CHANNEL, limit=limit, log=log, highlight="none",
                              mode=mode or ("hybrid" if log else "lexical"))
    except BackendUnavailable:
        result = database_search(q, scope=Scope.OPERATOR, limit=limit)
    ids = [hit.id for hit in result.hits]
    pages = {p.external_id: p for p in items(Scope.OPERATOR).filter(external_id__in=ids).select_related("owner_team")}
    hits = [ConsoleHit(page=pages[h.id], highlights=dict(h.highlights), matched=h.matched)
            for h in result.hits if h.id in pages]
    dropped = len(result.hits) - len(hits)
    return ConsoleSearch(query=q, hits=hits, total=max(0, result.total - dropped), degraded=result.degraded)


def scrub(text: str) -> str:
    """Text without e-mail addresses and long numbers, whitespace collapsed (no personal data in gaps)."""
    return " ".join(scrub_personal_data(text).split())


def record_gap(query: str, *, note: str = "", channel: str = CHANNEL) -> ContentGap:
    """Store a query nobody found an answer for (lower-cased like the query log, personal data scrubbed).

    Raises ValidationError (field ``query``) for blank input.
    """
    query = scrub(query).lower()
    if not query:
        raise ValidationError({"query": _("Geef de zoekvraag op die niets opleverde.")})
    return ContentGap.objects.create(query=query[:GAP_MAX_LENGTH], note=scrub(note)[:GAP_MAX_LENGTH],
                                     channel=channel)


def section_names(page: ContentPage) -> list[str]:
    """Sections an operator can give feedback on: short answer, phone script and the body's headings."""
    names = [SHORT_ANSWER_SECTION, PHONE_SCRIPT_SECTION]
    for index, section in enumerate(page.sections(), start=1):
        names.append(section["heading"] or _("Rubriek %(n)s") % {"n": index})
    return names


def feedback_model() -> Any:
    """The shared Feedback model (``channels.models.Feedback``, built by the website channel)."""
    return Feedback


def report_feedback(page: ContentPage, *, section: str, kind: str, comment: str = "") -> Any:
    """Store "wrong/outdated" feedback from an operator and mail the owner team.

    Raises ValidationError naming the field (``section``, ``kind``, ``comment``) for bad input.
    """
    errors: dict[str, str] = {}
    if section not in section_names(page):
        errors["section"] = _("Onbekende rubriek: %(s)s") % {"s": section}
    if kind not in OPERATOR_FEEDBACK_KINDS:
        errors["kind"] = _("Kies 'fout' of 'verouderd' (%(codes)s).") % {"codes": ", ".join(OPERATOR_FEEDBACK_KINDS)}
    comment = scrub_personal_data(comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = _("De opmerking is langer dan %(n)s tekens.") % {"n": COMMENT_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    feedback = feedback_model().objects.create(
        item=page, section=section, kind=kind, comment=comment, channel=CHANNEL,
    )
    notify_owner(page, section=section, kind=kind, comment=comment)
    return feedback


def notify_owner(page: ContentPage, *, section: str, kind: str, comment: str) -> bool:
    """E-mail the owner team about operator feedback. False when the item has no owner e-mail."""
    team = page.owner_team
    if team is None or not team.email:
        return False
    context = {"page": page, "team": team, "section": section, "kind": kind,
               "kind_label": OPERATOR_FEEDBACK_KINDS.get(kind, kind), "comment": comment,
               "admin_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/pages/{page.pk}/edit/"}
    subject = _("Feedback van het onthaal: %(title)s") % {"title": page.title}
    body = render_to_string("phone/email/feedback.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [team.email])
    return True


def service_point_views(page: ContentPage) -> list[opening.PointView]:
    """Where and when for a product (status now, hours, exceptions); empty for a fiche."""
    points = list(page.service_points.all()) if hasattr(page, "service_points") else []
    prefetch_related_objects(points, "hours", "exceptions")
    return [opening.point_view(point) for point in opening.ordered_points(points)]


def practical_facts(page: ContentPage) -> dict[str, Any] | None:
    """What an operator says first about a product: cost, appointment, where, booking link. None for a fiche."""
    from kennisbank.prices import euro
    from kennisbank.vocabulary import ActionKind

    if not hasattr(page, "cost_lines"):
        return None
    costs = [{"label": line.label, "amount": euro(line.amount) if line.amount else str(_("gratis")),
              "note": line.note} for line in page.cost_lines.all()]
    actions = list(page.actions.all())
    booking = next((a for a in actions if a.kind == ActionKind.BOOK_APPOINTMENT and a.url), None) or next(
        (a for a in actions if a.url and a.kind != ActionKind.CALL), None)
    return {"costs": costs, "appointment_required": page.appointment_required,
            "where": [p.name for p in opening.ordered_points(list(page.service_points.all()))],
            "booking": {"label": booking.text, "url": booking.url} if booking else None}
