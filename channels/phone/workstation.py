"""The operator's workstation: register contacts, hand over callback requests, wipe personal data on time.

- :func:`register_contact`: one contact (type, channel, items consulted, outcome, note). The note is scrubbed of
  e-mail addresses and numbers (``kennisbank.privacy``): a contact holds no personal data.
- :func:`request_callback`: a callback request for a team (the item's owner by default), due after the team's
  number of working days (``Team.callback_working_days``; weekends and Belgian public holidays skipped). The team
  gets an e-mail; the citizen, when an e-mail address is given, an acknowledgement with the reference number.
- :func:`update_callback`: the team takes it up, answers it, closes it.
- :func:`purge_personal_data`: name, phone and e-mail of requests closed more than
  ``KENNISBANK_CALLBACK_RETENTION_DAYS`` ago are wiped (``manage.py purge_callback_personal_data``, daily).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.conf import channel_settings
from kennisbank.holidays import add_working_days
from kennisbank.identity import identity
from kennisbank.models import ContentPage, Team
from kennisbank.privacy import scrub_personal_data
from kennisbank.textclean import clean_text
from kennisbank.vocabulary import CallbackStatus, ContactChannel, ContactOutcome, ContactType

from .models import CallbackRequest, Contact

#: Items the console remembers as "consulted" for the next contact (session key, newest last).
CONSULTED_SESSION_KEY = "kb_consulted"
CONSULTED_MAX = 10


def remember_consulted(session: Any, page: ContentPage) -> None:
    """Note that the operator opened ``page`` (pre-fills the next contact's "geraadpleegd")."""
    ids = [i for i in session.get(CONSULTED_SESSION_KEY, []) if i != page.pk]
    session[CONSULTED_SESSION_KEY] = (ids + [page.pk])[-CONSULTED_MAX:]


def _visible_in_order(ids: list[int]) -> list[ContentPage]:
    """The live items operators may see among ``ids``, in the order of ``ids``."""
    from kennisbank.selectors import Scope, items

    found = {p.pk: p for p in items(Scope.OPERATOR).filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def consulted(session: Any) -> list[ContentPage]:
    """The items opened since the last registered contact, newest first."""
    return _visible_in_order(list(reversed(session.get(CONSULTED_SESSION_KEY, []))))


def callbacks_visible_to(user: Any) -> Any:
    """The callback requests ``user`` may see: those of the teams they belong to (superusers: all)."""
    qs = CallbackRequest.objects.all()
    return qs if user.is_superuser else qs.filter(team__members=user)


def is_team_member(user: Any, team: Team) -> bool:
    """Whether ``user`` may see and handle ``team``'s callback requests (members; superusers always)."""
    return bool(user.is_superuser or team.members.filter(pk=user.pk).exists())


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: [_("Kies een geldige waarde.")]})
    return value


@transaction.atomic
def register_contact(*, type: str = ContactType.QUESTION, channel: str = ContactChannel.PHONE,
                     outcome: str = ContactOutcome.ANSWERED, item_ids: Iterable[int] = (), note: str = "",
                     transferred_to: Team | None = None, referred_to: str = "", operator: Any = None) -> Contact:
    """Store one contact. ``ValidationError`` (per field) for an unknown code or a missing team/organisation."""
    from kennisbank.selectors import Scope, items

    errors: dict[str, list[str]] = {}
    if outcome == ContactOutcome.TRANSFERRED and transferred_to is None:
        errors["transferred_to"] = [_("Kies het team waarmee u doorverbond.")]
    if outcome == ContactOutcome.REFERRED and not referred_to.strip():
        errors["referred_to"] = [_("Naar welke organisatie verwees u door?")]
    if errors:
        raise ValidationError(errors)
    contact = Contact.objects.create(
        type=_choice(type, ContactType, "type"), channel=_choice(channel, ContactChannel, "channel"),
        outcome=_choice(outcome, ContactOutcome, "outcome"),
        transferred_to=transferred_to if outcome == ContactOutcome.TRANSFERRED else None,
        referred_to=scrub_personal_data(referred_to)[:200] if outcome == ContactOutcome.REFERRED else "",
        note=scrub_personal_data(note)[:500],
        operator=operator if getattr(operator, "is_authenticated", False) else None)
    contact.items.set(items(Scope.OPERATOR).filter(pk__in=list(item_ids)))
    return contact


def _reference(pk: int, year: int) -> str:
    return f"TB-{year}-{pk:06d}"


