"""ONE sweep over every route of the project as an anonymous visitor: internal and draft content never shows.

Every URL pattern in the root URLconf is resolved into concrete URLs by filling its parameters with the ids, slugs,
paths and primary keys of the internal item, the draft item and the themes only they use (the values a visitor
would have to guess). Every response body (website pages, API, sitemap.xml, search, admin login redirects, other
channels) is searched for the unique marker strings of that content (:data:`SECRET_MARKERS`), including the
internal fields of PUBLIC items (phone notes, phone script, owner e-mail and extension) and unpublished changes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.channels.conftest import SECRET_MARKERS, Catalogue

pytestmark = pytest.mark.django_db

ROUTE_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
#: Routes that only exist for logged-in staff; anonymous requests must still not leak, but they need not resolve.
STAFF_PREFIXES = ("admin/", "django-admin/")

#: Extra requests with query strings: search and filters with words and slugs of the secret content.
QUERIES = [
    "/zoeken/?q=pincode", "/zoeken/?q=ontwerp", "/zoeken/?q=GEHEIMINTERN", "/zoeken/resultaten/?q=pincod",
    "/zoeken/?q=&theme=geheimthema", "/zoeken/?q=telefoonnotitie", "/zoeken/?q=wijziging",
    "/api/v1/search/?q=pincode", "/api/v1/search/?q=ontwerp", "/api/v1/search/?q=pincode&scope=operator",
    "/api/v1/search/?q=telefoonnotitie", "/api/v1/search/?q=&theme=geheimthema",
    "/api/v1/items/?theme=geheimthema", "/api/v1/items/?theme=ontwerpthema", "/api/v1/items/?limit=100",
    "/api/v1/changes/", "/api/v1/changes/?since=2000-01-01T00:00:00Z", "/api/v1/themes/", "/api/v1/life-events/",
    "/api/v1/items/eid-aanvragen/", "/api/v1/items/afval-ophalen/", "/sitemap.xml", "/",
]


def iter_routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every endpoint of the URLconf as one pattern string (route syntax and/or regex, prefixes joined)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from iter_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _top_level_groups(regex: str) -> list[tuple[int, int]]:
    """(start, end) spans of the outermost capturing groups of a regex."""
    spans, depth, start, i = [], 0, 0, 0
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and not regex.startswith("(?:", start):
                spans.append((start, i + 1))
        i += 1
    return spans


def concrete_urls(route: str, values: dict[str, list[str]]) -> list[str]:
    """Fill the route's parameters with the candidate values (one URL per candidate, not the cross product)."""
    text = route.replace("^", "").replace("$", "").replace("\\Z", "")
    slots: list[tuple[int, int, str]] = [(m.start(), m.end(), m.group("conv") or "str")
                                         for m in ROUTE_PARAM.finditer(text)]
    slots += [(a, b, "regex") for a, b in _top_level_groups(text) if not any(s <= a < e for s, e, _ in slots)]
    slots.sort()
    if not slots:
        return ["/" + re.sub(r"\\(.)", r"\1", text)]
    pool = list(dict.fromkeys(itertools.chain.from_iterable(values.values())))
    candidates = []
    for start, end, kind in slots:
        if kind == "regex":  # values the group's own regex accepts (e.g. digits for (\d+))
            candidates.append([v for v in pool if re.fullmatch(text[start:end], v)] or values["path"])
        else:
            candidates.append(values.get(kind, values["str"]))
    urls = []
    for i in range(max(len(c) for c in candidates)):
        out, last = [], 0
        for (start, end, _), options in zip(slots, candidates, strict=True):
            out.append(text[last:start])
            out.append(options[i % len(options)])
            last = end
        out.append(text[last:])
        urls.append("/" + re.sub(r"\\(.)", r"\1", "".join(out)))
    return list(dict.fromkeys(urls))


def secret_values(catalogue: Catalogue) -> dict[str, list[str]]:
    internal, draft = catalogue.internal, catalogue.draft
    paths = [p.url_path.removeprefix("/home/") for p in (internal, draft)]
    strings = [internal.external_id, draft.external_id, internal.slug, draft.slug, "geheimthema", "ontwerpthema"]
    return {
        "str": strings, "slug": strings, "path": paths + strings,
        "int": [str(internal.pk), str(draft.pk)], "uuid": ["00000000-0000-0000-0000-000000000000"],
    }


def test_no_route_shows_internal_or_draft_content_to_anonymous_visitors(catalogue):
    from channels.models import Feedback

    # A citizen's comment on a public item: only the editors' feedback inbox may show it.
    Feedback.objects.create(item=catalogue.product, helpful=False,
                            comment="BURGEROPMERKINGGEHEIM de uitleg over de pasfoto klopt niet")
    # A callback request's personal data: only the owner team's queue may show it.
    from channels.phone.models import OperatorMessage
    from channels.phone.workstation import request_callback

    OperatorMessage.objects.create(title="BERICHTGEHEIM werkinstructie pasfoto", body="Enkel voor het onthaal.")
    request_callback(question="Vraag over de pasfoto", item=catalogue.product, citizen_name="BURGERNAAMGEHEIM",
                     citizen_phone="0499 87 65 43", citizen_email="burgermail-geheim@example.org")
    client = Client(raise_request_exception=False)
    values = secret_values(catalogue)
    leaks, unresolved, server_errors, requested = [], [], [], 0
    routes = list(dict.fromkeys(iter_routes()))
    # Public pages too: their internal fields (phone script, notes, owner) and unpublished changes must not show.
    public = (catalogue.product, catalogue.fiche, catalogue.changed)
    urls = list(QUERIES) + [p.url for p in public] + [f"/api/v1/items/{p.external_id}/" for p in public]
    for route in routes:
        candidates = [u for u in concrete_urls(route, values) if _resolves(u)]
        if not candidates and not route.startswith(STAFF_PREFIXES):
            unresolved.append(route)
        urls += candidates
    for url in dict.fromkeys(urls):
        for method in ("get", "post") if url.startswith("/feedback/") else ("get",):
            data = {"item": catalogue.internal.external_id, "helpful": "ja"} if method == "post" else None
            response = getattr(client, method)(url, data) if data else client.get(url)
            requested += 1
            body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
            found = [m for m in SECRET_MARKERS if m.lower() in body.lower()]
            if found:
                leaks.append(f"{method.upper()} {url} → {response.status_code}: {found}")
            if response.status_code >= 500 and not url.startswith(tuple("/" + p for p in STAFF_PREFIXES)):
                server_errors.append(f"{url} → {response.status_code}")
    assert requested > len(routes), "the sweep requested fewer URLs than there are routes"
    assert not leaks, "public responses leak internal or draft content:\n" + "\n".join(leaks)
    assert not unresolved, f"routes the sweep could not turn into URLs (extend secret_values): {unresolved}"
    assert not server_errors, "server errors for guessed URLs:\n" + "\n".join(server_errors)


def test_the_sweep_reaches_the_secret_pages_it_guesses(catalogue):
    """Guard against a sweep that silently requests nothing useful: the guessed page URLs are in it."""
    values = secret_values(catalogue)
    urls = set(itertools.chain.from_iterable(concrete_urls(r, values) for r in iter_routes()))
    for page in (catalogue.internal, catalogue.draft):
        assert page.url_path.removeprefix("/home") in urls
        assert f"/api/v1/items/{page.external_id}/" in urls
        assert f"/api/v1/preview/{page.external_id}/" in urls
    assert "/thema/geheimthema/" in urls


def _resolves(url: str) -> bool:
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return False
    return True
