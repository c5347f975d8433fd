"""Models of the phone channel: content gaps, contacts and callback requests from the operator console.

A :class:`ContentGap` and a :class:`Contact` hold no personal data about the citizen. A :class:`CallbackRequest`
holds the name, phone and e-mail the team needs to call back, and loses them after the retention period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kennisbank.vocabulary import CallbackStatus, Channel, ContactChannel, ContactOutcome, ContactType, MessageKind


class ContentGap(models.Model):
    """A question nobody could answer from the knowledge base ("niet gevonden")."""

    query = models.CharField(_("zoekvraag"), max_length=500, help_text=_("Wat de medewerker zocht."))
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices, default=Channel.OPERATOR,
                               db_index=True)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True, db_index=True)
    note = models.CharField(
        _("opmerking"), max_length=500, blank=True,
        help_text=_("Wat zocht de beller? Geen namen, telefoonnummers of andere persoonsgegevens."),
    )
    resolved = models.BooleanField(_("opgelost"), default=False, db_index=True)

    class Meta:
        verbose_name = _("ontbrekende inhoud")
        verbose_name_plural = _("ontbrekende inhoud")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.query


class Contact(models.Model):
    """One registered contact (contactmoment): what came in, how, what was consulted, how it ended.

    No personal data about the citizen: the note says what the question was about, never who asked. Who took the
    contact (``operator``) is kept for the team's own follow-up and insight.
    """

    type = models.CharField(_("soort"), max_length=12, choices=ContactType.choices, default=ContactType.QUESTION,
                            help_text=_("Vraag, melding, klacht of voorstel."))
    channel = models.CharField(_("kanaal"), max_length=12, choices=ContactChannel.choices,
                               default=ContactChannel.PHONE, help_text=_("Hoe de burger ons bereikte."))
    outcome = models.CharField(_("afloop"), max_length=12, choices=ContactOutcome.choices,
                               default=ContactOutcome.ANSWERED, help_text=_("Hoe het contact eindigde."))
    transferred_to = models.ForeignKey(
        "kennisbank.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("doorverbonden met"), help_text=_("Bij 'doorverbonden': het team."))
    referred_to = models.CharField(
        _("doorverwezen naar"), max_length=200, blank=True,
        help_text=_("Bij 'doorverwezen': de externe organisatie, bv. de intercommunale voor afval."))
    items = models.ManyToManyField("kennisbank.ContentPage", blank=True, related_name="+",
                                   verbose_name=_("geraadpleegd"),
                                   help_text=_("De fiches en producten die open stonden."))
    note = models.CharField(_("notitie"), max_length=500, blank=True,
                            help_text=_("Kort, zonder namen, telefoonnummers of andere persoonsgegevens."))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("medewerker"),
                                 help_text=_("Wie het contact registreerde."))
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True,
                                      help_text=_("Wanneer het contact geregistreerd werd."))

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.get_channel_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class CallbackRequest(models.Model):
    """A question the front office could not answer now: the owner team calls or mails the citizen back.

    The citizen's name, phone and e-mail are personal data: only the team and its handlers see them, and
    ``purge_callback_personal_data`` blanks them a set number of days after the request is closed
    (``KENNISBANK_CALLBACK_RETENTION_DAYS``, default 30; see docs/security.md).
    """

    reference = models.CharField(_("referentie"), max_length=20, unique=True, editable=False,
                                 help_text=_("Het nummer dat de burger krijgt, bv. TB-2026-000042."))
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks",
                                verbose_name=_("contactmoment"), help_text=_("Het contact waaruit het verzoek kwam."))
    item = models.ForeignKey("kennisbank.ContentPage", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("over"), help_text=_("De fiche of het product."))
    team = models.ForeignKey("kennisbank.Team", on_delete=models.PROTECT, related_name="callbacks",
                             verbose_name=_("team"), help_text=_("Wie terugbelt: standaard het team van de fiche."))
    question = models.TextField(_("vraag"), max_length=2000, help_text=_("Wat wil de burger weten?"))
    citizen_name = models.CharField(_("naam"), max_length=120, blank=True, help_text=_("Persoonsgegeven."))
    citizen_phone = models.CharField(_("telefoon"), max_length=40, blank=True, help_text=_("Persoonsgegeven."))
    citizen_email = models.EmailField(_("e-mail"), blank=True, help_text=_("Persoonsgegeven; krijgt een bevestiging."))
    status = models.CharField(_("status"), max_length=12, choices=CallbackStatus.choices, default=CallbackStatus.NEW,
                              db_index=True, help_text=_("Nieuw, in behandeling of afgehandeld."))
    due_at = models.DateTimeField(_("terugbellen voor"), db_index=True,
                                  help_text=_("Volgens de termijn van het team, in werkdagen."))
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True,
                                      help_text=_("Wanneer het verzoek gemaakt werd."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("aangevraagd door"),
                                   help_text=_("De medewerker van het onthaal."))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("behandeld door"),
                                   help_text=_("Wie het verzoek behandelt of behandelde."))
    answer = models.TextField(_("antwoord"), blank=True, help_text=_("Wat de burger te horen kreeg."))
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True,
                                     help_text=_("Vanaf dan loopt de bewaartermijn van de persoonsgegevens."))
    purged_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True,
                                     help_text=_("Naam, telefoon en e-mail zijn dan leeggemaakt."))

    class Meta:
        verbose_name = _("terugbelverzoek")
        verbose_name_plural = _("terugbelverzoeken")
        ordering = ["status", "due_at"]

    def __str__(self) -> str:
        return f"{self.reference} · {self.team}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.status == CallbackStatus.DONE and not (self.answer or "").strip():
            raise ValidationError({"answer": _("Schrijf kort welk antwoord de burger kreeg.")})

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status != CallbackStatus.DONE and self.due_at < timezone.now()


class Favourite(models.Model):
    """An item an operator keeps at hand on the console's start page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("medewerker"), help_text=_("De medewerker van het onthaal."))
    item = models.ForeignKey("kennisbank.ContentPage", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("item"), help_text=_("De fiche of het product."))
    created_at = models.DateTimeField(auto_now_add=True, help_text=_("Sinds wanneer het een favoriet is."))

    class Meta:
        verbose_name = _("favoriet")
        verbose_name_plural = _("favorieten")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="kb_phone_one_favourite_per_item")]

    def __str__(self) -> str:
        return f"{self.user} · {self.item_id}"


