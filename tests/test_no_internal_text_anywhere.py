"""ONE test over EVERY public output: no text of an internal item, a draft item or an internal field ever shows.

An internal product and a draft product carry a unique marker in every text field (title, short answer, section
headings and texts, keywords, phone script, cost line label and note, theme, life event, external id); public items
are related to them and carry markers in their own internal fields (phone script). Then, as an anonymous visitor:

- every route of the root URLconf (discovered from the resolver, so new routes are covered automatically) with its
  parameters filled with the ids, slugs, paths and network codes of public AND secret content;
- a bounded same-origin crawl from the home page and every ``<loc>`` of sitemap.xml (theme and life-event pages
  included), following links and redirects;
- the search page, the results fragment and the search API with every marker (and its as-you-type prefix) as query;
- every ``/api/v1/`` list (and its pages) and detail route, the change feed;
- the social feeds and exports (RSS, Atom, Hootsuite/Buffer CSV per network, ICS), with posts on the public items
  and smuggled posts on the secret ones; the generated post texts themselves;
- the public Markdown export (``export_folder(dir, public_only=True)``).

A response may echo what the visitor typed (the query, the path): markers that occur in the request URL itself are
not counted for that response; the other markers of the same item still are.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from channels.demo import identity as demo_identity
from channels.lpdc import stream as lpdc_stream
from channels.social import networks
from channels.social import services as social
from channels.social.models import PostStatus, PostVariant, RepublicationRule, SocialPost
from channels.social.sources import SourceNotPublic
from importers.markdown_export import export_folder
from kennisbank import services
from kennisbank.models import ContentPage, CostLine, LifeEvent, LifeEventStep, RelatedItem, Theme
from search import service as search_service
from search.documents import iter_documents
from tests.factories import make_item

pytestmark = pytest.mark.django_db

#: field → marker, for the internal (I) and the draft (D) product. Letters only: survives every tokenizer.
FIELDS = ("titel", "antwoord", "kop", "tekst", "trefwoord", "vraag", "stap", "doorverbinden", "notitie",
          "kostlabel", "kostnota", "thema", "levensgebeurtenis")
INTERNAL = {f: f"zqint{f}marker" for f in FIELDS}
DRAFT = {f: f"zqdraft{f}marker" for f in FIELDS}
#: Internal fields of PUBLIC items (phone script): never public either.
PUBLIC_INTERNAL = {f: f"zqpub{f}marker" for f in ("vraag", "stap", "doorverbinden", "notitie")}
IDS = {"internal": "zqint-product-xq", "draft": "zqdraft-product-xq"}
MARKERS = [*INTERNAL.values(), *DRAFT.values(), *PUBLIC_INTERNAL.values(), *IDS.values()]

ROUTE_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/")
MAX_CRAWL = 400


def _secret_product(markers: dict[str, str], external_id: str, **kwargs) -> ContentPage:
    page = make_item(
        "product", title=f"Product {markers['titel']}", external_id=external_id,
        short_answer=f"Kort antwoord {markers['antwoord']}.", themes=[markers["thema"].capitalize()],
        life_events=[markers["levensgebeurtenis"].capitalize()],
        sections=[(f"Kop {markers['kop']}", f"Tekst met {markers['tekst']} erin.")],
        keywords=[markers["trefwoord"]], phone_questions=f"Vraag {markers['vraag']}?",
        phone_steps=f"Stap {markers['stap']}", phone_transfer=f"Toestel {markers['doorverbinden']}",
        phone_notes=f"Notitie {markers['notitie']}", **kwargs,
    )
    CostLine.objects.create(page=page, label=f"Label {markers['kostlabel']}", amount="12.50",
                            note=f"Nota {markers['kostnota']}", sort_order=0)
    fresh = ContentPage.objects.get(pk=page.pk).specific
    if kwargs.get("live", True):
        services.publish(fresh)
    else:
        services.save_draft(fresh)
    return ContentPage.objects.get(pk=page.pk).specific


@pytest.fixture
def world(site_structure, tmp_path, settings):
    settings.KENNISBANK_SEARCH = {**settings.KENNISBANK_SEARCH, "INDEX_DIR": tmp_path / "search-index",
                                  "MEILI_URL": ""}
    search_service.reset_backend()
    demo_identity.apply()  # bestuurseenheid + NIS code: the LPDC stream publishes
    internal = _secret_product(INTERNAL, IDS["internal"], visibility="internal")
    draft = _secret_product(DRAFT, IDS["draft"], live=False)
    public_product = make_item(
        "product", title="Rijbewijs aanvragen", external_id="rijbewijs-aanvragen",
        short_answer="U vraagt uw rijbewijs aan bij de dienst Burgerzaken.", themes=["Burgerzaken"],
        life_events=["Verhuizen"], audiences=["citizen"], sections=[("Wat meebrengen?", "- een pasfoto")],
        keywords=["rijbewijs"], phone_questions=f"Vraag {PUBLIC_INTERNAL['vraag']}?",
        phone_steps=f"Stap {PUBLIC_INTERNAL['stap']}", phone_transfer=f"Toestel {PUBLIC_INTERNAL['doorverbinden']}",
        phone_notes=f"Notitie {PUBLIC_INTERNAL['notitie']}",
    )
    public_fiche = make_item("fiche", title="Wat doe ik als mijn rijbewijs verloren is?",
                             external_id="rijbewijs-verloren", short_answer="Meld het verlies bij de politie.",
                             themes=["Burgerzaken", "Mobiliteit"], life_events=["Verhuizen"])
    for page in (public_product, public_fiche):
        for i, target in enumerate((internal, draft, public_fiche if page is public_product else public_product)):
            RelatedItem.objects.create(page=page, target=target, sort_order=i)
        services.publish(ContentPage.objects.get(pk=page.pk).specific)
    search_service.backend().upsert(iter_documents())  # in-transaction test: on-commit indexing does not run
    lpdc_stream.sync_all()  # idem for the LPDC stream (the on-commit task)

    # A life-event guide whose steps include the secret items (the public guide must leave them out).
    verhuizen = LifeEvent.objects.get(name="Verhuizen")
    LifeEvent.objects.filter(pk=verhuizen.pk).update(intro="Gaat u verhuizen? Volg deze stappen.")
    for order, target in enumerate((internal, public_fiche, draft, public_product)):
        LifeEventStep.objects.create(life_event=verhuizen, item=target, why_now=f"Stap {order}", sort_order=order)

    # Social: posts on the public items (in the feeds), and posts smuggled onto the secret ones.
    start = timezone.localdate() - dt.timedelta(days=14)
    for page in (public_product, public_fiche):
        post = social.create_post(page, approve_now=True)
        RepublicationRule.objects.create(post=post, interval_weeks=1, times="09:00, 12:00", start_date=start)
    for page, markers in ((internal, INTERNAL), (draft, DRAFT)):
        with pytest.raises(SourceNotPublic):
            social.create_post(page)
        post = SocialPost.objects.create(source=page, status=PostStatus.APPROVED, approved_fingerprint="x" * 64,
                                         publish_at=timezone.now() - dt.timedelta(minutes=10))
        for code in networks.NETWORKS:
            PostVariant.objects.create(post=post, network=code, text=f"{page.title} {markers['antwoord']}",
                                       link_url=f"https://example.org/{page.external_id}")
        RepublicationRule.objects.create(post=post, interval_weeks=1, times="09:00, 12:00", start_date=start)
    yield {"internal": internal, "draft": draft, "public": [public_product, public_fiche]}
    search_service.reset_backend()


def _leaks(text: str, *, echo: str = "") -> list[str]:
    text, echo = text.lower(), echo.lower()
    return [m for m in MARKERS if m in text and m not in echo]


def _iter_routes(patterns=None, prefix: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _iter_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _route_urls(route: str, values: dict[str, list[str]]) -> list[str]:
    """Concrete URLs for a route: each parameter filled with every candidate of its name/converter (zipped)."""
    if any(ch in route for ch in "^$("):
        return []  # regex routes (the Wagtail page catch-all, the API's not-found) are covered by the crawl
    params = list(ROUTE_PARAM.finditer(route))
    if not params:
        return ["/" + route]
    options = [values.get(m.group("name")) or values.get(m.group("conv") or "str") or values["str"] for m in params]
    urls = []
    for i in range(max(len(o) for o in options)):
        url, last = "", 0
        for m, opts in zip(params, options, strict=True):
            url += route[last:m.start()] + opts[i % len(opts)]
            last = m.end()
        urls.append("/" + url + route[last:])
    return urls


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_no_internal_or_draft_text_in_any_public_output(world, tmp_path):
    internal, draft, public = world["internal"], world["draft"], world["public"]
    from channels.social import tokens

    _token, raw_token = tokens.create("Leak sweep")

    class SweepClient(Client):
        """Anonymous, but with an export token for the social exports (what a team's feed reader sees)."""

        def get(self, path, data=None, **extra):  # noqa: ANN001, ANN201
            if str(path).startswith("/social/"):
                data = {**(data or {}), "token": raw_token}
            return super().get(path, data, **extra)

    client = SweepClient(raise_request_exception=False)
    pages = [internal, draft, *public]
    ids = [p.external_id for p in pages]
    slugs = sorted({*Theme.objects.values_list("slug", flat=True), *LifeEvent.objects.values_list("slug", flat=True),
                    *(p.slug for p in pages)})
    values = {
        "external_id": ids, "network": list(networks.NETWORKS), "slug": slugs, "str": ids + slugs,
        "path": [p.url_path.removeprefix("/home/") for p in pages], "int": [str(p.pk) for p in pages],
    }
    leaks: list[str] = []
    fetched: dict[str, int] = {}
    queue: deque[str] = deque()

    def check(where: str, text: str, echo: str = "") -> None:
        found = _leaks(text, echo=echo)
        if found:
            leaks.append(f"{where}: {found}")

    def enqueue(url: str) -> None:
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in ("testserver", "localhost"):
            return
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local.startswith("/") and not local.startswith(SKIP_PREFIXES) and local not in fetched:
            fetched[local] = -1
            queue.append(local)

    # 1. Every route of the resolver, filled with public and secret values.
    routes = list(dict.fromkeys(_iter_routes()))
    for route in routes:
        for url in _route_urls(route, values):
            enqueue(url)
    home_path = public[0].get_parent().get_parent().url_path
    page_urls = {p.pk: "/" + p.url_path.removeprefix(home_path) for p in pages}
    for url in page_urls.values():  # the secret pages' own addresses, as a visitor could guess them
        enqueue(url)
    # 2. Search (page, fragment, API) with every marker and its as-you-type prefix; API lists with big pages.
    for marker in MARKERS:
        for q in (marker, marker[:6]):
            for base in ("/zoeken/?q=", "/zoeken/resultaten/?q=", "/api/v1/search/?q="):
                enqueue(base + q)
    for url in ("/api/v1/items/?limit=100", "/api/v1/products/?limit=100", "/api/v1/fiches/?limit=100",
                "/api/v1/changes/?since=2000-01-01T00:00:00Z", "/", "/sitemap.xml"):
        enqueue(url)
    # 3. Fetch everything; crawl same-origin links, sitemap locations, API "next"/"url" links and redirects.
    requested = 0
    while queue and requested < MAX_CRAWL + len(routes) * 4:
        url = queue.popleft()
        response = client.get(url)
        requested += 1
        fetched[url] = response.status_code
        if response.status_code in (301, 302, 303, 307, 308):
            enqueue(urljoin(url, response["Location"]))
            continue
        body = _body(response)
        check(f"GET {url} → {response.status_code}", body, echo=url)
        if response.status_code != 200 or len(fetched) > MAX_CRAWL + len(routes) * 4:
            continue
        for link in re.findall(r'(?:href|src)="([^"#]+)', body) + re.findall(r"<loc>([^<]+)</loc>", body):
            enqueue(urljoin(url, link.replace("&amp;", "&")))
        if url.startswith("/api/"):
            for link in re.findall(r'"(?:next|url|api_url)":\s*"([^"]+)"', body):
                enqueue(link)

    # 4. The generated social post texts and every variant that a feed could show.
    for variant in PostVariant.objects.filter(post__source__in=public):
        check(f"social variant {variant.network} of {variant.post.source_id}", f"{variant.text} {variant.link_url}")
    # 5. The public Markdown export.
    export_dir = tmp_path / "export"
    export_folder(export_dir, public_only=True)
    exported = sorted(export_dir.glob("*.md"))
    for path in exported:
        check(f"export {path.name}", path.read_text(encoding="utf-8"))

    assert not leaks, "internal or draft text in public outputs:\n" + "\n".join(leaks)

    # The sweep really covered the outputs (guards against a test that silently requests nothing).
    ok = {u for u, status in fetched.items() if status == 200}
    for must in ("/", "/sitemap.xml", "/zoeken/", "/api/v1/items/", "/api/v1/changes/", "/social/calendar.ics",
                 "/doc/instancesnapshot",
                 "/thema/burgerzaken/", "/levensgebeurtenis/verhuizen/", public[0].url, public[1].url,
                 "/api/v1/items/rijbewijs-aanvragen/", "/api/v1/products/rijbewijs-aanvragen/",
                 *(f"/social/feeds/{code}.rss" for code in networks.NETWORKS),
                 *(f"/social/export/{code}/hootsuite.csv" for code in networks.NETWORKS)):
        assert must in ok, f"{must} was not fetched successfully ({fetched.get(must)})"
    for secret in (internal, draft):  # the secret pages were requested and refused
        assert fetched[f"/api/v1/items/{secret.external_id}/"] == 404
        assert fetched[page_urls[secret.pk]] == 404
    assert {p.name for p in exported} == {"rijbewijs-aanvragen.md", "rijbewijs-verloren.md"}
    stream = client.get("/doc/instancesnapshot").json()["member"]
    assert [m["naam"]["nl-BE-x-formal"] for m in stream] == ["Rijbewijs aanvragen"]  # the public product only
    public_feed = client.get("/social/feeds/mastodon.rss").content.decode()
    assert "rijbewijs" in public_feed.lower()  # the public posts are in the feed (the secret ones never: above)
    public_routes = [r for r in routes if not ("/" + r).startswith(SKIP_PREFIXES) and not any(c in r for c in "^$(")]
    assert all(_route_urls(r, values) for r in public_routes)
    assert len(ok) > len(public_routes), f"only {len(ok)} successful responses for {len(public_routes)} routes"


def test_markers_are_distinct():
    """The markers are distinct and none contains another (a leak of one cannot hide behind another)."""
    assert len(set(MARKERS)) == len(MARKERS)
    for a, b in itertools.permutations(MARKERS, 2):
        assert a not in b
