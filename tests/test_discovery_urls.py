"""canonicalize / amp_candidates / host_of / site_of."""

from __future__ import annotations

import pytest

from newscrawl.discovery.urls import amp_candidates, canonicalize, host_of, site_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://WWW.Jagran.COM:443", "https://www.jagran.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        # tracking parameters go, others keep their order
        (
            "https://example.com/a?utm_source=fb&b=2&utm_medium=x&a=1&fbclid=Z&gclid=G",
            "https://example.com/a?b=2&a=1",
        ),
        ("https://example.com/a?UTM_Campaign=x&ref=home&ref_src=tw&_ga=1.2", "https://example.com/a"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&msclkid=4&dclid=5", "https://example.com/a"),
        ("https://example.com/a?cmpid=1&ito=2&taid=3&ref_url=x", "https://example.com/a"),
        # "from" only for known tracking values
        ("https://nbt.example.com/x/articleshow/1.cms?from=mdr", "https://nbt.example.com/x/articleshow/1.cms"),
        (
            "https://example.com/archive?from=2024-01-01&to=2024-02-01",
            "https://example.com/archive?from=2024-01-01&to=2024-02-01",
        ),
        ("https://example.com/a?amp=1", "https://example.com/a"),
        ("https://example.com/a?amp", "https://example.com/a"),
        ("https://example.com/a?amp=full", "https://example.com/a?amp=full"),
        ("https://example.com/a?page=2&&x=", "https://example.com/a?page=2&x="),
        # percent-encoding
        ("https://example.com/%7euser/%e0%a4%9f", "https://example.com/~user/%E0%A4%9F"),
        ("https://example.com/टेक", "https://example.com/%E0%A4%9F%E0%A5%87%E0%A4%95"),
        ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),
        ("https://example.com/100%", "https://example.com/100%25"),
        (
            "https://example.com/s?q=मोबाइल फोन",
            "https://example.com/s?q=%E0%A4%AE%E0%A5%8B%E0%A4%AC%E0%A4%BE%E0%A4%87%E0%A4%B2%20%E0%A4%AB%E0%A5%8B%E0%A4%A8",
        ),
        ("https://bücher.de/", "https://xn--bcher-kva.de/"),
    ],
)
def test_canonicalize(raw: str, expected: str) -> None:
    assert canonicalize(raw) == expected


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://WWW.Jagran.COM:443/technology/tech-news-x-23161585.html?utm_source=a#c",
        "https://example.com/%e0%a4%9f?q=a%20b&x=%7e",
        "https://example.com/टेक?q=फोन",
        "http://[2001:DB8::1]:8080/a",
    ],
)
def test_canonicalize_is_idempotent(url: str) -> None:
    once = canonicalize(url)
    assert canonicalize(once) == once


def test_canonicalize_does_not_sort_query() -> None:
    assert canonicalize("https://e.com/?b=1&a=2") == "https://e.com/?b=1&a=2"
    assert canonicalize("https://e.com/?b=1&a=2") != canonicalize("https://e.com/?a=2&b=1")


def test_canonicalize_site_specific_drop_params() -> None:
    url = "https://www.amarujala.com/technology/gadgets/x-2026-10-08?src=mainmenu"
    assert canonicalize(url) == url
    assert canonicalize(url, drop_params=["SRC"]) == "https://www.amarujala.com/technology/gadgets/x-2026-10-08"


def test_canonicalize_ipv6_and_userinfo() -> None:
    assert canonicalize("http://[2001:DB8::1]:80/") == "http://[2001:db8::1]/"
    assert canonicalize("https://user:pw@Example.com/") == "https://user:pw@example.com/"


