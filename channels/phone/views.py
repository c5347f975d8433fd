"""Views of the operator console (``/onthaal/``). Every view needs login + ``kennisbank.view_internal``.

Reads go through :mod:`kennisbank.selectors` with scope operator (live items, public and internal).
"""

from __future__ import annotations

from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kennisbank import ratelimit
from kennisbank.conf import kennisbank_settings
from kennisbank.models import Theme
from kennisbank.selectors import Scope, get_item, guide_steps, items, life_events_in_use, themes_in_use, visible_related
from search.port import InvalidQuery

from . import messages as messages_service
from . import services, workstation
from .access import operator_required

RESULT_LIMIT = 10


class ConsoleLoginView(LoginView):
    template_name = "phone/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("phone:console")  # type: ignore[assignment]

    def get_default_redirect_url(self) -> str:
        return str(reverse_lazy("phone:console"))


class ConsoleLogoutView(LogoutView):
    next_page = reverse_lazy("phone:login")  # type: ignore[assignment]


def _search_context(q: str, *, log: bool) -> dict:
    from kennisbank import directory

    from . import messages

    teams = directory.find_teams(q)
    found_messages = messages.search(q)
    try:
        result = services.console_search(q, limit=RESULT_LIMIT, log=log)
    except InvalidQuery as exc:
        return {"q": q.strip(), "searched": True, "error": str(exc), "teams": teams, "found_messages": found_messages,
                "result": services.ConsoleSearch(query=q.strip(), hits=[], total=0)}
    return {"q": result.query, "result": result, "searched": bool(result.query), "teams": teams,
            "found_messages": found_messages}


@require_GET
@operator_required
def console(request: HttpRequest) -> HttpResponse:
    """The console page. Works without JavaScript (``?q=`` renders results); JS swaps in results as you type."""
    q = request.GET.get("q", "")
    context = _search_context(q, log=True) if q.strip() else {"q": "", "searched": False}
    return render(request, "phone/console.html", {
        **context, **_contact_panel(request), "recent": workstation.recent(request.session),
        "favourites": workstation.favourites(request.user),
        "operator_messages": messages_service.for_operator(request.user)})


@require_GET
@operator_required
def message_list(request: HttpRequest) -> HttpResponse:
    """Every bericht shown now, unread first."""
    return render(request, "phone/messages.html",
                  {"operator_messages": messages_service.for_operator(request.user, limit=100)})


@require_GET
@operator_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One bericht; opening it marks it read for this operator."""
    message = get_object_or_404(messages_service.visible(), pk=pk)
    messages_service.mark_read(message, request.user)
    return render(request, "phone/message_detail.html", {"message": message})


@require_GET
@operator_required
def team_directory(request: HttpRequest) -> HttpResponse:
    """Every team with extension, e-mail, what it handles and whether it can take a call now."""
    from kennisbank import directory

    return render(request, "phone/teams.html", {"teams": directory.directory()})


@require_POST
@operator_required
def toggle_favourite(request: HttpRequest, external_id: str) -> HttpResponse:
    """Add the item to the operator's favourites, or take it off; back to the item."""
    from django.shortcuts import redirect

    workstation.toggle_favourite(request.user, _item_or_404(external_id))
    return redirect("phone:item", external_id)


def _contact_panel(request: HttpRequest) -> dict:
    """What the "Registreer contact" panel shows: the codes, the teams and the items opened since the last one."""
    from kennisbank.models import Team
    from kennisbank.vocabulary import ContactChannel, ContactOutcome, ContactType

    return {"contact_types": ContactType.choices, "contact_channels": ContactChannel.choices,
            "contact_outcomes": ContactOutcome.choices, "teams": Team.objects.all(),
            "consulted": workstation.consulted(request.session),
            "contact_saved": request.GET.get("contact") == "ok"}


def _team(value: str):
    from kennisbank.models import Team

    return Team.objects.filter(pk=value).first() if value.isdigit() else None


