"""The readability publish gate, enforced in the publish path itself.

Contract: :func:`check_publish` runs for EVERY publication of a product or fiche — ``ContentPage.publish`` (bulk
publish, workflow approval, scheduled publishing, imports and services all publish through it) and the admin
create/edit views (which run Wagtail's publish action directly; :func:`record_editor_override` runs in their
``before_publish_page`` hook). A revision whose text the policy blocks (``KENNISBANK_READABILITY_PUBLISH``) is only
published when a :class:`~kennisbank.models.ReadabilityOverride` exists for that revision: a moderator gave a
reason in the editor. Otherwise :class:`ReadabilityBlocked` is raised, with a Dutch message; nothing is published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .readability import blocks_publish, publish_policy, report_for_page

if TYPE_CHECKING:
    from wagtail.models import Revision

    from ..models import ContentPage

OVERRIDE_PERM = "kennisbank.override_readability"


class ReadabilityBlocked(Exception):  # noqa: N818 - reads as what happened: "readability blocked"
    """Publishing was refused: the text is too hard and no moderator gave a reason.

    Not a ``PermissionDenied``: Wagtail's admin would turn that into "Sorry, you do not have access" and drop the
    reason. In the admin, ``admin_actions.ReadabilityBlockedMiddleware`` shows the message on the edit view.
    """


def check_publish(page: ContentPage, revision: Revision) -> None:
    """Raise :class:`ReadabilityBlocked` unless the revision may be published (see the module docstring)."""
    from ..models import ReadabilityOverride

    report = report_for_page(revision.as_object())
    if not blocks_publish(report):
        return
    if ReadabilityOverride.objects.filter(page_id=page.pk, revision_id=revision.pk).exists():
        return
    raise _blocked(page, report)


def check_new_page(page: ContentPage) -> None:
    """The gate for a page published together with its first revision (:mod:`kennisbank.bulk_pages`): the same
    verdict and message as :func:`check_publish`. No override can exist for a revision not yet written."""
    report = report_for_page(page)
    if blocks_publish(report):
        raise _blocked(page, report)


def _blocked(page: ContentPage, report: Any) -> ReadabilityBlocked:
    return ReadabilityBlocked(
        _("'%(title)s' is niet gepubliceerd: de tekst is te moeilijk (%(label)s, Douma-score %(score).0f). Maak "
          "hem eenvoudiger, of laat een moderator hem in de editor met een reden publiceren.")
        % {"title": page.title, "label": report.verdict_label, "score": report.score})


def record_editor_override(request: Any, page: Any) -> None:
    """``before_publish_page`` hook: keep the moderator's reason for the revision about to be published.

    The edit form already refused a too-hard text without a reason (or from a user without the permission); here
    the reason becomes the :class:`ReadabilityOverride` that :func:`check_publish` requires, then the gate runs.
    """
    from ..models import ContentPage, ReadabilityOverride

    specific = getattr(page, "specific", page)
    if not isinstance(specific, ContentPage) or page.latest_revision is None:
        return
    revision = page.latest_revision
    report = report_for_page(revision.as_object())
    if not blocks_publish(report):
        return
    reason = (request.POST.get("readability_override_reason") or "").strip()
    user = getattr(request, "user", None)
    if reason and publish_policy().allow_override and user is not None and user.has_perm(OVERRIDE_PERM):
        ReadabilityOverride.objects.get_or_create(
            page=specific, revision=revision,
            defaults={"user": user, "reason": reason, "score": report.score, "verdict": report.verdict})
    check_publish(specific, revision)
