"""Lead image: scored candidates over lazy attributes, srcset, <picture>, <noscript>; captions from any tag."""

from __future__ import annotations

import pytest

from newscrawl.extract.decode import parse_html
from newscrawl.extract.image import find_lead_image, largest_in_srcset

URL = "https://e.in/tech/story-2214587.html"
SPACER = "https://e.in/static/1x1_spacer.png"


def lead(body: str, hints: tuple[str | None, ...] = ()):
    tree = parse_html(f"<html><body><h1>नया फोन लॉन्च</h1>{body}<p>{'कहानी का पाठ। ' * 30}</p></body></html>")
    assert tree is not None
    return find_lead_image(tree, tree.xpath("//h1")[0], URL, hints)


CASES = {
    "plain figure with figcaption": (
        "<figure><img src='/i/phone.jpg'><figcaption>नया फोन | फोटो: PTI</figcaption></figure>",
        "https://e.in/i/phone.jpg", "नया फोन | फोटो: PTI", None),
    "lazy data-src behind a spacer src": (
        f"<figure><img src='{SPACER}' data-src='/i/lazy.jpg'><figcaption>कैप्शन</figcaption></figure>",
        "https://e.in/i/lazy.jpg", "कैप्शन", None),
    "picture sources with a spacer img": (
        f"<div class='pic'><picture><source srcset='/i/a-320.jpg 320w, /i/a-1200.jpg 1200w'>"
        f"<source srcset='/i/a-660.jpg'><img src='{SPACER}' class='lead-img'></picture></div>"
        "<p class='caption'>Minister at the launch | Photo Credit: REUTERS</p>",
        "https://e.in/i/a-1200.jpg", "Minister at the launch | Photo Credit: REUTERS", None),
    "noscript fallback of a lazy image": (
        "<figure><img class='lazyload' data-lazy='x'><noscript><img src='/i/real.jpg'></noscript>"
        "<figcaption>असली तस्वीर</figcaption></figure>",
        "https://e.in/i/real.jpg", "असली तस्वीर", None),
    "caption in an unclassed sibling span with a credit label": (
        "<div><img src='/i/s.jpg' width='800'></div><span>Rescue teams at the site (Photo: ANI)</span>",
        "https://e.in/i/s.jpg", "Rescue teams at the site (Photo: ANI)", None),
    "credit element without a caption": (
        "<figure><img src='/i/c.jpg'><span class='image-credit'>Express Photo</span></figure>",
        "https://e.in/i/c.jpg", None, "Express Photo"),
    "caption and separate credit element": (
        "<figure><img src='/i/d.jpg'><figcaption>बाढ़ का दृश्य <span class='credit'>फोटो: भाषा</span></figcaption>"
        "</figure>",
        "https://e.in/i/d.jpg", "बाढ़ का दृश्य", "फोटो: भाषा"),
    "AMP image": (
        "<figure><amp-img src='/i/amp.jpg' width='1200' height='675'></amp-img><figcaption>एएमपी</figcaption></figure>",
        "https://e.in/i/amp.jpg", "एएमपी", None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_lead_image_shapes(name: str) -> None:
    body, url, caption, credit = CASES[name]
    found = lead(body)
    assert (found.url, found.caption, found.credit) == (url, caption, credit)


@pytest.mark.parametrize("hint", ["https://[cdn]/i/phone.jpg", "https://[ feeds.e.in/i/phone.jpg", "http://[::1"])
def test_a_hint_that_is_no_url_is_ignored(hint: str) -> None:
    """Found by tests/test_properties.py: urlsplit raised on an og:image with a bracket in its host."""
    found = lead("<figure><img src='/i/phone.jpg'><figcaption>नया फोन</figcaption></figure>", (hint,))
    assert found.url == "https://e.in/i/phone.jpg"


def test_og_image_match_beats_the_first_image() -> None:
    body = ("<figure><img src='/i/first-inline.jpg'><figcaption>पहली</figcaption></figure>"
            "<figure><img src='/i/hero-photo-1200.jpg'><figcaption>मुख्य</figcaption></figure>")
    assert lead(body, ("https://cdn.e.in/i/hero-photo-1200.jpg",)).caption == "मुख्य"


def test_teasers_avatars_pixels_and_icons_are_never_the_lead() -> None:
    body = ("<noscript><img src='https://beacon.example.net/p?c1=2'></noscript>"
            "<img src='/i/author-avatar.jpg' class='author-pic'>"
            "<img src='/i/share-icon.svg'>"
            "<div class='related-stories'><img src='/i/other.jpg'></div>"
            "<a href='/other'><img src='/i/teaser.jpg'></a>")
    found = lead(body, ("https://e.in/i/og-image.jpg",))
    assert found.url == "https://e.in/i/og-image.jpg" and found.caption is None


def test_hero_image_above_the_headline() -> None:
    tree = parse_html("<html><body><figure><img src='/i/hero.jpg' width='1200'><figcaption>हीरो</figcaption>"
                      "</figure><h1>शीर्षक</h1><p>पाठ</p></body></html>")
    assert tree is not None
    found = find_lead_image(tree, tree.xpath("//h1")[0], URL, ("https://e.in/i/hero.jpg",))
    assert (found.url, found.caption) == ("https://e.in/i/hero.jpg", "हीरो")


def test_inline_picture_deep_in_the_story_is_not_the_lead() -> None:
    story = "".join(f"<p>{'यह कहानी का लंबा अनुच्छेद है। ' * 8}</p>" for _ in range(4))
    tree = parse_html(f"<html><body><h1>शीर्षक</h1>{story}<figure><img src='/i/inline.jpg'></figure></body></html>")
    assert tree is not None
    found = find_lead_image(tree, tree.xpath("//h1")[0], URL, ("https://e.in/i/og.jpg",))
    assert found.url == "https://e.in/i/og.jpg"


@pytest.mark.parametrize(("srcset", "expected"), [
    ("a.jpg 320w, b.jpg 1200w, c.jpg 640w", "b.jpg"),
    ("a.jpg 1x, b.jpg 2x", "b.jpg"),
    ("only.jpg", "only.jpg"),
    ("", ""),
    ("a.jpg 12qw, b.jpg", "b.jpg"),  # a broken descriptor loses to an unsized (1x) candidate
])
def test_largest_in_srcset(srcset: str, expected: str) -> None:
    assert largest_in_srcset(srcset) == expected
