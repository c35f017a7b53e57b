"""The lead photo: found by scoring candidate images, its caption and credit read from what surrounds it.

Pages hide the lead image in many ways: lazy loading (`data-src`, `data-original`,
`srcset` on a `<picture>` with a 1×1 spacer in `src`, a real `<img>` inside
`<noscript>`), AMP's `<amp-img>`, hero images above the headline, and related-story
thumbnails right below it. Captions sit in a `<figcaption>`, or in a sibling
`div`/`span`/`p` of the image's wrapper, whatever its tag. So every image near the
headline is a candidate, scored by what a reader would use to tell the lead photo:
it is the picture the page names as og:image / JSON-LD image, it comes right after
the headline (or just above it) before the story runs, it is big, it sits in a
figure with a caption — and it is never an avatar, a logo or a teaser thumbnail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import html

from newscrawl.extract.meta import has_ancestor, in_chrome
from newscrawl.extract.text import collapse, visible_text

CAPTION_CLASS = re.compile(r"caption|cptn|img-?desc|image-?desc|photo-?text|pic-?text|img-?text|"
                           r"(?:^|[\s_-])cap(?:$|[\s_-])", re.I)
CREDIT_CLASS = re.compile(r"credit|courtesy|copyright|source|photo-?by|img-?src|agency|(?:^|[\s_-])cred(?:$|[\s_-])",
                          re.I)
# Credit labels that let an unclassed short element beside an image be read as its caption line.
_CREDIT_WORDS = re.compile(r"photo|image|pic|credit|courtesy|फोटो|फ़ोटो|तस्वीर|साभार|सौजन्य|चित्र|इमेज", re.I)
_TEASER_CLASS = re.compile(r"(?:^|[_-])(?:related|also-?read|read-?more|recommend\w*|trending|popular|more-?stories|"
                           r"widget|sidebar|teaser|thumbs?|cards?|latest|top-?stories)(?:$|[_-])", re.I)
_DECORATION = re.compile(r"avatar|author|userphoto|user-?pic|profile-?pic|byline|logo|icon|sprite|emoji|badge|"
                         r"gravatar|placeholder|spacer", re.I)
# File names of stand-in images: a lazy `src` holding one of these means the real picture is elsewhere.
_PLACEHOLDER = re.compile(r"default|placeholder|fallback|no-?(?:image|preview|photo)|logo|blank|spacer|1x1|"
                          r"pixel\.|transparent|lazy-?load|loader|loading\.", re.I)
_SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src",
              "data-full-src", "data-srcset", "srcset")
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|webp|gif|avif|jfif|bmp|tiff?)$|/(?:photo|image|img|media|thumb)", re.I)
_STORY_P = 100  # characters of a paragraph that counts as story text already running
_WINDOW_AFTER = 6
_WINDOW_BEFORE = 2


@dataclass
class LeadImage:
    """The lead image's URL and the raw texts around it (interpreted later by parse.credit)."""

    url: str | None = None
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    title: str | None = None


@dataclass
class _Candidate:
    img: html.HtmlElement
    url: str
    score: float


def find_lead_image(tree: html.HtmlElement, h1: html.HtmlElement | None, page_url: str,
                    hints: Sequence[str | None] = (), override: Iterable[html.HtmlElement] = ()) -> LeadImage:
    """The lead image: a profile's selector first, else the best-scored candidate, else og/JSON-LD image."""
    stems = {image_stem(h) for h in hints if h} - {""}
    chosen = _from_override(override, page_url)
    if chosen is None:
        scored = [c for c in _candidates(tree, h1, page_url, stems) if c.score > -5]
        chosen = max(scored, key=lambda c: c.score, default=None)
    if chosen is None:
        return LeadImage(url=_fallback_url(page_url, hints))
    caption, credit = caption_and_credit(chosen.img)
    return LeadImage(url=chosen.url, caption=caption, credit=credit,
                     alt=collapse(chosen.img.get("alt")) or None, title=collapse(chosen.img.get("title")) or None)


def _from_override(found: Iterable[html.HtmlElement], page_url: str) -> _Candidate | None:
    """A profile selector may name the image or its figure."""
    for el in found:
        imgs = [el] if _is_img(el) else el.xpath(".//img | .//amp-img")
        if imgs:
            return _Candidate(imgs[0], image_url(imgs[0], page_url) or "", 0.0)
    return None


def _candidates(tree: html.HtmlElement, h1: html.HtmlElement | None, page_url: str,
                stems: set[str]) -> list[_Candidate]:
    if h1 is not None:
        after = h1.xpath("following::img | following::amp-img")
        before = h1.xpath("preceding::img | preceding::amp-img")
    else:
        after, before = tree.xpath("//body//img | //body//amp-img"), []
    out: list[_Candidate] = []
    story = _story_paragraphs(h1, tree)
    for group, window, hero in ((after, _WINDOW_AFTER, False), (before[::-1], _WINDOW_BEFORE, True)):
        rank = 0
        for img in group:
            if rank >= window:
                break
            url = image_url(img, page_url)
            if not url or _excluded(img, url):
                continue
            running = 0 if hero else _story_before(img, story)
            out.append(_Candidate(img, url, _score(img, url, rank, hero, stems, running)))
            rank += 1
    return out


