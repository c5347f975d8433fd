"""Variant composition: every network's limit holds for any input (hypothesis), counting rules, UTM, hashtags."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.social import composer, networks
from channels.social import text as t

URL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._~/%"

answers = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
titles = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
urls = st.builds(
    lambda host, path: f"https://{host}.be/{path}",
    st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=40),
    st.text(URL_CHARS, max_size=200),
)
tag_lists = st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=40)
campaigns = st.text("abcdefghijklmnopqrstuvwxyz- ", max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=answers, title=titles, url=urls, tags=tag_lists, campaign=campaigns)
def test_every_variant_fits_its_network(answer, title, url, tags, campaign):
    for code, net in networks.NETWORKS.items():
        v = composer.build_variant(code, short_answer=answer, title=title, url=url, hashtags=tags,
                                     campaign=campaign)
        assert networks.check_text(code, v.text) == [] or not v.text.strip(), (code, v.text)
        assert net.count(v.text) <= net.limit
        if net.byte_limit:
            assert t.utf8_length(v.text) <= net.byte_limit
        assert len(networks.hashtags_in(v.text)) <= (net.hashtag_limit or net.max_hashtags)
        if net.link_mode == "inline":
            assert v.link_url in v.text  # the link is never cut
        if net.link_mode == "bio":
            assert "http" not in v.text.replace(answer, "")  # no (non-clickable) URL added on Instagram


@settings(max_examples=80, deadline=None)
@given(answer=st.lists(st.text("abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=15), min_size=1, max_size=80)
       .map(" ".join), url=urls)
def test_truncation_happens_at_a_word_boundary(answer, url):
    for code in networks.NETWORKS:
        v = composer.build_variant(code, short_answer=answer, url=url)
        body = v.text.split("\n\n")[0]
        if body == answer:
            continue
        assert body.endswith(t.ELLIPSIS)
        kept = body[: -len(t.ELLIPSIS)]
        assert answer.startswith(kept)
        assert answer[len(kept)] == " "  # cut between words, never inside one


def test_x_counts_links_as_23_and_wide_characters_double():
    assert t.x_length("a" * 10) == 10
    assert t.x_length("https://example.org/" + "x" * 200) == 23
    assert t.x_length("日本") == 4
    assert t.x_length("zie www.gemeente-met-een-lange-naam.be nu") >= len("zie ") + 23 + len(" nu")


def test_bluesky_counts_graphemes_not_code_points():
    family = "👨‍👩‍👧‍👦"  # one grapheme, 7 code points
    assert t.grapheme_length(family) == 1
    assert t.grapheme_length("e\u0301") == 1
    assert t.utf16_length(family) == 11


def test_mastodon_counts_urls_as_23():
    assert t.mastodon_length("zie https://example.org/" + "a" * 600) == 4 + 23


def test_generated_post_has_utm_tags_link_and_hashtags():
    v = composer.build_variant("mastodon", short_answer="Geef uw nieuwe adres door.",
                                 url="https://www.zonnebeek.be/vragen/verhuizen/?x=1",
                                 hashtags=["Wonen en verhuizen", "Burgerzaken"], campaign="Verhuis Campagne")
    query = parse_qs(urlsplit(v.link_url).query)
    assert query == {"x": ["1"], "utm_source": ["mastodon"], "utm_medium": ["social"],
                     "utm_campaign": ["verhuis-campagne"]}
    assert v.text == f"Geef uw nieuwe adres door.\n\n{v.link_url}\n\n#WonenEnVerhuizen #Burgerzaken"
    default = composer.build_variant("x", short_answer="a", url="https://a.be/")
    assert "utm_campaign=kennisbank" in default.link_url


def test_bluesky_gets_short_link_text_and_instagram_link_in_bio():
    url = "https://www.zonnebeek.be/vragen/identiteitskaart-verloren-wat-nu/"
    bsky = composer.build_variant("bluesky", short_answer="Laat uw kaart blokkeren.", url=url)
    assert bsky.link_display in bsky.text and "https://" not in bsky.text
    assert bsky.link_display.startswith("zonnebeek.be/vragen/") and bsky.link_url.startswith(url)
    insta = composer.build_variant("instagram", short_answer="Laat uw kaart blokkeren.", url=url,
                                     hashtags=[f"thema {i}" for i in range(50)])
    assert composer.INSTAGRAM_LINK_TEXT in insta.text and "http" not in insta.text
    assert len(networks.hashtags_in(insta.text)) == 30


def test_check_text_reports_overlong_edits():
    assert networks.check_text("x", "a" * 281)
    assert networks.check_text("x", "a" * 280) == []
    assert networks.check_text("bluesky", "é" * 301)
    assert networks.check_text("instagram", " ".join(f"#t{i}a" for i in range(31)))
    with pytest.raises(KeyError):
        networks.check_text("myspace", "hallo")


def test_hashtags_already_in_the_answer_count_towards_the_budget():
    """Regression (found by hypothesis): X allows two hashtags; the answer's own hashtags used to come on top."""
    answer = "Sorteer uw afval goed. #Afval #Recyclage"
    x = composer.build_variant("x", short_answer=answer, url="https://gemeente.be/afval/",
                               hashtags=["Afval", "Milieu", "Wonen"])
    assert len(networks.hashtags_in(x.text)) <= 2 and networks.check_text("x", x.text) == []
    assert x.text.count("#Afval") == 1  # a theme hashtag that the answer already has is not added again
    crowded = composer.build_variant("x", short_answer="#Een #Twee #Drie #Vier", url="https://gemeente.be/")
    assert networks.hashtags_in(crowded.text) == ["Een", "Twee"] and "Drie" in crowded.text
    mastodon = composer.build_variant("mastodon", short_answer=answer, url="https://gemeente.be/afval/",
                                      hashtags=["Milieu"])
    assert networks.hashtags_in(mastodon.text) == ["Afval", "Recyclage", "Milieu"]
