"""Extraction on hostile and odd input: a clear outcome, never a crash or a silently wrong field."""

from __future__ import annotations

import gzip
import pickle

import pytest

from newscrawl.extract.page import decode, extract, url_hint
from newscrawl.extract.selectors import Selectors
from newscrawl.process import page_to_article, page_to_raw

HINDI = "नई दिल्ली, 25 मई (आईएएनएस)। सरकार ने नया ऐप लॉन्च किया है जिससे लोग अपने मोबाइल पर कई सेवाएं ले सकेंगे।"
PARAS = "".join(f"<p>{HINDI} यह अनुच्छेद संख्या {i} है और इसमें कुछ और जानकारी भी दी गई है।</p>" for i in range(4))
PAGE = f"""<!doctype html><html lang="hi"><head><meta charset="utf-8"><title>नया ऐप - साइट</title>
<link rel="canonical" href="https://e.in/tech/app-123456.html">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "सरकार का नया ऐप",
"datePublished": "2024-05-25T10:00:00+05:30"}}</script></head>
<body><h1>सरकार का नया ऐप</h1><article>{PARAS}</article></body></html>"""


def test_a_good_page_gives_an_article() -> None:
    outcome = page_to_article("https://e.in/tech/app-123456.html", PAGE.encode())
    assert outcome.article is not None
    assert outcome.article.dateline is not None and outcome.article.dateline.agency == "आईएएनएस"
    assert outcome.article.dateline.date == "2024-05-25"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "non_article/other"),
        (b"   \n  ", "non_article/other"),
        (b"\x00\x01\x02\xff\xfe binary junk", "non_article/other"),
        (b"<html><body><h1>Hello</h1></body></html>", "non_article/other"),
        (b"<html><body><p>just one short line</p>", "non_article/other"),
        (b'{"json": "not html"}', "non_article/other"),
        (b"<?xml version='1.0'?><rss><channel><item><title>x</title></item></channel></rss>", "non_article/other"),
    ],
)
def test_non_pages_have_a_reason(body: bytes, reason: str) -> None:
    outcome = page_to_article("https://e.in/x", body)
    assert outcome.article is None
    assert outcome.reason == reason


def test_article_markup_without_a_body_is_dropped_with_a_reason() -> None:
    page = PAGE.replace(PARAS, "<p>छोटा</p>")
    outcome = page_to_article("https://e.in/x", page.encode())
    assert outcome.article is None and outcome.reason in ("non_article/other", "dropped/body_too_short")


def test_headline_missing_is_a_drop_reason() -> None:
    page = PAGE.replace("<h1>सरकार का नया ऐप</h1>", "").replace('"headline": "सरकार का नया ऐप",', "")
    page = page.replace("<title>नया ऐप - साइट</title>", "")
    outcome = page_to_article("https://e.in/x", page.encode())
    assert outcome.reason == "dropped/no_headline"


def test_malformed_html_still_extracts() -> None:
    broken = PAGE.replace("</p>", "").replace("</article>", "").replace("</body></html>", "<div><span>")
    outcome = page_to_article("https://e.in/x", broken.encode())
    assert outcome.article is not None and "अनुच्छेद संख्या 3" in outcome.article.body


def test_broken_dates_are_null_not_wrong() -> None:
    page = PAGE.replace("2024-05-25T10:00:00+05:30", "25 मई")
    outcome = page_to_article("https://e.in/x", page.encode())
    assert outcome.article is not None
    assert outcome.article.published is None
    assert outcome.article.dateline is not None and outcome.article.dateline.date is None


