"""Website views next to the Wagtail pages. Everything reads the public scope through the selectors."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site as WagtailSite

from kennisbank import opening, ratelimit
from kennisbank.conf import kennisbank_settings
from kennisbank.identity import base_url
from kennisbank.models import LifeEvent, ServicePoint, Theme
from kennisbank.security import client_ip
from kennisbank.selectors import Scope, get_item, guide_steps, items, life_events_in_use, themes_in_use
from kennisbank.vocabulary import ItemType

from . import jsonld
from .feedback import FeedbackForm, record_feedback
from .search import WebsiteSearch


def _grouped(qs) -> dict[str, list]:
    """Products and fiches of a queryset, alphabetical."""
    pages = list(qs.order_by("title").specific().prefetch_related("themes"))
    return {"products": [p for p in pages if p.item_type == ItemType.PRODUCT],
            "fiches": [p for p in pages if p.item_type == ItemType.FICHE]}


@require_GET
def theme_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A theme with its public products and fiches (404 when it has none)."""
    theme = themes_in_use(Scope.PUBLIC).filter(slug=slug).first()
    if theme is None:
        raise Http404
    grouped = _grouped(items(Scope.PUBLIC).filter(themes=theme))
    return render(request, "website/collection.html", {"collection": theme, "kind": "thema", **grouped})


@require_GET
def life_event_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A life event with its public products and fiches (404 when it has none)."""
    event = life_events_in_use(Scope.PUBLIC).filter(slug=slug).first()
    if event is None:
        raise Http404
    steps = guide_steps(event, Scope.PUBLIC)
    in_guide = [step.item.pk for step in steps]
    grouped = _grouped(items(Scope.PUBLIC).filter(life_events=event).exclude(pk__in=in_guide))
    return render(request, "website/collection.html", {"collection": event, "kind": "levensgebeurtenis",
                                                       "steps": steps, **grouped})


def _search_context(request: HttpRequest, *, log: bool = True, mode: str | None = None) -> dict:
    context = WebsiteSearch.from_query(request.GET).run(log=log, mode=mode)
    context["themes"] = list(themes_in_use(Scope.PUBLIC))
    context["theme_names"] = {t.slug: t.name for t in context["themes"]}
    return context


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Search with a normal GET form (works without JavaScript); search.js adds results as you type."""
    return render(request, "website/search.html", _search_context(request))


@require_GET
def search_results(request: HttpRequest) -> HttpResponse:
    """Only the results block, for the as-you-type enhancement (same markup as the full page).

    Lexical (the keystroke ranking) unless ``mode=hybrid``: search.js asks that once typing pauses.
    """
    mode = "hybrid" if request.GET.get("mode") == "hybrid" else "lexical"
    response = render(request, "website/_search_results.html", _search_context(request, log=False, mode=mode))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def feedback_submit(request: HttpRequest) -> HttpResponse:
    """Store "Was dit nuttig?" (CSRF-protected POST) and go back to the page (POST/redirect/GET)."""
    item = get_item(request.POST.get("item", "")[:100], Scope.PUBLIC)
    if item is None:
        raise Http404
    limit, seconds = kennisbank_settings.FEEDBACK_RATE_LIMIT
    if not ratelimit.hit("feedback", client_ip(request), limit=limit, seconds=seconds):
        response = render(request, "website/feedback_error.html",
                          {"form": None, "page": item, "too_many": True}, status=429)
        response["Retry-After"] = str(seconds)
        return response
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "website/feedback_error.html", {"form": form, "page": item}, status=400)
    record_feedback(item, helpful=form.cleaned_data["helpful"], comment=form.cleaned_data["comment"],
                    section=form.cleaned_data["section"])
    return HttpResponseRedirect(f"{item.url}?feedback=bedankt#feedback")


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "website/accessibility.html")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers: the public site yes, the admin, the console and the API no; where the sitemap is."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /onthaal/", "Disallow: /api/", "Disallow: /django-admin/",
             f"Sitemap: {base_url() or request.build_absolute_uri('/').rstrip('/')}{reverse('website:sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def contact_page(request: HttpRequest) -> HttpResponse:
    """Every service point: address, status now, opening hours, exceptions, contact details (``/contact/``)."""
    points = list(ServicePoint.objects.prefetch_related("hours", "exceptions"))
    views = [opening.point_view(point) for point in opening.ordered_points(points)]
    data = jsonld.offices_data([v.point for v in views], request)
    return render(request, "website/contact.html", {"point_views": views, "json_ld": jsonld.json_ld_script(data)})


class _TaxonomySitemap(DjangoSitemap):
    model: type[Theme] | type[LifeEvent] = Theme
    route = "website:theme"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_domain(self, site=None) -> str:
        """Same host as the Wagtail pages in the sitemap (the Wagtail site's root URL)."""
        wagtail_site = WagtailSite.find_for_request(self.request) or WagtailSite.objects.get(is_default_site=True)
        return urlsplit(wagtail_site.root_url).netloc

    def get_protocol(self, protocol=None) -> str:
        wagtail_site = WagtailSite.find_for_request(self.request) or WagtailSite.objects.get(is_default_site=True)
        return urlsplit(wagtail_site.root_url).scheme

    def items(self):
        if self.model is Theme:
            return list(themes_in_use(Scope.PUBLIC))
        return list(life_events_in_use(Scope.PUBLIC))

    def location(self, obj) -> str:
        return reverse(self.route, args=[obj.slug])


class ThemeSitemap(_TaxonomySitemap):
    pass


class LifeEventSitemap(_TaxonomySitemap):
    model = LifeEvent
    route = "website:life-event"


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Wagtail pages (internal items and drafts excluded) plus theme and life-event pages."""
    return sitemap_views.sitemap(request, sitemaps={
        "pagina": WagtailSitemap, "thema": ThemeSitemap(request), "levensgebeurtenis": LifeEventSitemap(request),
    })
