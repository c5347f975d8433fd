"""Admin views of the social team: the calendar (month and week) and the export links (tokens)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import calendar, networks, tokens
from .models import ExportToken
from .schedule import TZ

MANAGE_PERM = "kb_social.manage_social"


def _month(value: str | None, today: dt.date) -> tuple[int, int]:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        dt.date(year, month, 1)
        return year, month
    except ValueError:
        return today.year, today.month


def _monday(value: str | None, today: dt.date) -> dt.date:
    """Monday of ``YYYY-Www`` (ISO week), or of this week."""
    try:
        year, week = (value or "").split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return today - dt.timedelta(days=today.weekday())


def calendar_view(request: HttpRequest) -> HttpResponse:
    """``?view=month&month=YYYY-MM`` (default) or ``?view=week&week=YYYY-Www``; ``?network=`` narrows."""
    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    today = timezone.now().astimezone(TZ).date()
    network = request.GET.get("network") or None
    if network not in networks.NETWORKS:
        network = None
    context: dict[str, object] = {"networks": networks.NETWORK_CHOICES, "network": network or "",
                                  "weekdays": ["ma", "di", "wo", "do", "vr", "za", "zo"],
                                  "posting": calendar.direct_posting(), "today": today}
    if request.GET.get("view") == "week":
        monday = _monday(request.GET.get("week"), today)
        days, count = calendar.week_view(monday, network=network, today=today)
        iso = monday.isocalendar()
        context.update({"view": "week", "grid": [days], "count": count, "monday": monday,
                        "week": f"{iso.year}-W{iso.week:02d}",
                        "prev": (monday - dt.timedelta(days=7)).strftime("%G-W%V"),
                        "next": (monday + dt.timedelta(days=7)).strftime("%G-W%V")})
    else:
        year, month = _month(request.GET.get("month"), today)
        grid, count = calendar.month_view(year, month, network=network, today=today)
        first = dt.date(year, month, 1)
        context.update({"view": "month", "grid": grid, "count": count, "month": first,
                        "prev": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
                        "next": (first + dt.timedelta(days=32)).strftime("%Y-%m")})
    return render(request, "social/admin/calendar.html", context)


def export_links_view(request: HttpRequest) -> HttpResponse:
    """Make a token (its export URLs are shown once), list tokens, revoke one."""
    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    new_links: list[dict[str, str]] = []
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token = get_object_or_404(ExportToken, pk=request.POST.get("token"))
        tokens.revoke(token)
        messages.success(request, _("De sleutel voor '%(label)s' werkt niet meer.") % {"label": token.label})
        return redirect("kb_social_exports")
    if request.method == "POST" and request.POST.get("action") == "create":
        label = (request.POST.get("label") or "").strip()
        if not label:
            messages.error(request, _("Geef aan voor wie de sleutel is."))
            return redirect("kb_social_exports")
        _token, raw = tokens.create(label, request.user)
        new_links = export_urls(request, raw)
        messages.success(request, _("Sleutel gemaakt voor '%(label)s'. Kopieer de links nu: de sleutel wordt "
                                    "niet bewaard en is later niet meer te zien.") % {"label": label})
    return render(request, "social/admin/export_links.html", {
        "tokens": ExportToken.objects.all(), "new_links": new_links})


def export_urls(request: HttpRequest, raw: str) -> list[dict[str, str]]:
    """Every export URL with the token, for the social team to paste into its tools."""
    query = f"?{tokens.PARAM}={raw}"
    links = [{"label": _("Kalender (alle netwerken, iCalendar)"),
              "url": request.build_absolute_uri(reverse("social:calendar-ics")) + query}]
    for code, label in networks.NETWORK_CHOICES:
        for name, what in (("social:feed-rss", "RSS"), ("social:feed-atom", "Atom"),
                           ("social:hootsuite-csv", "Hootsuite CSV"), ("social:socialbee-csv", "SocialBee CSV")):
            links.append({"label": f"{label}: {what}",
                          "url": request.build_absolute_uri(reverse(name, args=[code])) + query})
    return links


def post_from_page_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: what the post will be about; POST: create it with generated texts and open it for editing."""
    from kennisbank.models import ContentPage

    from . import services
    from .sources import SourceNotPublic

    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    page = get_object_or_404(ContentPage, pk=page_id).specific
    if request.method == "POST":
        try:
            post = services.create_post(page, user=request.user if request.user.is_authenticated else None)
        except SourceNotPublic as exc:
            messages.error(request, str(exc))
            return redirect("wagtailadmin_pages:edit", page.pk)
        messages.success(request, _("Bericht gemaakt met teksten per netwerk. Kijk ze na en keur goed."))
        return redirect("wagtailsnippets_kb_social_socialpost:edit", post.pk)
    return render(request, "social/admin/post_from_page.html", {"page": page})


