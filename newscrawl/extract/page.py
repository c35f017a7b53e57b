"""HTML → RawArticle: every raw field of a news page, with no interpretation.

Pure and Scrapy-free: `extract(url, body, headers)` runs the same in a spider
callback, in a replay of saved pages and in a worker process. This module only
composes the steps, each in its own module: charset and parse (`decode`),
metadata (`meta`, `jsonld`), tree edits (`clean`), the lead image (`image`),
the article text (`text`) and the page-type decision (`pagetype`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import islice
from typing import Any

from lxml import etree, html
from parsel import Selector

from newscrawl.discovery.urls import site_of
from newscrawl.extract import jsonld
from newscrawl.extract import meta as page_meta
from newscrawl.extract.attrs import AttrValues
from newscrawl.extract.clean import (
    css,
    drop_noise,
    make_writable,
    may_hold_unwritable,
    remove,
    rows_as_paragraphs,
    wrap_loose_text,
)
from newscrawl.extract.decode import MAX_HTML_CHARS, decode, decode_page, parse_html
from newscrawl.extract.image import CAPTION_CLASS, find_lead_image, is_teaser
from newscrawl.extract.pagetype import Signals, decide
from newscrawl.extract.raw import Block, DateCandidate, RawArticle
from newscrawl.extract.selectors import NO_SELECTORS, Selectors
from newscrawl.extract.text import collapse, container_blocks, reach, trafilatura_blocks, visible_text
from newscrawl.measure import looks_like_sentence, word_count

__all__ = ["decode", "extract", "url_hint"]

_STANDFIRST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:summary|synopsis|standfirst|excerpt|intro|sub-?title|subhead(?:ing)?|dek|kicker-?text|"
    r"article-?desc(?:ription)?|story-?summary|lead-?text|short-?desc)(?:$|[\s_-])",
    re.I,
)
_PLAYER = re.compile(r"youtube\.com/embed|youtube-nocookie|player\.vimeo|dailymotion\.com/embed|jwplayer|jwplatform|"
                     r"brightcove|vdo\.ai|video-?player|videoplayer", re.I)
_MIN_SELECTOR_WORDS = 30  # a profile body selector matching less than this is stale: the generic path decides


def extract(
    url: str,
    body: bytes | str,
    headers: Mapping[str, Any] | None = None,
    *,
    fetched_at: str | None = None,
    selectors: Selectors | None = None,
    site: str | None = None,
    language: str | None = None,
    text_fallbacks: bool = True,
) -> RawArticle:
    """Find every raw field of a page. Non-article pages come back with page_type set and a reason."""
    decoded = decode_page(body, headers)
    text = decoded.text
    raw = RawArticle(url=url, fetched_at=fetched_at, site=site or site_of(url) or None, encoding_note=decoded.note)
    if not text.strip():
        raw.page_type, raw.page_type_reason = "other", "empty page"
        return raw
    if len(text) > MAX_HTML_CHARS:
        raw.page_type, raw.page_type_reason = "too_large", f"page over {MAX_HTML_CHARS:,} characters"
        return raw
    tree = parse_html(text)
    if tree is None:
        raw.page_type, raw.page_type_reason = "other", "not parseable as HTML"
        return raw
    _fill(raw, tree, url, selectors or NO_SELECTORS, language, text_fallbacks, may_hold_unwritable(text))
    return raw


def _fill(raw: RawArticle, tree: html.HtmlElement, url: str, selectors: Selectors, language: str | None,
          text_fallbacks: bool, scrub_texts: bool = True) -> None:
    make_writable(tree, texts=scrub_texts)
    values = AttrValues(tree)  # after the last attribute edit
    sel = Selector(root=tree, type="html")
    meta = page_meta.read_meta(sel)
    objs = jsonld.parse_blocks(sel.xpath('//script[contains(@type, "ld+json")]/text()').getall())
    article = jsonld.find_article(objs)
    _metadata(raw, sel, meta, objs, article, url, language, values)

    drop_noise(tree, values)
    for query in selectors.drop:
        for el in css(tree, query):
            remove(el)
    wrap_loose_text(tree)
    rows_as_paragraphs(tree)
    h1 = _main_h1(tree)
    raw.standfirst = _standfirst(tree, h1, raw.descriptions, values)
    _lead_image(raw, tree, h1, url, meta, article, selectors)
    captions = _captions(tree, values)
    raw.captions = list(dict.fromkeys([*captions, *_alt_texts(tree)]))
    raw.blocks = _text_blocks(raw, tree, selectors, text_fallbacks)
    raw.lead_in = _lead_in(tree, raw.blocks)
    _apply_overrides(raw, tree, selectors)
    if not any(d.source in ("jsonld", "meta", "time") for d in raw.dates):
        raw.dates.extend(_stamps_near_headline(tree, h1, raw.title_parts_shown))
    decision = decide(_signals(url, tree, meta, objs, article, raw, captions, values))
    raw.page_type, raw.page_type_reason = decision.page_type, decision.reason


def _metadata(raw: RawArticle, sel: Selector, meta: dict[str, str], objs: list[dict[str, Any]],
              article: dict[str, Any] | None, url: str, language: str | None, values: AttrValues) -> None:
    """Everything the page says about itself in markup: names, titles, dates, authors, tags."""
    raw.language = page_meta.language(sel, meta) or language
    raw.canonical_url = page_meta.abs_url(url, sel.xpath('//link[@rel="canonical"]/@href').get())
    raw.og_url = page_meta.abs_url(url, meta.get("og:url"))
    raw.title_tag = collapse(sel.xpath("//title/text()").get()) or None
    raw.og_title = meta.get("og:title") or meta.get("twitter:title")
    raw.ld_headline = jsonld.text(article.get("headline") or article.get("name")) if article else None
    raw.site_names = page_meta.site_names(meta, objs, article)
    raw.h1s = [t for t in (visible_text(h.root) for h in sel.xpath("//h1")) if t]
    if not raw.h1s and raw.title_tag:
        raw.title_parts_shown = _title_parts_shown(sel.root, raw.title_tag)
    raw.descriptions = [d for d in (
        meta.get("description"), meta.get("og:description"), meta.get("twitter:description"),
        jsonld.text(article.get("description")) if article else None,
    ) if d]
    page_meta.dates(raw, sel.root, meta, article, objs, values)
    raw.authors = page_meta.authors(meta, article)
    raw.tags = page_meta.tags(sel.root, meta, article, values)
    raw.section = (jsonld.text(article.get("articleSection")) if article else None) or meta.get("article:section")
    raw.breadcrumbs = page_meta.breadcrumbs(objs, values)
    raw.ld_body = jsonld.text(article.get("articleBody")) if article else None


_TITLE_SEPARATOR = re.compile(r"\s*(?:[|»·:]|::)\s*|\s*[-–—]\s+|\s+[-–—]\s*|(?<=[a-z.)])[-–—](?=[A-Z])")


_STAMP = re.compile(r"(?:19|20)\d\d|\d{1,2}:\d{2}")
_STAMP_WINDOW = 12  # text pieces after the headline where a dateline-less page prints its date


def _stamps_near_headline(tree: html.HtmlElement, h1: html.HtmlElement | None,
                          shown: list[str]) -> list[DateCandidate]:
    """Short dated texts right after the headline: the only date an old or hand-made page gives."""
    anchor = h1 if h1 is not None else _element_with_text(tree, shown[0]) if shown else None
    if anchor is None:
        return []
    found: list[DateCandidate] = []
    for piece in anchor.xpath("following::text()[normalize-space()]")[:_STAMP_WINDOW]:
        text = collapse(str(piece))
        if 6 <= len(text) <= 120 and _STAMP.search(text):
            found.append(DateCandidate("visible", "visible", text))
    return found[:2]


def _element_with_text(tree: html.HtmlElement, text: str) -> html.HtmlElement | None:
    key = text.casefold()
    for el in tree.xpath("//body//*[not(self::script or self::style)]"):
        if len(el.text_content()) < 400 and collapse(el.text_content()).casefold() == key:
            return el
    return None


_MAX_TITLE_CUTS = 16
_MAX_SPAN_CHARS = 4000  # a shown part is an element text of at most 400 characters, however spaced


def _title_parts_shown(root: html.HtmlElement, title: str) -> list[str]:
    """Spans of the <title> (between its separators) that the page shows as an element's whole text.

    Pages without an <h1> still show their headline in a heading, a bold cell
    or a styled div; the part of "Site : Section : Headline" shown on the page
    is the headline, the rest is site and section names. Longest first.
    """
    # A real title has a few parts; an unclosed <title> swallows the page, thousands of separators
    # whose every pair of parts would be a span (quadratic): only the first cuts and short spans count.
    cuts = [(m.start(), m.end()) for m in islice(_TITLE_SEPARATOR.finditer(title), _MAX_TITLE_CUTS)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(title)]
    spans = {collapse(title[a:b]) for a in starts for b in ends if 0 < b - a <= _MAX_SPAN_CHARS}
    wanted = {span.casefold(): span for span in spans if len(span) >= 10}
    shown: list[str] = []
    for el in root.xpath("//body//*[not(self::script or self::style or self::a or self::title)]"):
        text = el.text_content()
        if len(text) > 400 or len(text) < 10:
            continue
        key = collapse(text).casefold()
        if key in wanted and wanted[key] not in shown:
            shown.append(wanted[key])
    return sorted(shown, key=len, reverse=True)


def _text_blocks(raw: RawArticle, tree: html.HtmlElement, selectors: Selectors, fallbacks: bool) -> list[Block]:
    """The article text: a checked profile container, else trafilatura (its fallback extractors as the profile
    says), else JSON-LD articleBody."""
    found = css(tree, selectors.body) if selectors.body else []
    if found:
        blocks = container_blocks(found[0])
        if sum(word_count(b.text) for b in blocks) >= _MIN_SELECTOR_WORDS:
            return blocks
    blocks = trafilatura_blocks(tree, headline=raw.h1s[0] if raw.h1s else raw.ld_headline, fallbacks=fallbacks)
    blocks.extend(_story_after_widget(tree, blocks))
    if not blocks and raw.ld_body:
        blocks = [Block(p.strip()) for p in re.split(r"\n\s*\n|\r\n", raw.ld_body) if p.strip()]
    return blocks


# The first text node (paragraph) of the body holding a needle; "[1]" on the descendant axis lets libxml2 stop there.
_FIRST_TEXT_WITH = etree.XPath("//body/descendant::text()[contains(., $needle)][1]")
_FIRST_P_WITH = etree.XPath("//body/descendant::p[contains(., $needle)][1]")
_LEAD_IN = re.compile(r"^.{2,60}[:：।|–—-]$")


def _lead_in(tree: html.HtmlElement, blocks: list[Block]) -> str | None:
    """A short text just before the story's first block, ending like a dateline ("Wellington, PTI:").

    Table layouts and styled spans put the dateline in its own cell or element,
    which text extraction drops; the parse step decides whether it is one.
    """
    first = next((b.text for b in blocks if b.kind == "p" and word_count(b.text) >= 8), None)
    if not first:
        return None
    needle = first[:30]
    for node in _FIRST_TEXT_WITH(tree, needle=needle)[:1]:
        owner = node.getparent()
        if owner is None:
            return None
        scope = "(preceding::text() | .//text())" if node.is_tail else "preceding::text()"
        texts = owner.xpath(f"{scope}[normalize-space()]")
        before = texts[: texts.index(node)] if node in texts else texts
        for previous in reversed(before[-2:]):
            text = collapse(str(previous))
            if _LEAD_IN.match(text) and not previous.getparent().xpath("ancestor-or-self::a"):
                return text
    return None


def _story_after_widget(tree: html.HtmlElement, blocks: list[Block]) -> list[Block]:
    """Paragraphs of the story container after its last extracted paragraph (text extractors stop at a
    mid-body carousel or ad box): sibling <p> elements of prose that were left out are the story going on."""
    last = next((b.text for b in reversed(blocks) if b.kind == "p" and word_count(b.text) >= 8), None)
    if not last:
        return []
    seen = {collapse(b.text) for b in blocks}
    anchor = next(iter(_FIRST_P_WITH(tree, needle=last[:40])), None)
    if anchor is None:
        return []
    found: list[Block] = []
    for p in anchor.xpath("following-sibling::p")[:6]:
        text = visible_text(p)
        links = sum(len(collapse(a.text_content())) for a in p.xpath(".//a"))
        if text in seen or links * 3 > len(text) or not looks_like_sentence(text) or len(text) < 40:
            continue
        found.append(Block(text, "p", links))
    return found


def _lead_image(raw: RawArticle, tree: html.HtmlElement, h1: html.HtmlElement | None, url: str, meta: dict[str, str],
                article: dict[str, Any] | None, selectors: Selectors) -> None:
    ld_url, ld_caption = jsonld.image(article.get("image")) if article else (None, None)
    raw.image_ld_caption = ld_caption
    hints = (ld_url, meta.get("og:image") or meta.get("twitter:image"))
    override = css(tree, selectors.image) if selectors.image else []
    lead = find_lead_image(tree, h1, url, hints, override)
    raw.image_url, raw.image_caption, raw.image_credit = lead.url, lead.caption, lead.credit
    raw.image_alt, raw.image_title = lead.alt, lead.title


def _apply_overrides(raw: RawArticle, tree: html.HtmlElement, selectors: Selectors) -> None:
    """A site profile's [selectors]: headline, summary and caption win over the generic guesses where
    they match something; author and date only fill in what JSON-LD and meta tags did not give."""
    texts = {key: [t for t in (visible_text(el) for el in css(tree, query)) if t]
             for key, query in selectors.texts().items()}
    if texts.get("headline"):
        raw.h1s = texts["headline"][:1]
    if texts.get("summary"):
        raw.standfirst = texts["summary"][0]
    if texts.get("caption"):
        raw.image_caption = texts["caption"][0]
    if texts.get("author") and not raw.authors:
        raw.authors = list(dict.fromkeys(n for t in texts["author"] for n in jsonld.split_names(t)))
    for text in texts.get("date", [])[:2]:
        raw.dates.append(DateCandidate("visible", "visible", text))


def _signals(url: str, tree: html.HtmlElement, meta: dict[str, str], objs: list[dict[str, Any]],
             article: dict[str, Any] | None, raw: RawArticle, captions: list[str], values: AttrValues) -> Signals:
    """The evidence the page-type decision weighs."""
    prose = [b for b in raw.blocks if b.kind in ("p", "quote")]
    return Signals(
        url=url,
        ld_types=frozenset(jsonld.page_types(objs)),
        ld_article=article is not None,
        og_type=(meta.get("og:type") or "").lower(),
        meta_published=any(meta.get(key) for key in page_meta.META_PUBLISHED),
        h1_count=len(raw.h1s),
        text_words=sum(word_count(b.text) for b in prose),
        long_blocks=sum(1 for b in prose if word_count(b.text) >= 25),
        paragraph_run=_longest_paragraph_run(tree),
        teaser_links=_teaser_links(tree, url),
        captioned_images=len(captions),
        caption_words=sum(word_count(c) for c in captions),
        video_player=_has_player(tree, values),
    )


def _captions(tree: html.HtmlElement, values: AttrValues) -> list[str]:
    """Texts of image captions in the page body: beside an image, outside chrome, teasers and links."""
    out: list[str] = []
    classed, variables = values.path_of({"class": values.matching("class", CAPTION_CLASS)})
    for el in tree.xpath(f"//body//figcaption{' | ' + classed if classed else ''}", **variables):
        if page_meta.in_chrome(el) or page_meta.has_ancestor(el, "figcaption") or is_teaser(el):
            continue
        if not el.xpath("ancestor::*[position() <= 3][.//img or .//amp-img or .//picture or .//video]"):
            continue  # a "caption" class with no picture near it (teaser cards, headings)
        text = visible_text(el)
        links = sum(len(collapse(a.text_content())) for a in el.xpath(".//a"))
        if text and links * 2 < len(text):
            out.append(text)
    return out


def _alt_texts(tree: html.HtmlElement) -> list[str]:
    """Alt texts of story images: sites print them again as the caption line under the picture."""
    out: list[str] = []
    for img in tree.xpath("//body//img[@alt]"):
        alt = collapse(img.get("alt"))
        if len(alt.split()) >= 2 and not page_meta.in_chrome(img):
            out.append(alt)
    return out


def _has_player(tree: html.HtmlElement, values: AttrValues) -> bool:
    """A video element or an embedded video player in the page body (among its first 3,000 candidates)."""
    if tree.xpath("//body//video[not(ancestor::aside or ancestor::footer)]"):
        return True
    # each attribute alone: no alternative of _PLAYER spans the space that used to join them
    condition, variables = values.condition(_PLAYER, ("src", "class", "id"))
    if not condition:
        return False
    candidates = "(//body//iframe[@src] | //body//*[@class or @id][not(self::a)])[position() <= 3000]"
    first = tree.xpath(f"{candidates}[{condition}][1]", **variables)
    return bool(first) and not page_meta.in_chrome(first[0])


def _main_h1(tree: html.HtmlElement) -> html.HtmlElement | None:
    h1s = [h for h in tree.iter("h1") if collapse(" ".join(h.xpath(".//text()")))]
    if not h1s:
        return None
    inside = [h for h in h1s if not page_meta.in_chrome(h)]
    return (inside or h1s)[0]


def _standfirst(tree: html.HtmlElement, h1: html.HtmlElement | None, descriptions: list[str],
                values: AttrValues) -> str | None:
    """A visible summary under the headline (class cue), before the body starts.

    Of several candidates, the one that agrees with the page's description
    wins; highlight bullet boxes are not summaries.
    """
    found: list[str] = []
    cued = values.elements(_STANDFIRST_CLASS)
    story = _first_story_paragraph(tree) if cued else None
    order = {el: i for i, el in enumerate(tree.iter())} if story is not None else {}
    for el in cued:
        if el.tag in ("script", "style", "meta", "a", "body", "ul", "ol"):
            continue
        if page_meta.in_chrome(el) or el.find(".//li") is not None:
            continue
        if story is not None and order.get(el, 0) > order.get(story, 0):
            continue  # a summary box after the story starts is an appendix, not a standfirst
        text = visible_text(el)
        if 30 <= len(text) <= 700 and text not in found:
            found.append(text)
    keys = [_loose_key(d) for d in descriptions]
    for text in found:
        if any(key and (_loose_key(text) in key or key in _loose_key(text)) for key in keys):
            return text
    if found:
        return found[0]
    if h1 is not None:
        nxt = h1.xpath("following-sibling::*[1][self::h2 or self::p]")
        if nxt:
            text = collapse(" ".join(nxt[0].xpath(".//text()")))
            if 30 <= len(text) <= 400:
                return text
    return None


def _first_story_paragraph(tree: html.HtmlElement) -> html.HtmlElement | None:
    """The first long paragraph element of the page's main content (where the story starts)."""
    for p in tree.xpath(f"//body//p[{reach(150)}]"):
        if len(visible_text(p)) >= 150 and not page_meta.in_chrome(p):
            return p
    return None


