"""Record "Was dit nuttig?" answers from the website (anonymous: no personal data is stored).

Comments and section names are scrubbed before storage (:func:`kennisbank.privacy.scrub_personal_data`: e-mail
addresses, rijksregisternummers, phone numbers); the view limits answers per client (``FEEDBACK_RATE_LIMIT``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from channels.models import Feedback
from kennisbank.models import ContentPage
from kennisbank.privacy import scrub_personal_data


class FeedbackForm(forms.Form):
    """The plain POST form under every product and fiche."""

    item = forms.CharField(max_length=100, widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label=_("Was dit nuttig?"), choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda v: v == "ja", widget=forms.RadioSelect,
        error_messages={"required": _("Kies 'Ja' of 'Nee'.")},
    )
    section = forms.CharField(max_length=120, required=False, label=_("Over welke rubriek gaat het?"))
    comment = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Wat kunnen we beter doen? (optioneel)"),
        help_text=_("Vermeld geen persoonsgegevens zoals uw naam, adres of rijksregisternummer."),
    )


def record_feedback(item: ContentPage, *, helpful: bool | None, comment: str = "", section: str = "",
                    channel: str = Feedback.Channel.WEBSITE) -> Feedback:
    """Store one feedback answer of kind ``helpful`` for ``item``."""
    return Feedback.objects.create(item=item, helpful=helpful, comment=scrub_personal_data(comment).strip(),
                                   section=scrub_personal_data(section).strip(),
                                   kind=Feedback.Kind.HELPFUL, channel=channel)