@pytest.mark.parametrize(
    ("amp", "expected_first"),
    [
        (
            "https://www.bhaskar.com/amp/tech-auto/news/phone-launch-133589711.html",
            "https://www.bhaskar.com/tech-auto/news/phone-launch-133589711.html",
        ),
        (
            "https://www.amarujala.com/amp/technology/gadgets/jio-glasses-2026-10-08",
            "https://www.amarujala.com/technology/gadgets/jio-glasses-2026-10-08",
        ),
        ("https://blog.example.com/phone-review/amp/", "https://blog.example.com/phone-review/"),
        ("https://example.com/tech/amp/phone-review", "https://example.com/tech/phone-review"),
        ("https://example.com/news/x.html?amp=1&id=4", "https://example.com/news/x.html?id=4"),
        ("https://example.com/news/x.html?amp", "https://example.com/news/x.html"),
        ("https://example.com/news/x.amp.html", "https://example.com/news/x.html"),
        ("https://amp.abplive.com/technology/x-2241572", "https://www.abplive.com/technology/x-2241572"),
        (
            "https://navbharattimes.indiatimes.com/tech/gadgets-news/x/amp_articleshow/128635167.cms",
            "https://navbharattimes.indiatimes.com/tech/gadgets-news/x/articleshow/128635167.cms",
        ),
    ],
)
def test_amp_candidates(amp: str, expected_first: str) -> None:
    candidates = amp_candidates(amp)
    assert candidates[0] == expected_first
    assert amp not in candidates
    assert len(candidates) == len(set(candidates))


def test_amp_candidates_wordpress_offers_slashless_form() -> None:
    assert amp_candidates("https://e.com/slug/amp/") == ["https://e.com/slug/", "https://e.com/slug"]


def test_amp_candidates_subdomain_offers_bare_host() -> None:
    assert amp_candidates("https://amp.example.com/a") == ["https://www.example.com/a", "https://example.com/a"]


def test_amp_candidates_google_cache() -> None:
    cands = amp_candidates("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/amp/news/x.html")
    assert cands == ["https://www.example.com/amp/news/x.html", "https://www.example.com/news/x.html"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/x.html",
        "https://example.com/news/example-of-amplifier.html",
        "https://example.com/amplify/x",
        "https://example.com/news?ampere=1",
    ],
)
def test_amp_candidates_non_amp(url: str) -> None:
    assert amp_candidates(url) == []


def test_host_and_site() -> None:
    assert host_of("https://WWW.Jagran.com:8080/x") == "www.jagran.com"
    assert site_of("https://www.jagran.com/x") == "jagran.com"
    assert site_of("https://hindi.news18.com/news/tech/") == "hindi.news18.com"
    assert site_of("https://wwwexample.com/") == "wwwexample.com"
    assert host_of("not a url") == ""
    assert host_of("http://[::1]:80/") == "::1"




@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.com/tech/e-waste-collection-drive-482150.html", True),
        ("https://e.com/technology/news/some-long-story-slug-about-phones/", True),
        ("https://e.com/tech/articleshow/111868705.cms", True),
        ("https://e.com/story/12345678", True),
        ("https://e.com/tech/", False),
        ("https://e.com/tag/smartphone/", False),
        ("https://e.com/videos/phone-review-camera-test-night-482270.html", False),
        ("https://e.com/author/ravi-kumar-sharma-ji-12345/", False),
        ("https://e.com/about", False),
        ("https://e.com/page/2/", False),
    ],
)
def test_looks_like_article(url: str, expected: bool) -> None:
    from newscrawl.discovery.urls import looks_like_article

    assert looks_like_article(url) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.com/tech/page/3/", True),
        ("https://e.com/tech/?page=2", True),
        ("https://e.com/tech/list?sort=new&page=12", True),
        ("https://e.com/tech/2/", False),
        ("https://e.com/tech/story-482150.html", False),
        ("https://e.com/tech/", False),
        ("https://e.com/2024/05/25/story/", False),
    ],
)
def test_looks_like_pagination(url: str, expected: bool) -> None:
    from newscrawl.discovery.urls import looks_like_pagination

    assert looks_like_pagination(url) is expected


def test_host_in_matches_a_domain_and_its_subdomains_only() -> None:
    from newscrawl.discovery.urls import host_in

    assert host_in("www.jagran.com", ["jagran.com"]) and host_in("jagran.com", ["jagran.com"])
    assert not host_in("notjagran.com", ["jagran.com"]) and not host_in("", ["jagran.com"])
    assert not host_in("jagran.com", ["", "e.in"])
