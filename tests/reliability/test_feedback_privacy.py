"""Feedback and "niet gevonden": personal data scrubbed before storage, rate limits per client, safe Markdown
images, private caching of what staff see, and API cache entries per host."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from channels.models import Feedback
from channels.phone.models import ContentGap
from kennisbank.markdown import render_markdown
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fiche(site_structure):
    return make_item("fiche", title="Grofvuil laten ophalen", external_id="grofvuil", short_answer="Maak een afspraak.")


def _post_feedback(client, remote_addr="127.0.0.1", **extra):
    return client.post("/feedback/", {"item": "grofvuil", "helpful": "nee", **extra}, REMOTE_ADDR=remote_addr)


def test_feedback_comments_are_scrubbed_before_storage(client, fiche):
    response = _post_feedback(client, comment="Mail mij op jan.peeters@example.org of bel 0470 12 34 56, "
                                             "rijksregisternummer 85.07.30-033.28.")
    assert response.status_code == 302
    comment = Feedback.objects.get().comment
    assert comment == "Mail mij op [e-mail] of bel [nummer], rijksregisternummer [nummer]."
    stripped = _post_feedback(client, comment="kapot\x00")  # CleanInputMiddleware strips a NUL from every form
    assert stripped.status_code == 302
    assert list(Feedback.objects.order_by("pk").values_list("comment", flat=True))[1] == "kapot"


def test_feedback_is_rate_limited_per_client(client, fiche, settings):
    settings.KENNISBANK_FEEDBACK_RATE_LIMIT = (3, 600)
    assert [_post_feedback(client).status_code for _ in range(3)] == [302, 302, 302]
    refused = _post_feedback(client)
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert "veel reacties" in refused.content.decode()
    assert Feedback.objects.count() == 3
    other = _post_feedback(client, remote_addr="10.9.8.7")  # another client still gets through
    assert other.status_code == 302


def test_not_found_reports_are_rate_limited_per_operator(client, fiche, settings):
    settings.KENNISBANK_GAP_RATE_LIMIT = (2, 600)
    client.force_login(make_user("onthaal", perms=["kennisbank.view_internal"]))
    codes = [client.post("/onthaal/niet-gevonden/", {"q": f"vraag {n}"}, HTTP_ACCEPT="application/json").status_code
             for n in range(3)]
    assert codes == [201, 201, 429] and ContentGap.objects.count() == 2


def test_markdown_images_keep_only_safe_sources():
    html = str(render_markdown("![x](javascript:alert(1)) ![y](https://gemeente.be/a.png) ![z](/media/b.png) "
                               "![w](//elders.example/c.png)"))
    assert "javascript" not in html and "elders.example" not in html
    assert 'src="https://gemeente.be/a.png"' in html and 'src="/media/b.png"' in html


def test_an_internal_page_shown_to_staff_is_never_cached_by_a_shared_cache(client, site_structure):
    internal = make_item("fiche", title="Noodprocedure", external_id="nood", visibility="internal")
    client.force_login(make_user("medewerker", perms=["kennisbank.view_internal"]))
    response = client.get(internal.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_the_api_cache_is_kept_per_host(client, fiche, settings):
    settings.KENNISBANK_API_CACHE_SECONDS = 300
    settings.ALLOWED_HOSTS = ["een.example", "twee.example"]
    first = client.get("/api/v1/items/", HTTP_HOST="een.example").json()
    second = client.get("/api/v1/items/", HTTP_HOST="twee.example").json()
    assert "een.example" in str(first) and "twee.example" in str(second) and "een.example" not in str(second)


def test_documents_linked_only_from_internal_items_are_not_public(client, site_structure, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = tmp_path / "media"
    intern = Document.objects.create(title="Interne procedure", file=ContentFile(b"GEHEIM", name="procedure.pdf"))
    publiek = Document.objects.create(title="Reglement", file=ContentFile(b"reglement", name="reglement.pdf"))
    los = Document.objects.create(title="Los document", file=ContentFile(b"los", name="los.pdf"))
    make_item("fiche", title="Noodprocedure", external_id="nood", visibility="internal",
              sections=[("Procedure", f"[Procedure]({intern.url})")])
    make_item("fiche", title="Reglement", external_id="reglement",
              sections=[("Reglement", f"[Reglement]({publiek.url}) en ook [intern]({intern.url})")])
    make_item("fiche", title="Ontwerp", external_id="ontwerp", live=False, sections=[("Los", f"[Los]({los.url})")])
    assert client.get(publiek.url).status_code == 200
    assert client.get(intern.url).status_code == 200  # also linked from a public item: public
    only_internal = Document.objects.create(title="Alleen intern", file=ContentFile(b"X", name="alleen.pdf"))
    make_item("fiche", title="Tweede interne", external_id="intern-2", visibility="internal",
              sections=[("Bijlage", f"[Bijlage]({only_internal.url})")])
    assert client.get(only_internal.url).status_code == 404
    assert client.get(los.url).status_code == 404  # linked only from a draft
    client.force_login(make_user("medewerker", perms=["kennisbank.view_internal"]))
    assert client.get(only_internal.url).status_code == 200