def _loose_key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


# Paragraphs, and divs holding no block: a div with a block child is ruled out before its descendants are searched.
_PARAGRAPH_LIKE = etree.XPath(f"(//body//p | //body//div[not(p or div or li or table)][{reach(100)}]"
                              f"[not(.//p or .//div or .//li or .//table)])[{reach(100)}]")
# Elements under the body holding <br><br> (the parents of a <br> followed by another).
_DOUBLE_BR = etree.XPath("(//body/descendant::br[following-sibling::*[1][self::br]]/..)[ancestor::body]")


def _longest_paragraph_run(tree: html.HtmlElement) -> int:
    """Most long paragraphs under one parent outside page chrome: <p> children, or text runs split by <br><br>.

    Three or more is a story, not teaser cards (each card's summary has its own parent).
    """
    groups: dict[Any, int] = {}  # keyed by the parent element itself (it stays alive as a key)
    for p in _PARAGRAPH_LIKE(tree):
        if len(visible_text(p)) >= 100 and not page_meta.in_chrome(p):
            parent = p.getparent()
            groups[parent] = groups.get(parent, 0) + 1
    best = max(groups.values(), default=0)
    for el in _DOUBLE_BR(tree)[:50]:
        runs = _br_runs(el)
        if runs > best and not page_meta.in_chrome(el):
            best = runs
    return best