def _score(img: html.HtmlElement, url: str, rank: int, hero: bool, stems: set[str], running: int) -> float:
    """Higher is more likely the lead photo."""
    score = -float(rank) - (3 if hero else 0)
    if stems and any(stem in url or stem in " ".join(img.values()) for stem in stems):
        score += 10
    if has_ancestor(img, "figure"):
        score += 1
    caption, credit = caption_and_credit(img)
    if caption or credit:
        score += 1
    if _width(img) >= 300:
        score += 1
    if not _IMAGE_FILE.search(urlsplit(url).path):
        score -= 2  # no image file name: often a beacon or a script endpoint
    if running >= 3:
        return -100.0  # an inline picture well inside the story is never the lead
    if running == 2:
        score -= 4
    return score


def _story_paragraphs(h1: html.HtmlElement | None, tree: html.HtmlElement) -> set[html.HtmlElement]:
    """Long paragraphs after the headline: where the story runs."""
    scope = h1.xpath("following::p[position() <= 80]") if h1 is not None else tree.xpath("//body//p[position() <= 80]")
    return {p for p in scope if len(collapse(p.text_content())) >= _STORY_P}


def _story_before(img: html.HtmlElement, story: set[html.HtmlElement]) -> int:
    """Story paragraphs right before the image (capped): the story already running."""
    return sum(1 for p in img.xpath("preceding::p[position() <= 12]") if p in story)


def _excluded(img: html.HtmlElement, url: str) -> bool:
    """Never the lead photo: page chrome, decoration, teasers, vector icons and tracking pixels."""
    if urlsplit(url).path.lower().endswith(".svg") or _is_tracking_pixel(img):
        return True
    return in_chrome(img) or is_decoration(img) or is_teaser(img)


def _is_tracking_pixel(img: html.HtmlElement) -> bool:
    """An image inside <noscript> that is no fallback for a lazy image beside it (analytics beacons)."""
    noscript = next(img.iterancestors("noscript"), None)
    if noscript is None:
        return False
    return not noscript.xpath("preceding-sibling::img | preceding-sibling::*//img | ancestor::figure"
                              " | ancestor::picture")


def image_url(img: html.HtmlElement, page_url: str) -> str | None:
    """The real picture behind lazy-loading attributes, srcset and <picture> sources."""
    for attr in _SRC_ATTRS:
        value = (img.get(attr) or "").strip()
        if attr.endswith("srcset"):
            value = largest_in_srcset(value)
        if value and not value.startswith("data:") and not _PLACEHOLDER.search(value.rsplit("/", 1)[-1]):
            return _absolute(page_url, value)
    # <source> is void in HTML5 but not to libxml2, which nests the sources: look up to the <picture>.
    picture = next(img.iterancestors("picture"), None)
    for source in picture.xpath(".//source[@srcset or @data-srcset]") if picture is not None else ():
        value = largest_in_srcset(source.get("srcset") or source.get("data-srcset") or "")
        if value:
            return _absolute(page_url, value)
    return None


def largest_in_srcset(srcset: str) -> str:
    """The widest candidate of a srcset ("a.jpg 320w, b.jpg 1200w" → "b.jpg"); the first when unsized."""
    best, best_size = "", -1.0
    for part in srcset.split(","):
        bits = part.strip().split()
        if not bits:
            continue
        size = bits[1] if len(bits) > 1 else "1x"
        try:
            value = float(size[:-1]) * (1000 if size.endswith("x") else 1)
        except ValueError:
            value = 0.0
        if value > best_size:
            best, best_size = bits[0], value
    return best


def _absolute(base: str, href: str) -> str | None:
    try:
        absolute = urljoin(base, href.strip())
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def _fallback_url(page_url: str, hints: Sequence[str | None]) -> str | None:
    """No image element: the JSON-LD / og:image, unless it is the site's logo or a placeholder."""
    for candidate in hints:
        absolute = _absolute(page_url, candidate) if candidate else None
        path = urlsplit(absolute).path if absolute else ""
        if absolute and path.strip("/") and not _PLACEHOLDER.search(path):
            return absolute
    return None


def caption_and_credit(img: html.HtmlElement) -> tuple[str | None, str | None]:
    """Caption and credit texts from the elements around an image, whatever their tags.

    Inside the image's own wrappers first (a figcaption, a caption- or
    credit-classed element), innermost out; then the element right after the
    image or one of its wrappers (a caption line in a sibling div, span or p).
    """
    wrappers = _wrappers(img)
    for wrapper in wrappers[1:]:
        found = _merge(_caption_inside(wrapper), _credit_in(wrapper))
        if found != (None, None):
            return found
    for wrapper in wrappers:
        sibling = next((s for s in wrapper.itersiblings() if isinstance(s.tag, str)), None)
        caption = _sibling_caption(sibling) if sibling is not None else None
        if caption:
            return _merge(caption, _credit_in(sibling) or _credit_in(wrapper))
    return None, None