class OperatorMessage(models.Model):
    """A bericht for the front office: news or a work instruction. Internal only: never on a public channel."""

    title = models.CharField(_("titel"), max_length=200, help_text=_("Kort en duidelijk, bv. 'Nieuwe tarieven eID'."))
    kind = models.CharField(_("soort"), max_length=12, choices=MessageKind.choices, default=MessageKind.NEWS,
                            help_text=_("Nieuws of een werkinstructie."))
    body = models.TextField(_("tekst"), help_text=_("Markdown: lege regel tussen alinea's, '- ' voor opsommingen."))
    important = models.BooleanField(_("belangrijk"), default=False,
                                    help_text=_("Staat bovenaan in het onthaal tot iedereen het gelezen heeft."))
    visible_from = models.DateTimeField(_("zichtbaar vanaf"), default=timezone.now,
                                        help_text=_("Vanaf wanneer het onthaal dit ziet."))
    visible_until = models.DateTimeField(_("zichtbaar tot"), null=True, blank=True,
                                         help_text=_("Leeg: tot iemand het weghaalt."))
    themes = models.ManyToManyField("kennisbank.Theme", blank=True, related_name="+", verbose_name=_("thema's"),
                                    help_text=_("Waarover het gaat (om het terug te vinden)."))
    created_at = models.DateTimeField(auto_now_add=True, help_text=_("Wanneer het bericht gemaakt werd."))
    updated_at = models.DateTimeField(auto_now=True, help_text=_("Laatste wijziging."))

    class Meta:
        verbose_name = _("bericht voor het onthaal")
        verbose_name_plural = _("berichten voor het onthaal")
        ordering = ["-important", "-visible_from"]

    def __str__(self) -> str:
        return self.title


class MessageRead(models.Model):
    """Who read which bericht, and when (the console shows unread important berichten first)."""

    message = models.ForeignKey(OperatorMessage, on_delete=models.CASCADE, related_name="reads",
                                help_text=_("Het bericht."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             help_text=_("De medewerker die het las."))
    read_at = models.DateTimeField(auto_now_add=True, help_text=_("Wanneer het gelezen werd."))

    class Meta:
        verbose_name = _("gelezen bericht")
        verbose_name_plural = _("gelezen berichten")
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="kb_phone_read_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.message_id}"