@transaction.atomic
def request_callback(*, question: str, team: Team | None = None, item: ContentPage | None = None,
                     citizen_name: str = "", citizen_phone: str = "", citizen_email: str = "",
                     contact: Contact | None = None, operator: Any = None,
                     now: dt.datetime | None = None) -> CallbackRequest:
    """Create a callback request, due after the team's working days, and send the two e-mails (after commit).

    ``ValidationError`` per field: no question, no way to reach the citizen, an invalid e-mail, no team.
    """
    team = team or (item.owner_team if item is not None else None)
    question, citizen_name = clean_text(question).strip(), clean_text(citizen_name).strip()
    citizen_phone, citizen_email = clean_text(citizen_phone).strip(), clean_text(citizen_email).strip()
    errors: dict[str, list[str]] = {}
    if not question:
        errors["question"] = [_("Schrijf de vraag op: het team moet weten waarover het gaat.")]
    if not (citizen_phone or citizen_email):
        errors["citizen_phone"] = [_("Geef een telefoonnummer of een e-mailadres om de burger te bereiken.")]
    if citizen_email:
        try:
            validate_email(citizen_email)
        except ValidationError:
            errors["citizen_email"] = [_("Dit e-mailadres klopt niet.")]
    if team is None:
        errors["team"] = [_("Kies het team dat terugbelt (de fiche heeft geen eigenaar).")]
    if errors:
        raise ValidationError(errors)
    assert team is not None
    now = now or timezone.now()
    local = timezone.localtime(now)
    callback = CallbackRequest.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}", contact=contact, item=item, team=team, question=question[:2000],
        citizen_name=citizen_name[:120], citizen_phone=citizen_phone[:40], citizen_email=citizen_email,
        due_at=add_working_days(local, team.callback_working_days),
        created_by=operator if getattr(operator, "is_authenticated", False) else None)
    callback.reference = _reference(callback.pk, local.year)
    callback.save(update_fields=["reference"])
    transaction.on_commit(lambda: _notify(callback.pk))
    return callback


def _notify(callback_id: int) -> None:
    """The team's e-mail (with the admin link) and the citizen's acknowledgement (reference and due date)."""
    callback = CallbackRequest.objects.select_related("team", "item").get(pk=callback_id)
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {"callback": callback, "municipality": identity().name,
               "queue_url": f"{admin}/admin/snippets/kb_phone/callbackrequest/edit/{callback.pk}/"}
    if callback.team.email:
        send_mail(_("Terugbelverzoek %(ref)s voor %(team)s") % {"ref": callback.reference, "team": callback.team},
                  render_to_string("phone/email/callback_team.txt", context), settings.DEFAULT_FROM_EMAIL,
                  [callback.team.email])
    if callback.citizen_email:
        send_mail(_("Uw vraag aan %(name)s: referentie %(ref)s") % {"name": identity().name,
                                                                     "ref": callback.reference},
                  render_to_string("phone/email/callback_citizen.txt", context), settings.DEFAULT_FROM_EMAIL,
                  [callback.citizen_email])


def update_callback(callback: CallbackRequest, *, status: str, user: Any = None, answer: str | None = None,
                    now: dt.datetime | None = None) -> CallbackRequest:
    """Move a request to ``status``; closing it needs the answer given and starts the retention period."""
    _choice(status, CallbackStatus, "status")
    if answer is not None:
        callback.answer = clean_text(answer).strip()
    if status == CallbackStatus.DONE and not callback.answer:
        raise ValidationError({"answer": [_("Schrijf kort welk antwoord de burger kreeg.")]})
    callback.status = status
    if getattr(user, "is_authenticated", False):
        callback.handled_by = user
    if status == CallbackStatus.DONE:
        callback.closed_at = callback.closed_at or now or timezone.now()  # a later edit keeps the retention start
    else:
        callback.closed_at = None
    callback.save()
    return callback


def purge_personal_data(now: dt.datetime | None = None, *, retention_days: int | None = None) -> int:
    """Wipe name, phone and e-mail of requests closed longer than the retention period; returns how many."""
    now = now or timezone.now()
    days = channel_settings.CALLBACK_RETENTION_DAYS if retention_days is None else retention_days
    due = CallbackRequest.objects.filter(status=CallbackStatus.DONE, closed_at__lte=now - dt.timedelta(days=days),
                                         purged_at__isnull=True)
    return due.update(citizen_name="", citizen_phone="", citizen_email="", purged_at=now)


# --- recently viewed and favourites -------------------------------------------------------------------------------
RECENT_SESSION_KEY = "kb_recent"
RECENT_MAX = 8


def remember_recent(session: Any, page: ContentPage) -> None:
    """Keep ``page`` at the top of the operator's recently viewed items (per session, not cleared by a contact)."""
    ids = [i for i in session.get(RECENT_SESSION_KEY, []) if i != page.pk]
    session[RECENT_SESSION_KEY] = ([page.pk] + ids)[:RECENT_MAX]


def recent(session: Any) -> list[ContentPage]:
    """Recently viewed items that the operator may still see, newest first."""
    return _visible_in_order(session.get(RECENT_SESSION_KEY, []))


def favourites(user: Any) -> list[ContentPage]:
    """The operator's favourites that are still live and visible to operators, newest first."""
    from .models import Favourite

    return _visible_in_order(list(Favourite.objects.filter(user=user).values_list("item_id", flat=True)))


def is_favourite(user: Any, page: ContentPage) -> bool:
    from .models import Favourite

    return Favourite.objects.filter(user=user, item=page).exists()


def toggle_favourite(user: Any, page: ContentPage) -> bool:
    """Make ``page`` a favourite of ``user`` or stop it being one; returns whether it is one now."""
    from .models import Favourite

    deleted, _rows = Favourite.objects.filter(user=user, item=page).delete()
    if deleted:
        return False
    Favourite.objects.create(user=user, item=page)
    return True