@require_POST
@operator_required
def register_contact(request: HttpRequest) -> HttpResponse:
    """The contact panel's form: store the contact, forget the consulted items, go back where the operator was."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    data = request.POST
    try:
        workstation.register_contact(
            type=data.get("type", ""), channel=data.get("channel", ""), outcome=data.get("outcome", ""),
            item_ids=[int(i) for i in data.getlist("items") if i.isdigit()], note=data.get("note", ""),
            transferred_to=_team(data.get("transferred_to", "")), referred_to=data.get("referred_to", ""),
            operator=request.user)
    except ValidationError as exc:
        return render(request, "phone/message.html", {"title": _("Contact niet geregistreerd"),
                                                      "errors": exc.message_dict}, status=400)
    request.session[workstation.CONSULTED_SESSION_KEY] = []
    back = data.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = str(reverse_lazy("phone:console"))
    return redirect(f"{back.split('?')[0]}?contact=ok")


@operator_required
def callback_request(request: HttpRequest) -> HttpResponse:
    """GET: the form (``?item=<external id>`` pre-fills question and team); POST: create it and confirm."""
    from kennisbank.models import Team
    from kennisbank.vocabulary import ContactOutcome

    item = get_item(request.GET.get("item") or request.POST.get("item") or "", Scope.OPERATOR)
    values = {"question": item.title if item else "", "team": str(item.owner_team_id or "") if item else ""}
    errors: dict = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("question", "team", "citizen_name", "citizen_phone",
                                                        "citizen_email")}
        try:
            callback = workstation.request_callback(
                question=values["question"], team=_team(values["team"]), item=item,
                citizen_name=values["citizen_name"], citizen_phone=values["citizen_phone"],
                citizen_email=values["citizen_email"], operator=request.user,
                contact=workstation.register_contact(
                    outcome=ContactOutcome.CALLBACK, operator=request.user,
                    item_ids=[p.pk for p in workstation.consulted(request.session)] or ([item.pk] if item else [])))
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            request.session[workstation.CONSULTED_SESSION_KEY] = []
            return render(request, "phone/callback_done.html", {"callback": callback}, status=201)
    return render(request, "phone/callback.html", {"item": item, "values": values, "errors": errors,
                                                   "teams": Team.objects.all()}, status=400 if errors else 200)


@require_GET
@operator_required
def search_results(request: HttpRequest) -> HttpResponse:
    """HTML fragment with the results for ``?q=`` (used by the console's search-as-you-type).

    Only requests with ``log=1`` (typing paused, result opened) count in the query log.
    """
    log = request.GET.get("log") == "1"
    return render(request, "phone/_results.html", _search_context(request.GET.get("q", ""), log=log))


@require_POST
@operator_required
def report_gap(request: HttpRequest) -> HttpResponse:
    """"Niet gevonden": records the query as a content gap. JSON for fetch(), a page otherwise."""
    limit, seconds = kennisbank_settings.GAP_RATE_LIMIT
    if not ratelimit.hit("gap", str(request.user.pk), limit=limit, seconds=seconds):
        errors = {"q": [_("U hebt de voorbije minuten al veel meldingen gestuurd. Probeer het later opnieuw.")]}
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": errors}, status=429)
        return render(request, "phone/message.html", {"title": _("Niet opgeslagen"), "errors": errors}, status=429)
    try:
        gap = services.record_gap(request.POST.get("q", ""), note=request.POST.get("note", ""))
    except ValidationError as exc:
        errors = exc.message_dict
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        return render(request, "phone/message.html", {"title": _("Niet opgeslagen"), "errors": errors}, status=400)
    message = _("Bedankt. De vraag '%(q)s' is doorgegeven aan de redactie.") % {"q": gap.query}
    if _wants_json(request):
        return JsonResponse({"ok": True, "id": gap.pk, "message": message}, status=201)
    return render(request, "phone/message.html", {"title": _("Doorgegeven"), "message": message}, status=201)


def _item_or_404(external_id: str):
    page = get_item(external_id, Scope.OPERATOR)
    if page is None:
        raise Http404
    return page


@require_GET
@operator_required
def item_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    """One item for the phone: short answer, phone script, sections with feedback forms, related items."""
    page = _item_or_404(external_id)
    from kennisbank import directory

    workstation.remember_consulted(request.session, page)
    workstation.remember_recent(request.session, page)
    context = {
        **_contact_panel(request),
        "transfer": directory.transfer_options(page),
        "facts": services.practical_facts(page),
        "is_favourite": workstation.is_favourite(request.user, page),
        "page": page,
        "sections": page.sections(),
        "related": visible_related(page, Scope.OPERATOR),
        "feedback_kinds": services.OPERATOR_FEEDBACK_KINDS,
        "short_answer_section": services.SHORT_ANSWER_SECTION,
        "phone_script_section": services.PHONE_SCRIPT_SECTION,
        "section_names": services.section_names(page),
        "sent": request.GET.get("feedback") == "ok",
        "point_views": services.service_point_views(page),
    }
    return render(request, "phone/item.html", context)


@require_POST
@operator_required
def item_feedback(request: HttpRequest, external_id: str) -> HttpResponse:
    """Per-section "fout/verouderd" feedback; lands with the item's owner team."""
    page = _item_or_404(external_id)
    try:
        services.report_feedback(page, section=request.POST.get("section", ""), kind=request.POST.get("kind", ""),
                                 comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": exc.message_dict}, status=400)
        return render(request, "phone/message.html",
                      {"title": _("Feedback niet opgeslagen"), "errors": exc.message_dict, "page": page}, status=400)
    message = _("Bedankt. Het team dat deze fiche beheert, krijgt uw melding.")
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": message}, status=201)
    return render(request, "phone/message.html", {"title": _("Feedback verstuurd"), "message": message,
                                                  "page": page}, status=201)


@require_GET
@operator_required
def script_index(request: HttpRequest) -> HttpResponse:
    """Themes with printable phone scripts."""
    return render(request, "phone/script_index.html", {"themes": themes_in_use(Scope.OPERATOR)})


@require_GET
@operator_required
def script_theme(request: HttpRequest, theme_slug: str) -> HttpResponse:
    """Printable phone scripts of one theme (operator scope: internal items and notes included)."""
    theme = get_object_or_404(Theme, slug=theme_slug)
    pages = (items(Scope.OPERATOR).filter(themes=theme).select_related("owner_team")
             .order_by("title").distinct())
    return render(request, "phone/script_theme.html", {"theme": theme, "pages": pages})


@require_GET
@operator_required
def life_events(request: HttpRequest) -> HttpResponse:
    """Life events with their guides (operator scope: internal items too), for callers who are moving, ..."""
    events = [(event, guide_steps(event, Scope.OPERATOR)) for event in life_events_in_use(Scope.OPERATOR)
              .order_by("sort_order", "name").prefetch_related("steps")]
    return render(request, "phone/life_events.html", {"events": events})


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")