def test_charset_from_header_meta_and_bytes() -> None:
    utf8 = PAGE.encode("utf-8")
    assert "सरकार" in decode(utf8, {"Content-Type": "text/html; charset=utf-8"})
    # A server that labels every page ISO-8859-1 while the bytes (and <meta>) are UTF-8.
    assert "सरकार" in decode(utf8, {"Content-Type": "text/html; charset=ISO-8859-1"})
    latin = "<html><head><meta charset='iso-8859-1'></head><body>Café crème</body></html>".encode("latin-1")
    assert "Café crème" in decode(latin, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert "Café crème" in decode(latin, {})
    bom = b"\xef\xbb\xbf" + utf8
    assert "सरकार" in decode(bom, {"Content-Type": "text/html; charset=windows-1252"})
    assert "सरकार" in decode(utf8, {"content-type": [b"text/html; charset=bogus-charset"]})


def test_gzipped_saved_page() -> None:
    raw = page_to_raw("https://e.in/x", gzip.compress(PAGE.encode()))
    assert raw.page_type == "article" and raw.h1s == ["सरकार का नया ऐप"]


def test_url_hint_from_canonical() -> None:
    assert url_hint(PAGE) == "https://e.in/tech/app-123456.html"
    assert url_hint("<html></html>") is None
    assert url_hint("") is None


def test_raw_and_outcome_pickle() -> None:
    raw = extract("https://e.in/x", PAGE.encode())
    assert pickle.loads(pickle.dumps(raw)) == raw
    outcome = page_to_article("https://e.in/x", PAGE.encode())
    assert pickle.loads(pickle.dumps(outcome)) == outcome


def test_hidden_copies_embeds_and_spec_tables_are_not_text() -> None:
    extra = ('<div style="display:none"><p>छिपी हुई कॉपी का पाठ जो पाठक को नहीं दिखता और इसमें कई शब्द हैं।</p></div>'
             '<blockquote class="twitter-tweet"><p>किसी और का ट्वीट जिसमें लंबा पाठ लिखा हुआ है और कई शब्द हैं।</p>'
             '</blockquote><table><tr><th>रैम</th><td>8GB</td></tr><tr><th>कीमत</th><td>9,999</td></tr></table>')
    page = PAGE.replace("</article>", extra + "</article>")
    article = page_to_article("https://e.in/x", page.encode()).article
    assert article is not None
    for text in ("छिपी हुई कॉपी", "किसी और का ट्वीट", "8GB"):
        assert text not in article.body


def test_huge_and_deep_pages_do_not_crash() -> None:
    deep = "<div>" * 5000 + "पाठ" + "</div>" * 5000
    assert page_to_article("https://e.in/x", f"<html><body>{deep}</body></html>".encode()).article is None
    huge = "<html><body>" + "<p>शब्द</p>" * 2_000_000 + "</body></html>"
    assert page_to_article("https://e.in/x", huge.encode()).reason == "non_article/too_large"


@pytest.mark.parametrize(
    "page",
    [
        PAGE.replace("<h1>", '<img width="²" height="①" src="x.jpg"><h1>'),
        PAGE.replace("</head>", '<script type="application/ld+json">' + "[" * 100_000 + "</script></head>"),
        PAGE.replace("</article>", '<a href="?page=%C2%B2">अगला</a></article>'),
        # attribute names lxml parses but cannot read back: an unrendered template, control characters
        PAGE.replace("<h1>", '<div class="story" {{ data_attrs }}><h1>'),
        PAGE.replace("</head>", '<meta name="keywords" {% if tags %}content="x"{% endif %}></head>'),
        PAGE.replace("<h1>", '<p class="a" b\x01c="2">x</p><h1>'),
        # a control character by reference ("&#x27;" that lost its x) in loose text that gets wrapped as a paragraph
        PAGE.replace("</article>", f"<div>{HINDI} &#27;भूमि मित्र&#27; ऐप लॉन्च किया।<p>{HINDI}</p></div></article>"),
    ],
    ids=["unicode-digits-in-attributes", "deep-json-ld", "odd-page-number", "template-attribute-name",
         "template-in-meta", "control-character-attribute-name", "control-character-reference-in-loose-text"],
)
def test_hostile_markup_does_not_raise(page: str) -> None:
    assert page_to_article("https://e.in/x?page=1", page.encode()).article is not None


def test_an_unclosed_title_that_swallows_the_page_looks_at_its_first_parts_only() -> None:
    """Found by tests/test_properties.py: every pair of 1000 title parts was a span (91 s before the cap)."""
    from newscrawl.extract.decode import parse_html
    from newscrawl.extract.page import _title_parts_shown

    parts = " | ".join(f"शब्द नंबर {i}" for i in range(1000))
    page = PAGE.replace("</title>", "").replace("<h1>", f"<h1>{parts}")
    assert page_to_article("https://e.in/x", page.encode()).reason == "non_article/other"
    tree = parse_html("<html><body><b>शब्द नंबर 3</b><b>शब्द नंबर 900</b></body></html>")
    assert tree is not None
    assert _title_parts_shown(tree, parts) == ["शब्द नंबर 3"], "parts past the first cuts are not candidates"


def test_gzip_bomb_is_refused_not_inflated() -> None:
    bomb = gzip.compress(b"<p>" + b"a" * (64 * 1024 * 1024) + b"</p>")
    assert len(bomb) < 200_000
    outcome = page_to_article("https://e.in/x", bomb)
    assert outcome.reason == "non_article/too_large" and "inflates past" in str(outcome.detail)


def test_listing_helpers_survive_odd_numbers() -> None:
    from newscrawl.discovery.listings import next_page

    # "²" is a digit to str.isdigit() but not a number int() can read: no crash, and no page 3 made of it.
    assert next_page('<a href="?page=%C2%B2">x</a>', "https://e.in/t?page=%C2%B2") is None
    assert next_page('<a href="?page=2">x</a>', "https://e.in/t?page=1") == "https://e.in/t?page=2"


def test_profile_selector_overrides() -> None:
    page = PAGE.replace("<article>", '<div class="byline"><span class="who">रवि कुमार, सीमा शर्मा</span>'
                        '<span class="when">25 मई 2024, 11:20 AM</span></div><p class="dek">सरकार का दावा है कि '
                        'ऐप से सेवाएं आसान होंगी और लोगों का समय बचेगा।</p><article>')
    selectors = Selectors(headline="title", summary="p.dek", author="span.who", date="span.when",
                          body="div.nothing-here")
    raw = extract("https://e.in/x", page.encode(), selectors=selectors)
    assert raw.h1s == ["नया ऐप - साइट"]
    assert raw.standfirst and raw.standfirst.startswith("सरकार का दावा")
    assert raw.authors == ["रवि कुमार", "सीमा शर्मा"]
    assert any(d.value == "25 मई 2024, 11:20 AM" for d in raw.dates)
    assert raw.blocks, "a body selector that matches nothing falls back to the generic extractor"


def test_microdata_and_vendor_meta_dates() -> None:
    page = ("<html><head><meta name='cXenseParse:recs:publishtime' content='2018-06-18T10:01:00.000Z'></head><body>"
            "<h1>খবর</h1><span itemprop='datePublished' content='2020-01-02T14:32:00+06:00'>০২ জানুয়ারি</span>"
            "</body></html>")
    raw = extract("https://e.in/news/x-123456", page)
    values = [(d.kind, d.source, d.value) for d in raw.dates]
    assert ("published", "meta", "2020-01-02T14:32:00+06:00") in values
    assert ("published", "meta", "2018-06-18T10:01:00.000Z") in values
    assert values.index(("published", "meta", "2020-01-02T14:32:00+06:00")) < \
        values.index(("published", "meta", "2018-06-18T10:01:00.000Z"))  # standard forms before vendor tags


def test_a_dateline_in_its_own_cell_opens_the_story() -> None:
    from newscrawl.process import page_to_article

    story = "<tr><td class='body'>" + "".join(f"<p>{s}</p>" for s in (
        "Former players have criticised the touring side for double standards on sledging during the series.",
        "The players said the behaviour on the field was childish and should embarrass the administrators.",
        "Officials of the board declined to comment on the remarks when they were contacted on Friday.",
        "The next match of the series will be played in the capital on Sunday afternoon as planned.")) + "</td></tr>"
    page = (f"<html><head><title>Players flay double standards</title></head><body><table>"
            f"<tr><td class='head'>Players flay double standards</td></tr><tr><td>Wellington, PTI: </td></tr>"
            f"{story}</table></body></html>")
    article = page_to_article("https://e.in/sports/players-flay-double-standards-2214599.html", page).article
    assert article is not None and article.dateline is not None
    assert (article.dateline.place, article.dateline.agency) == ("Wellington", "PTI")
    assert article.body.startswith("Former players")


def test_a_data_table_inside_the_story_is_kept_as_rows_and_a_widget_outside_goes() -> None:
    from newscrawl.process import page_to_article

    para = "<p>{}</p>"
    story = "".join(para.format(s) for s in (
        "The education ministry published the calendar of the four school terms for the coming academic year.",
        "Schools will follow the dates below, the ministry said on Monday, and holidays fall between the terms."))
    table = ("<table><tr><th>Term</th><th>Length</th><th>Dates</th></tr>"
             "<tr><td>First term</td><td>9 weeks</td><td>14 March to 13 May</td></tr>"
             "<tr><td>Fourth term</td><td>9 weeks</td><td>17 October to 16 December</td></tr></table>")
    widget = ("<aside><table><tr><th>Index</th><th>Value</th></tr><tr><td>Sensex</td><td>72,100</td></tr>"
              "</table></aside>")
    closing = para.format("Private schools may adjust the dates by up to a week with the approval of the district.")
    page = (f"<html><head><meta property='og:type' content='article'></head><body><h1>School calendar out</h1>"
            f"<article>{story}{table}{closing}</article>{widget}</body></html>")
    article = page_to_article("https://e.in/education/school-calendar-2214600.html", page).article
    assert article is not None
    assert "Fourth term | 9 weeks | 17 October to 16 December" in article.body.split("\n\n")
    assert "Sensex" not in article.body


def test_the_story_goes_on_after_a_mid_body_carousel() -> None:
    from newscrawl.process import page_to_article

    paras = "".join(f"<p>{s}</p>" for s in (
        "Term life insurance premiums are likely to increase as reinsurers have revised their premiums upward.",
        "Reinsurers increased their rates as the number of claims has been rising over the past year, insurers said.",
        "Sellers said the change would reach new buyers first, while existing policies keep their current premium."))
    carousel = ("<div class='swiper-container related'>" + "".join(
        f"<div class='slide'><a href='/news/story-{i}-1161364{i}.html'><img src='/i/{i}.jpg'></a>"
        f"<h4><a href='/news/story-{i}-1161364{i}.html'>Another story headline number {i} for readers</a></h4>"
        f"<span>1 min read</span></div>" for i in range(8)) + "</div>")
    last = "<p>Moreover, as per industry sources, many life insurers are still not raising term premiums soon.</p>"
    page = (f"<html><head><meta property='og:type' content='article'></head><body><h1>Premiums to rise</h1>"
            f"<div class='story'>{paras}{carousel}{last}<input type='hidden' value='0'>"
            f"<div class='ad'></div></div></body></html>")
    article = page_to_article("https://e.in/money/premiums-to-rise-11613646112891.html", page).article
    assert article is not None
    assert article.body.endswith("many life insurers are still not raising term premiums soon.")
    assert "Another story headline" not in article.body
    # when the text extractor stops at the carousel, the sibling paragraph after it is recovered
    from newscrawl.extract.decode import parse_html
    from newscrawl.extract.page import _story_after_widget
    from newscrawl.extract.raw import Block

    tree = parse_html(page)
    assert tree is not None
    stopped = [Block(t) for t in tree.xpath("//div[@class='story']/p[position() <= 3]/text()")]
    recovered = _story_after_widget(tree, stopped)
    assert [b.text for b in recovered] == [
        "Moreover, as per industry sources, many life insurers are still not raising term premiums soon."]
    assert _story_after_widget(tree, [*stopped, *recovered]) == [], "nothing twice"


def test_text_extraction_leaves_the_page_tree_as_it_was() -> None:
    """trafilatura is handed our tree without a copy of ours: it must copy it itself (later steps read the tree)."""
    from lxml import etree

    from newscrawl.extract.decode import parse_html
    from newscrawl.extract.text import trafilatura_blocks

    tree = parse_html(PAGE)
    assert tree is not None
    before = etree.tostring(tree)
    assert trafilatura_blocks(tree)
    assert etree.tostring(tree) == before


_TAGGED_PAGE = """<html><head><title>t</title></head><body>
<footer><div class="tags">{footer}</div></footer>
<article><h1>फ़ोन की बैटरी लंबी चलेगी</h1><p>{story}</p>
<div class="{cls}">{links}</div></article></body></html>"""


@pytest.mark.parametrize(("cls", "expected"), [
    ("story-tags", ["Smartphone", "बैटरी"]),  # a tags container beside the story
    ("Topics_box", ["Smartphone", "बैटरी"]),  # case and "_" as a separator
    ("hashtags", []),  # "tags" inside a longer word is no tags container: the one in the footer is chrome
])
def test_tags_shown_in_a_tags_container_when_the_markup_names_none(cls: str, expected: list[str]) -> None:
    html = _TAGGED_PAGE.format(cls=cls, story="नई दिल्ली। " + "बैटरी की खबर। " * 30,
                               links='<a href="/t/phone">Smartphone</a> <a href="/t/battery">#बैटरी</a>',
                               footer='<a href="/t/about">About us</a>')
    assert extract("https://example.in/tech/story-1", html).tags == expected
