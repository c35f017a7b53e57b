"""page_links / next_page / alternate_feeds on hand-written HTML."""

from __future__ import annotations

import pytest

from newscrawl.discovery.listings import (
    alternate_feeds,
    next_page,
    page_links,
)

BASE = "https://www.example.in/technology/"

LINKS_HTML = """<html><head><title>टेक</title></head><body>
<a href="/technology/phone-launch-1234567.html">फोन लॉन्च</a>
<a href="phone-review-1234568.html#comments">रिव्यू</a>
<a href="/technology/phone-launch-1234567.html#top">फिर से</a>
<a href="javascript:void(0)">JS</a>
<a href="mailto:desk@example.in">Mail</a>
<a href="tel:+911234">Call</a>
<a href="#top">Top</a>
<a>no href</a>
<a href="  https://other.example.com/x  ">Other</a>
<a href="//cdn.example.in/file">protocol-relative</a>
<a href="ftp://example.in/file">FTP</a>
<map><area href="/area-link" alt="x"></map>
</body></html>"""


def test_page_links() -> None:
    assert page_links(LINKS_HTML, BASE) == [
        "https://www.example.in/technology/phone-launch-1234567.html",
        "https://www.example.in/technology/phone-review-1234568.html",
        "https://other.example.com/x",
        "https://cdn.example.in/file",
        "https://www.example.in/area-link",
    ]


def test_page_links_honours_base_href() -> None:
    html = '<html><head><base href="https://m.example.in/tech/"></head><body><a href="a.html">a</a></body></html>'
    assert page_links(html, BASE) == ["https://m.example.in/tech/a.html"]


def test_page_links_empty() -> None:
    assert page_links("", BASE) == []


# --- next_page -------------------------------------------------------------------


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (_page("", '<link rel="next" href="/technology/page/2/">'), "https://www.example.in/technology/page/2/"),
        (_page('<a rel="nofollow next" href="?page=2">2</a>'), "https://www.example.in/technology/?page=2"),
        (_page('<a href="/technology/2">अगला</a>'), "https://www.example.in/technology/2"),
        (_page('<a href="/technology/2"> अगले » </a>'), "https://www.example.in/technology/2"),
        (_page('<a href="/technology/2">आगे</a>'), "https://www.example.in/technology/2"),
        (_page('<a href="/technology/2">Next</a>'), "https://www.example.in/technology/2"),
        (_page('<a href="/technology/2">next ›</a>'), "https://www.example.in/technology/2"),
        (_page('<a href="/technology/2">»</a>'), "https://www.example.in/technology/2"),
        (_page('<a href="/technology/2" aria-label="Next page"><svg/></a>'), "https://www.example.in/technology/2"),
        (_page('<div class="pagination"><a title="Next" href="/t/p2">›</a></div>'), "https://www.example.in/t/p2"),
        (_page('<a class="btn next-btn" href="/t/p2"><i></i></a>'), "https://www.example.in/t/p2"),
        (_page('<ul><li class="next"><a href="/t/p2"><i></i></a></li></ul>'), "https://www.example.in/t/p2"),
        # numbered pagination: the link to page current+1
        (
            _page('<a href="/technology/page/3/">3</a><a href="/technology/page/2/">2</a>'),
            "https://www.example.in/technology/page/2/",
        ),
    ],
)
def test_next_page(html: str, expected: str) -> None:
    assert next_page(html, BASE) == expected


def test_next_page_precedence_rel_next_first() -> None:
    html = _page('<a href="/x">Next</a>', '<link rel="next" href="/technology/page/2/">')
    assert next_page(html, BASE) == "https://www.example.in/technology/page/2/"


@pytest.mark.parametrize(
    "html",
    [
        _page('<a href="/technology/story-1234567.html">आगे पढ़ें</a>'),  # "read more", not pagination
        _page('<a class="next-story" href="/technology/other-1234.html">अगली खबर</a>'),
        _page('<a class="carousel-next" href="#slide2">›</a>'),
        _page('<a href="javascript:next()">Next</a>'),
        _page('<a href="/technology/">Next</a>'),  # back to the same page
        _page('<li class="next disabled"><a href="/technology/page/9/"></a></li>'),
        _page('<a href="/technology/page/5/">5</a>'),
        _page(""),
    ],
)
def test_next_page_none(html: str) -> None:
    assert next_page(html, BASE) is None


def test_next_page_from_numbered_current_page() -> None:
    html = _page('<a href="/technology/page/2/">2</a><a href="/technology/page/4/">4</a>')
    assert next_page(html, "https://www.example.in/technology/page/3/") == "https://www.example.in/technology/page/4/"
    html = _page('<a href="?page=1">1</a><a href="?page=3">3</a>')
    assert next_page(html, "https://www.example.in/gadgets?page=2") == "https://www.example.in/gadgets?page=3"
    html = _page('<a href="/mobiles/news/page-3">3</a>')
    assert (
        next_page(html, "https://hindi.example.com/mobiles/news/page-2")
        == "https://hindi.example.com/mobiles/news/page-3"
    )
    html = _page('<a href="/mobiles/news/page-2">2</a>')
    assert next_page(html, "https://hindi.example.com/mobiles/news") == "https://hindi.example.com/mobiles/news/page-2"




# --- alternate_feeds -----------------------------------------------------------------


def test_alternate_feeds() -> None:
    head = """
    <link rel="alternate" type="application/rss+xml" title="टेक" href="/technology/feed/">
    <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://www.example.in/atom.xml">
    <link rel="alternate" type="application/rss+xml" href="/technology/feed/">
    <link rel="alternate" hreflang="en" href="https://en.example.in/technology/">
    <link rel="alternate" type="application/json+oembed" href="/oembed">
    <link rel="stylesheet" type="text/css" href="/s.css">
    """
    assert alternate_feeds(_page("", head), BASE) == [
        "https://www.example.in/technology/feed/",
        "https://www.example.in/atom.xml",
    ]
    assert alternate_feeds(_page(""), BASE) == []


def test_links_of_finds_feeds_the_next_page_and_links_in_one_parse() -> None:
    from newscrawl.discovery.listings import links_of

    page = ('<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>'
            '<a href="/tech/a-1.html">A</a><a class="more" href="/tech/?page=7">और</a>'
            '<a rel="next" href="/tech/page/2/">अगला</a></body></html>')
    found = links_of(page, "https://e.in/tech/")
    assert found.feeds == ("https://e.in/feed.xml",)
    assert found.next_page == "https://e.in/tech/page/2/"
    assert "https://e.in/tech/a-1.html" in found.links and found.problem is None
    chosen = links_of(page, "https://e.in/tech/", "a.more")
    assert chosen.next_page == "https://e.in/tech/?page=7", "the profile's selector wins"
    broken = links_of(page, "https://e.in/tech/", "a[[")
    assert broken.next_page == "https://e.in/tech/page/2/" and broken.problem and "a[[" in broken.problem


def test_a_worker_job_for_links_only_extracts_nothing() -> None:
    from newscrawl.parse.dates import IST
    from newscrawl.workers import PageJob, make_record

    page = b'<html><body><p>Listing</p><a href="/tech/a-1.html">A story headline long enough</a></body></html>'
    outcome = make_record(PageJob("https://e.in/tech/", page, links=True, record=False), IST)
    assert outcome.article is None and outcome.reason is None
    assert outcome.links is not None and outcome.links.links == ("https://e.in/tech/a-1.html",)
    assert make_record(PageJob("https://e.in/tech/", page), IST).links is None, "links only when asked"