def _merge(caption: str | None, credit: str | None) -> tuple[str | None, str | None]:
    """A credit element's text is taken out of a caption that contains it."""
    if caption and credit and credit in caption and credit != caption:
        caption = collapse(caption.replace(credit, " ")) or None
    return caption, credit


def _wrappers(img: html.HtmlElement) -> list[html.HtmlElement]:
    """The image and its ancestors up to the figure or a few wrapper levels, never the story container.

    <picture>, <source> (nested by libxml2) and <noscript> levels are walked through without counting.
    """
    out: list[html.HtmlElement] = [img]
    node, levels = img.getparent(), 0
    while node is not None and levels < 4:
        if node.tag in ("body", "html", "article", "main"):
            break
        if node.tag in ("picture", "source", "noscript"):
            node = node.getparent()
            continue
        if len(node.xpath(".//img | .//amp-img")) > 2 or _holds_story(node):
            break
        out.append(node)
        if node.tag == "figure":
            break
        node, levels = node.getparent(), levels + 1
    return out


def _holds_story(node: html.HtmlElement) -> bool:
    return len(node.xpath(".//p[not(.//p)][string-length(normalize-space()) >= 150]")) >= 2


def _caption_inside(wrapper: html.HtmlElement) -> str | None:
    """A figcaption or caption-classed element inside an image wrapper."""
    for el in [*wrapper.xpath(".//figcaption"), *wrapper.xpath(".//*[@class]")]:
        if el.tag == "figcaption" or CAPTION_CLASS.search(el.get("class", "")):
            text = visible_text(el)
            if text:
                return text
    return None


def _sibling_caption(el: html.HtmlElement) -> str | None:
    """The element right after an image wrapper is its caption when it says so by class, tag or credit label."""
    text = visible_text(el)
    if not text or len(text) > 400 or el.xpath(".//img | .//a[string-length(normalize-space()) > 20]"):
        return None
    if el.tag == "figcaption" or CAPTION_CLASS.search(el.get("class", "")):
        return text
    if el.tag in ("span", "small", "em", "i", "cite", "div", "p") and len(text) <= 300 and _CREDIT_WORDS.search(text):
        return text
    return None


def _credit_in(wrapper: html.HtmlElement) -> str | None:
    """A short credit-classed element in the wrapper or right beside it."""
    near = wrapper.xpath(".//*[@class] | preceding-sibling::*[1][@class] | following-sibling::*[1][@class]")
    for el in near:
        if el.tag in ("img", "figure", "amp-img", "picture") or not CREDIT_CLASS.search(el.get("class", "")):
            continue
        text = visible_text(el)
        if text and len(text) <= 60:
            return text
    return None


def image_stem(url: str) -> str:
    """File name without extension or size suffixes: the same picture across resized copies."""
    try:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
    except ValueError:  # "https://[cdn]/a.jpg": an unrendered template in an og:image, not a URL
        return ""
    name = re.sub(r"\.(?:jpe?g|png|webp|gif|avif)$", "", name, flags=re.I)
    return name if len(name) >= 6 else ""


def is_teaser(node: html.HtmlElement) -> bool:
    """Thumbnails of other stories: inside a link, or in a related/trending/list box."""
    if has_ancestor(node, "a"):
        return True
    for ancestor in islice(node.iterancestors(), 4):
        if ancestor.tag in ("article", "main", "body"):
            continue
        for token in ancestor.get("class", "").split():
            if not token.startswith("has-") and _TEASER_CLASS.search(token):  # not WordPress "has-post-thumbnail"
                return True
    return False


def is_decoration(img: html.HtmlElement) -> bool:
    """Author avatars, logos, icons and tiny images are never the lead photo."""
    attrs = " ".join(img.get(a, "") for a in ("class", "id", "src", "data-src", "alt"))
    near = [a.get("class") for a in islice(img.iterancestors(), 3)][::-1]  # outermost first, as XPath gave them
    context = " ".join(value for value in near if value is not None)
    if _DECORATION.search(attrs) and not _spacer_src_only(img):
        return True
    if _DECORATION.search(context):
        return True
    for dim in ("width", "height"):
        value = img.get(dim, "").removesuffix("px")
        if value.isascii() and value.isdecimal() and int(value) < 150:
            return True
    return False


def _spacer_src_only(img: html.HtmlElement) -> bool:
    """A lazy image whose only decoration cue is its spacer `src` (the real picture is elsewhere)."""
    rest = " ".join(img.get(a, "") for a in ("class", "id", "data-src", "alt"))
    return bool(_DECORATION.search(img.get("src", ""))) and not _DECORATION.search(rest)


def _width(img: html.HtmlElement) -> int:
    value = img.get("width", "").removesuffix("px")
    if value.isascii() and value.isdecimal():
        return int(value)
    srcset = img.get("srcset") or img.get("data-srcset") or ""
    widths = [int(w) for w in re.findall(r"\s(\d{2,5})w", srcset)]
    return max(widths, default=0) // 2


def _is_img(el: html.HtmlElement) -> bool:
    return el.tag in ("img", "amp-img")