def _br_runs(el: html.HtmlElement) -> int:
    """Long text runs separated by <br><br> inside one element."""
    pieces: list[str] = [el.text or ""]
    previous_br = False
    for child in el:
        is_br = child.tag == "br"
        if is_br and previous_br:
            pieces.append("")
        elif not is_br:
            pieces[-1] += child.text_content() if isinstance(child.tag, str) else ""
        pieces[-1] += child.tail or ""
        previous_br = is_br and not (child.tail or "").strip()
    return sum(1 for piece in pieces if len(collapse(piece)) >= 100)


_STORY_LINKS = etree.XPath(f"//body//a[@href][{reach(20)}][not({page_meta.CHROME_ANCESTOR})]")


def _teaser_links(tree: html.HtmlElement, url: str) -> int:
    """Distinct same-site links with headline-length text, outside header/nav/footer/aside."""
    site = site_of(url)
    seen: set[str] = set()
    for a in _STORY_LINKS(tree):
        text = visible_text(a)
        if not 20 <= len(text) <= 200:
            continue
        href = page_meta.abs_url(url, a.get("href"))
        if href and site_of(href) == site:
            seen.add(href.split("#")[0].rstrip("/"))
    return len(seen)


def url_hint(text: str) -> str | None:
    """The page's own idea of its URL (canonical link, else og:url), for pages saved without metadata."""
    tree = parse_html(text) if text.strip() else None
    if tree is None:
        return None
    sel = Selector(root=tree, type="html")
    for href in (sel.xpath('//link[@rel="canonical"]/@href').get(),
                 sel.xpath('//meta[@property="og:url"]/@content | //meta[@property="og:url"]/@value').get()):
        absolute = page_meta.abs_url("", href)
        if absolute:
            return absolute
    return None
