"""The page form of products and fiches: blocks publishing a too-hard text unless a moderator overrides it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .readability import blocks_publish, publish_policy, report_for_fields

OVERRIDE_PERM = "kennisbank.override_readability"


class ContentPageForm(WagtailAdminPageForm):
    """Adds the override reason and checks readability when the editor presses *Publiceren*."""

    readability_override_reason = forms.CharField(
        label=_("Reden om toch te publiceren"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Enkel voor moderatoren: vul in waarom een te moeilijke tekst toch online mag. "
                    "De reden wordt bewaard."),
    )

    #: A new item comes up for review after this many months unless the editor picks another interval.
    DEFAULT_REVIEW_MONTHS = 12

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "review_interval_months" in self.fields and not self.instance.pk \
                and not self.initial.get("review_interval_months"):
            self.initial["review_interval_months"] = self.DEFAULT_REVIEW_MONTHS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "action-publish" not in self.data:
            return cleaned
        # Published items always have an owner and a review interval, so none is forgotten by the review list.
        for name, required in (("owner_team", _("Kies het team dat deze inhoud juist houdt (tab Indeling).")),
                              ("review_interval_months", _("Kies na hoeveel maanden dit herzien moet worden "
                                                           "(tab Indeling)."))):
            if name in self.fields and not cleaned.get(name):
                self.add_error(name, required)
        body = cleaned.get("body") or []
        sections = [{"heading": b.value.get("heading") or "", "text": b.value.get("text") or ""}
                    for b in body if b.block_type == "section"]
        report = report_for_fields(cleaned.get("short_answer") or "", sections)
        if not blocks_publish(report):
            return cleaned
        policy = publish_policy()
        user = getattr(self, "for_user", None)
        can_override = policy.allow_override and user is not None and user.has_perm(OVERRIDE_PERM)
        reason = (cleaned.get("readability_override_reason") or "").strip()
        if can_override and reason:
            return cleaned
        message = _("Deze tekst is te moeilijk (%(label)s, Douma-score %(score).0f). Maak hem eenvoudiger "
                    "met de tips in het paneel Leesbaarheid.") % {"label": report.verdict_label, "score": report.score}
        if can_override:
            self.add_error("readability_override_reason",
                           _("%(message)s Of vul een reden in om toch te publiceren.") % {"message": message})
        else:
            self.add_error(None, _("%(message)s Een moderator kan hem met een reden toch publiceren.")
                           % {"message": message})
        return cleaned