def compare_view(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post against its changed source: what changed, each text now and regenerated; regenerate or confirm."""
    from . import services, textdiff
    from .models import SocialPost
    from .sources import SourceNotPublic

    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    post = get_object_or_404(SocialPost, pk=post_id)
    edit_url = reverse("wagtailsnippets_kb_social_socialpost:edit", args=[post.pk])
    try:
        if request.method == "POST":
            if request.POST.get("action") == "regenerate":
                services.regenerate(post)
                messages.success(request, _("Nieuwe teksten gemaakt uit de huidige bron. Kijk ze na en keur goed."))
            elif request.POST.get("action") == "confirm":
                services.confirm_texts(post)
                messages.success(request, _("De teksten blijven zoals ze zijn. Keur het bericht opnieuw goed."))
            return redirect(edit_url)
        fields, changes = services.source_changes(post)
    except SourceNotPublic as exc:
        messages.error(request, str(exc))
        return redirect(edit_url)
    labels = {"title": _("Titel"), "short_answer": _("Kort antwoord")}
    return render(request, "social/admin/compare.html", {
        "post": post, "edit_url": edit_url,
        "fields": [{"label": labels[name], "diff": textdiff.word_diff(old, new)} for name, (old, new) in
                   fields.items()],
        "variants": [{"label": c.label, "network": c.network, "diff": textdiff.word_diff(c.current, c.regenerated),
                      "unchanged": c.current == c.regenerated} for c in changes],
    })


def count_view(request: HttpRequest) -> HttpResponse:
    """POST ``{"network", "text"}`` → how that network counts the text: the composer's live counter.

    The server counts (``networks``), so the counter in the browser never disagrees with the check on save.
    """
    import json

    from django.http import JsonResponse

    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    try:
        data = json.loads(request.body or b"{}")
        code, text = str(data.get("network", "")), str(data.get("text", ""))[:100_000]
    except (ValueError, AttributeError):
        return JsonResponse({"error": "invalid"}, status=400)
    if code not in networks.NETWORKS:
        return JsonResponse({"error": "unknown network"}, status=400)
    net = networks.get(code)
    return JsonResponse({"network": code, "label": net.label, "count": net.count(text),
                         "limit": networks.limit_of(code), "link_mode": net.link_mode,
                         "hashtags": len(networks.hashtags_in(text)), "problems": networks.check_text(code, text)})


def webcare_view(request: HttpRequest, page_id: int | None = None) -> HttpResponse:
    """Find a public item (``?q=``) and get its ready replies per network, each with a copy button."""
    from kennisbank.models import ContentPage
    from kennisbank.selectors import Scope, items

    from . import webcare

    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    query = (request.GET.get("q") or "").strip()[:200]
    found = list(items(Scope.PUBLIC).filter(title__icontains=query).order_by("title")[:20]) if query else []
    page = None
    if page_id is not None:
        page = get_object_or_404(items(Scope.PUBLIC).specific(), pk=page_id)  # internal items never get a reply
    return render(request, "social/admin/webcare.html", {
        "query": query, "found": found, "page": page,
        "replies": webcare.replies(page) if isinstance(page, ContentPage) else []})


def webcare_log_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """POST: log the webcare answer as a contact (channel social media, answered, the item consulted)."""
    from channels.phone import workstation
    from kennisbank.selectors import Scope, items
    from kennisbank.vocabulary import ContactChannel, ContactOutcome

    if not request.user.has_perm(MANAGE_PERM):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("kb_social_webcare_item", page_id)
    page = get_object_or_404(items(Scope.PUBLIC), pk=page_id)
    import re

    # An account name (@jan123, @jan@mastodon.social) is personal data too; the register keeps none.
    note = re.sub(r"@[\w.-]+(?:@[\w.-]+)?", "[account]", request.POST.get("note", ""))
    workstation.register_contact(channel=ContactChannel.SOCIAL, outcome=ContactOutcome.ANSWERED,
                                 item_ids=[page.pk], note=note, operator=request.user)
    messages.success(request, _("Geregistreerd als contact via sociale media."))
    return redirect("kb_social_webcare_item", page_id)
