"""HTML → RawArticle: every raw field of a news page, with no interpretation.

Pure and Scrapy-free: `extract(url, body, headers)` runs the same in a spider
callback, in a replay of saved pages and in a worker process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree, html
from parsel import Selector
from w3lib.encoding import html_to_unicode

from newscrawl.discovery.urls import site_of
from newscrawl.extract import jsonld
from newscrawl.extract.raw import Block, DateCandidate, RawArticle
from newscrawl.extract.text import collapse, container_blocks, trafilatura_blocks, visible_text

logger = logging.getLogger(__name__)

MAX_HTML_CHARS = 8_000_000  # a page bigger than this is not a news article; refuse before parsing

# Meta tags that carry dates, in trust order.
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "datepublished", "publish-date", "pubdate",
    "publishdate", "publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued", "dc.date",
    "date", "created-date", "citation_publication_date",
)
_META_MODIFIED = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "lastmod", "modified-date", "dc.date.modified", "updated-date",
)
_CREDIT_CLASS = re.compile(r"credit|courtesy|copyright|source|photo-?by|img-?src|agency", re.I)
_CAPTION_CLASS = re.compile(r"caption|cptn|img-?desc|image-?desc|photo-?text", re.I)
_STANDFIRST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:summary|synopsis|standfirst|excerpt|intro|sub-?title|subhead(?:ing)?|dek|kicker-?text|"
    r"article-?desc(?:ription)?|story-?summary|lead-?text|short-?desc)(?:$|[\s_-])",
    re.I,
)
_BYLINE_CLASS = re.compile(r"date|time|publish|updat|byline|posted|dateline|author-?info|story-?info", re.I)
_TAG_CONTAINER_CLASS = re.compile(r"(?:^|[\s_-])(?:tags?|tag-?list|keywords?|topics?)(?:$|[\s_-])", re.I)
_EMBED_CLASS = re.compile(r"twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|fb-video|"
                          r"reddit-embed|embed-(?:twitter|instagram|social|tweet)|social-embed|koo-embed", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PLACEHOLDER_IMAGE = re.compile(r"default|placeholder|fallback|no-?(?:image|preview|photo)|logo|blank|spacer",
                                re.I)
_TEASER_CLASS = re.compile(r"(?:^|[_-])(?:related|also-?read|read-?more|recommend\w*|trending|popular|more-?stories|"
                           r"widget|sidebar|teaser|thumbs?|cards?|latest|top-?stories)(?:$|[_-])", re.I)
_DECORATION = re.compile(r"avatar|author|userphoto|user-?pic|profile-?pic|byline|logo|icon|sprite|emoji|badge|"
                         r"gravatar|placeholder|spacer", re.I)
_CHROME_ANCESTOR = "ancestor::header[not(ancestor::article)] | ancestor::nav | ancestor::footer | ancestor::aside"
# Whole path segments that name the page kind (a slug merely containing "video" does not count).
_VIDEO_WORDS = frozenset({"video", "videos", "video-gallery", "videogallery", "video-shots", "short-videos",
                          "videoshow", "live-tv", "livetv", "watch"})
_GALLERY_WORDS = frozenset({"photo", "photos", "gallery", "galleries", "photogallery", "photo-gallery", "photoshow",
                            "photomazza", "slideshow", "web-stories", "webstories", "web-story", "webstory",
                            "visualstories", "visual-story"})
_LISTING_WORDS = frozenset({"tag", "tags", "topic", "topics", "author", "authors", "category", "categories",
                            "articlelist", "search"})


def decode(body: bytes | str, headers: Mapping[str, Any] | None = None) -> str:
    """Bytes → text: HTTP charset, then BOM/meta charset, then a guess; never raises."""
    if isinstance(body, str):
        return body
    content_type = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            content_type = value[0] if isinstance(value, (list, tuple)) else value
            if isinstance(content_type, bytes):
                content_type = content_type.decode("latin-1")
    if content_type and _LATIN_LABEL.search(content_type) and _is_utf8_with_multibyte(body):
        content_type = None  # a server default of ISO-8859-1 on a UTF-8 page: trust the bytes and <meta>
    try:
        _, text = html_to_unicode(content_type, body)
    except Exception:  # a corrupt charset label must not cost the page
        text = body.decode("utf-8", errors="replace")
    return text


_LATIN_LABEL = re.compile(r"charset\s*=\s*[\"']?(?:iso-?8859-1|latin-?1|windows-1252|cp1252|us-ascii|ascii)\b", re.I)


def _is_utf8_with_multibyte(body: bytes) -> bool:
    """Valid UTF-8 that uses multi-byte sequences is practically never Latin-1 text."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(ch) > 0x7F for ch in text)


def extract(
    url: str,
    body: bytes | str,
    headers: Mapping[str, Any] | None = None,
    *,
    fetched_at: str | None = None,
    selectors: Mapping[str, Any] | None = None,
    site: str | None = None,
    language: str | None = None,
) -> RawArticle:
    """Find every raw field of a page. Non-article pages come back with page_type set and a reason."""
    text = decode(body, headers)
    raw = RawArticle(url=url, fetched_at=fetched_at, site=site or site_of(url) or None)
    if not text.strip():
        raw.page_type, raw.page_type_reason = "other", "empty page"
        return raw
    if len(text) > MAX_HTML_CHARS:
        raw.page_type, raw.page_type_reason = "other", "page too large"
        return raw
    tree = _parse(text)
    if tree is None:
        raw.page_type, raw.page_type_reason = "other", "not parseable as HTML"
        return raw
    _fill(raw, tree, url, selectors or {}, language)
    return raw


# As trafilatura parses: comments and processing instructions out (they split inline text).
_PARSER = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False,
                          default_doctype=False)


def _parse(text: str) -> html.HtmlElement | None:
    text = text.lstrip("\ufeff")
    try:
        tree = html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree


def _fill(raw: RawArticle, tree: html.HtmlElement, url: str, selectors: Mapping[str, Any],
          language: str | None) -> None:
    sel = Selector(root=tree, type="html")
    meta = _meta(sel)
    objs = jsonld.parse_blocks(sel.xpath('//script[contains(@type, "ld+json")]/text()').getall())
    article = jsonld.find_article(objs)

    raw.language = _language(sel, meta) or language
    raw.canonical_url = _abs(url, sel.xpath('//link[@rel="canonical"]/@href').get())
    raw.og_url = _abs(url, meta.get("og:url"))
    raw.title_tag = collapse(sel.xpath("//title/text()").get()) or None
    raw.og_title = meta.get("og:title") or meta.get("twitter:title")
    raw.ld_headline = jsonld.text(article.get("headline") or article.get("name")) if article else None
    raw.site_names = _site_names(meta, objs, article)
    raw.h1s = [t for t in (visible_text(h.root) for h in sel.xpath("//h1")) if t]

    raw.descriptions = [d for d in (
        meta.get("description"), meta.get("og:description"), meta.get("twitter:description"),
        jsonld.text(article.get("description")) if article else None,
    ) if d]

    _dates(raw, sel, meta, article, objs)
    raw.authors = _authors(meta, article)
    raw.tags = _tags(sel, meta, article)
    raw.section = (jsonld.text(article.get("articleSection")) if article else None) or meta.get("article:section")
    raw.breadcrumbs = _breadcrumbs(sel, objs)
    raw.ld_body = jsonld.text(article.get("articleBody")) if article else None

    _drop_noise(tree)
    for css in selectors.get("drop", []) or []:
        for el in _css(tree, css):
            _remove(el)

    h1 = _main_h1(sel)
    raw.standfirst = _standfirst(sel, h1, raw.descriptions)
    _lead_image(raw, sel, h1, url, meta, article, selectors)

    body_css = selectors.get("body")
    found = _css(tree, body_css) if body_css else []
    container = found[0] if found else None
    if container is not None:
        raw.blocks = container_blocks(container)
        if sum(len(b.text.split()) for b in raw.blocks) < 30:
            raw.blocks = []  # a stale profile selector that matches a shell: the generic path decides
    if not raw.blocks:
        raw.blocks = trafilatura_blocks(tree, url, headline=raw.h1s[0] if raw.h1s else raw.ld_headline)
    if not raw.blocks and raw.ld_body:
        raw.blocks = [Block(p.strip()) for p in re.split(r"\n\s*\n|\r\n", raw.ld_body) if p.strip()]

    _apply_overrides(raw, tree, selectors)
    raw.page_type, raw.page_type_reason = _page_type(url, sel, meta, objs, article, raw.blocks)


def _apply_overrides(raw: RawArticle, tree: html.HtmlElement, selectors: Mapping[str, Any]) -> None:
    """A site profile's [selectors]: headline, summary and caption win over the generic guesses where
    they match something; author and date only fill in what JSON-LD and meta tags did not give."""
    texts = {key: [t for t in (visible_text(el) for el in _css(tree, css)) if t]
             for key, css in selectors.items() if key in ("headline", "summary", "caption", "author", "date") and css}
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


def _meta(sel: Selector) -> dict[str, str]:
    """Meta tags by lower-cased name/property/itemprop; the first non-empty value wins."""
    out: dict[str, str] = {}
    tags: list[str] = []
    for m in sel.xpath("//meta"):
        key = (m.attrib.get("property") or m.attrib.get("name") or m.attrib.get("itemprop") or "").strip().lower()
        value = collapse(m.attrib.get("content") or m.attrib.get("value"))
        if not key or not value:
            continue
        if key == "article:tag":
            tags.append(value)
        out.setdefault(key, value)
    if tags:
        out["article:tag"] = "\x1f".join(tags)
    return out


def _abs(base: str, href: str | None) -> str | None:
    href = collapse(href)
    if not href:
        return None
    try:
        absolute = urljoin(base, href)
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def _language(sel: Selector, meta: dict[str, str]) -> str | None:
    lang = sel.xpath("/html/@lang").get() or meta.get("content-language") or meta.get("og:locale") or ""
    lang = lang.strip().lower().replace("_", "-").split("-")[0]
    if re.fullmatch(r"[a-z]{2,3}", lang):
        return lang
    sample = "".join(sel.xpath("//body//p//text()").getall())[:5000]
    if not sample:
        return None
    devanagari = sum(1 for ch in sample if "\u0900" <= ch <= "\u097f")
    letters = sum(1 for ch in sample if ch.isalpha())
    return "hi" if letters and devanagari / letters > 0.3 else "en"


def _site_names(meta: dict[str, str], objs: list[dict[str, Any]], article: dict[str, Any] | None) -> list[str]:
    names = [meta.get("og:site_name"), meta.get("application-name"), meta.get("twitter:site", "").lstrip("@")]
    if article:
        names.extend(jsonld.names(article.get("publisher")))
    for obj in objs:
        if jsonld.types_of(obj) & {"organization", "newsmediaorganization", "website"}:
            names.append(jsonld.text(obj.get("name")))
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def _dates(raw: RawArticle, sel: Selector, meta: dict[str, str], article: dict[str, Any] | None,
           objs: list[dict[str, Any]]) -> None:
    dated = article or next((o for o in objs if o.get("datePublished")), None)
    if dated:
        for kind, key in (("published", "datePublished"), ("modified", "dateModified")):
            value = jsonld.text(dated.get(key))
            if value:
                raw.dates.append(DateCandidate(kind, "jsonld", value))
    for kind, keys in (("published", _META_PUBLISHED), ("modified", _META_MODIFIED)):
        for key in keys:
            if meta.get(key):
                raw.dates.append(DateCandidate(kind, "meta", meta[key]))
    for t in sel.xpath("//time[@datetime]")[:5]:
        if _outside_article(t):
            continue
        prop = (t.attrib.get("itemprop") or t.attrib.get("class") or "").lower()
        kind = "modified" if "modif" in prop or "updat" in prop else "published"
        raw.dates.append(DateCandidate(kind, "time", t.attrib["datetime"]))
    seen: set[str] = set()
    for el in sel.xpath("//body//*[@class or @id]"):
        cls = f"{el.attrib.get('class', '')} {el.attrib.get('id', '')}"
        if not _BYLINE_CLASS.search(cls) or el.root.tag in ("script", "style", "a", "html", "body"):
            continue
        value = collapse(" ".join(el.xpath(".//text()[not(ancestor::script)]").getall()))
        if 6 <= len(value) <= 200 and value not in seen and re.search(r"\d{4}|\d{1,2}:\d{2}", value):
            seen.add(value)
            raw.dates.append(DateCandidate("visible", "visible", value))
        if len(seen) >= 8:
            break


def _authors(meta: dict[str, str], article: dict[str, Any] | None) -> list[str]:
    names = jsonld.names(article.get("author")) if article else []
    if not names:
        for key in ("author", "article:author", "dc.creator", "byl", "parsely-author"):
            value = meta.get(key)
            if value and not value.startswith("http"):
                names = jsonld.split_names(value)
                break
    out: list[str] = []
    for name in names:
        name = collapse(name)
        if name and name not in out and not name.startswith("http"):
            out.append(name)
    return out


def _tags(sel: Selector, meta: dict[str, str], article: dict[str, Any] | None) -> list[str]:
    tags: list[str] = []
    if meta.get("article:tag"):
        tags = meta["article:tag"].split("\x1f")
        if len(tags) == 1 and "," in tags[0]:
            tags = tags[0].split(",")  # one article:tag holding the whole list
    elif article and article.get("keywords"):
        tags = jsonld.keywords(article.get("keywords"))
    elif meta.get("news_keywords"):
        tags = meta["news_keywords"].split(",")
    if not tags:
        tags = _visible_tags(sel)
    out: list[str] = []
    for tag in tags:
        tag = collapse(tag).lstrip("#").strip()
        if tag and tag.casefold() not in {t.casefold() for t in out}:
            out.append(tag)
    return out


def _visible_tags(sel: Selector) -> list[str]:
    """Tag links shown with the story (rel=tag, or a tags/topics container)."""
    links = sel.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " tag ")]')
    if not links:
        for el in sel.xpath("//body//*[@class]"):
            if _TAG_CONTAINER_CLASS.search(el.attrib.get("class", "")) and not _outside_article(el):
                links = el.xpath(".//a")
                if links:
                    break
    return [t for t in (collapse(" ".join(a.xpath(".//text()").getall())) for a in links[:30]) if 0 < len(t) <= 60]


def _breadcrumbs(sel: Selector, objs: list[dict[str, Any]]) -> list[str]:
    crumbs: list[str] = []
    for obj in objs:
        if "breadcrumblist" in jsonld.types_of(obj):
            items = obj.get("itemListElement")
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    name = jsonld.text(item.get("name")) or (
                        jsonld.text(item["item"].get("name")) if isinstance(item.get("item"), dict) else None)
                    if name:
                        crumbs.append(collapse(name))
    for el in sel.xpath('//*[contains(translate(@class, "BREADCRUMB", "breadcrumb"), "breadcrumb")]')[:2]:
        for t in el.xpath(".//a//text() | .//li//text() | .//span//text()").getall():
            t = collapse(t)
            if t and t not in crumbs and len(t) < 60:
                crumbs.append(t)
    return crumbs


def _drop_noise(tree: html.HtmlElement) -> None:
    """Remove what is never story text, before the text extractor sees the page.

    Hidden elements (text-to-speech copies of the body), embedded social posts
    (their text is someone else's), and data tables (spec sheets, live scores)
    — but not layout tables, which hold the story on old table-based sites.
    """
    for el in tree.xpath("//body//*[@style or @hidden]"):
        style = el.attrib.get("style", "")
        if "hidden" in el.attrib or _HIDDEN_STYLE.search(style):
            _remove(el)
    for el in tree.xpath("//body//*[@class]"):
        if _EMBED_CLASS.search(el.attrib.get("class", "")) and el.getparent() is not None:
            _remove(el)
    for table in tree.xpath("//body//table[not(.//table)]"):
        cells = [collapse(c.text_content()) for c in table.xpath(".//td | .//th")]
        text = sum(len(c) for c in cells)
        if cells and (table.xpath(".//th | .//caption") or text / len(cells) < 40) and text < 3000:
            _remove(table)


def _remove(el: html.HtmlElement) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _css(tree: html.HtmlElement, css: str) -> list[html.HtmlElement]:
    try:
        return [s.root for s in Selector(root=tree, type="html").css(css)]
    except Exception:  # a bad selector in a profile must not cost the page
        logger.warning("invalid CSS selector %r", css)
        return []


def _outside_article(node: Selector) -> bool:
    """True for elements in page chrome (header/nav/footer/aside) rather than the story."""
    return bool(node.xpath(_CHROME_ANCESTOR))


def _main_h1(sel: Selector) -> Selector | None:
    h1s = [h for h in sel.xpath("//h1") if collapse(" ".join(h.xpath(".//text()").getall()))]
    if not h1s:
        return None
    inside = [h for h in h1s if not _outside_article(h)]
    return (inside or h1s)[0]


def _standfirst(sel: Selector, h1: Selector | None, descriptions: list[str]) -> str | None:
    """A visible summary under the headline (class cue), before the body starts.

    Of several candidates, the one that agrees with the page's description
    wins; highlight bullet boxes are not summaries.
    """
    found: list[str] = []
    story = _first_story_paragraph(sel)
    order = {el: i for i, el in enumerate(sel.root.iter())} if story is not None else {}
    for el in sel.xpath("//body//*[@class]"):
        cls = el.attrib.get("class", "")
        if not _STANDFIRST_CLASS.search(cls) or el.root.tag in ("script", "style", "meta", "a", "body", "ul", "ol"):
            continue
        if _outside_article(el) or el.xpath(".//li"):
            continue
        if story is not None and order.get(el.root, 0) > order.get(story, 0):
            continue  # a summary box after the story starts is an appendix, not a standfirst
        text = visible_text(el.root)
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
            text = collapse(" ".join(nxt[0].xpath(".//text()").getall()))
            if 30 <= len(text) <= 400:
                return text
    return None


def _first_story_paragraph(sel: Selector) -> Any:
    """The first long paragraph element of the page's main content (where the story starts)."""
    for p in sel.xpath("//body//p"):
        if len(visible_text(p.root)) >= 150 and not _outside_article(p):
            return p.root
    return None


def _loose_key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _lead_image(raw: RawArticle, sel: Selector, h1: Selector | None, url: str, meta: dict[str, str],
                article: dict[str, Any] | None, selectors: Mapping[str, Any]) -> None:
    ld_url, ld_caption = jsonld.image(article.get("image")) if article else (None, None)
    raw.image_ld_caption = ld_caption
    og_image = meta.get("og:image") or meta.get("twitter:image")
    figure = _lead_figure(sel, h1, selectors, (og_image, ld_url))
    if figure is not None:
        img = figure.xpath(".//img[1]")
        if img:
            src = img[0].attrib.get("src") or ""
            if not src or src.startswith("data:"):
                src = img[0].attrib.get("data-src") or img[0].attrib.get("data-lazy-src") or src
            raw.image_url = _abs(url, src)
            raw.image_alt = collapse(img[0].attrib.get("alt")) or None
            raw.image_title = collapse(img[0].attrib.get("title")) or None
        caption_el = figure.xpath(".//figcaption")
        if not caption_el:
            caption_el = [e for e in figure.xpath(".//*[@class]") if _CAPTION_CLASS.search(e.attrib["class"])]
        if not caption_el:
            caption_el = [e for e in figure.xpath("following-sibling::*[1][@class]")
                          if _CAPTION_CLASS.search(e.attrib["class"])]
        if caption_el:
            raw.image_caption = visible_text(caption_el[0].root) or None
        # A credit element inside the figure, or right beside it (ET puts "BCCL" just above the figure).
        near = figure.xpath(".//*[@class] | preceding-sibling::*[1][@class] | following-sibling::*[1][@class]")
        credit_el = [e for e in near if _CREDIT_CLASS.search(e.attrib["class"]) and e.root.tag not in ("img", "figure")
                     and len(visible_text(e.root)) <= 60]
        if credit_el:
            credit = visible_text(credit_el[0].root)
            if credit and raw.image_caption and credit in raw.image_caption and credit != raw.image_caption:
                raw.image_caption = collapse(raw.image_caption.replace(credit, " "))
            raw.image_credit = credit or None
    if not raw.image_url:
        for candidate in (ld_url, og_image):
            absolute = _abs(url, candidate)
            path = urlsplit(absolute).path if absolute else ""
            if absolute and path.strip("/") and not _PLACEHOLDER_IMAGE.search(path):
                raw.image_url = absolute
                break


def _lead_figure(sel: Selector, h1: Selector | None, selectors: Mapping[str, Any],
                 hints: tuple[str | None, ...] = ()) -> Selector | None:
    """The figure of the lead image: profile selector, else the best story figure near the headline.

    Hero images often sit above the h1, and related-story thumbnails below
    it, so position alone is not enough: the image the page names as its
    og:image / JSON-LD image wins, teaser thumbnails (inside links or
    related/trending boxes) never do.
    """
    if selectors.get("image"):
        try:
            found = sel.css(selectors["image"])
        except Exception:
            found = []
        if found:
            return found[0]
    stems = {_image_stem(h) for h in hints if h} - {""}
    before = h1.xpath("preceding::figure")[-2:] if h1 is not None else []
    after = h1.xpath("following::figure")[:4] if h1 is not None else sel.xpath("//body//figure")[:4]
    best: tuple[int, Selector] | None = None
    for position, fig in enumerate([*after, *before]):
        imgs = fig.xpath(".//img")
        if not imgs or _outside_article(fig) or _is_decoration(imgs[0]) or _is_teaser(fig):
            continue
        src = imgs[0].attrib.get("src", "") + " " + imgs[0].attrib.get("data-src", "")
        score = (10 if stems and any(stem in src for stem in stems) else 0) - position - (3 if fig in before else 0)
        if best is None or score > best[0]:
            best = (score, fig)
    if best is not None:
        return best[1]
    # No <figure>: an image wrapper with a caption-ish child right after the headline.
    scope = h1.xpath("following::img") if h1 is not None else sel.xpath("//body//img")
    for img in scope[:4]:
        if _outside_article(img) or _is_decoration(img) or _is_teaser(img):
            continue
        parent = img.xpath("..")[0]
        for _ in range(5):  # TOI nests the image three divs deep, the caption a sibling of the outer one
            if any(_CAPTION_CLASS.search(e.attrib.get("class", "")) for e in parent.xpath(".//*[@class]")):
                return parent
            up = parent.xpath("..")
            if not up:
                break
            parent = up[0]
        width = img.attrib.get("width", "")
        if not (width.isascii() and width.isdecimal()) or int(width) >= 300:
            return img.xpath("..")[0]
    return None


def _image_stem(url: str) -> str:
    """File name without extension or size suffixes: the same picture across resized copies."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    name = re.sub(r"\.(?:jpe?g|png|webp|gif|avif)$", "", name, flags=re.I)
    return name if len(name) >= 6 else ""


def _is_teaser(node: Selector) -> bool:
    """Thumbnails of other stories: inside a link, or in a related/trending/list box."""
    if node.xpath("ancestor::a"):
        return True
    for ancestor in node.xpath("ancestor::*[position() <= 4][not(self::article or self::main or self::body)]"):
        for token in ancestor.attrib.get("class", "").split():
            if not token.startswith("has-") and _TEASER_CLASS.search(token):  # not WordPress "has-post-thumbnail"
                return True
    return False


def _is_decoration(img: Selector) -> bool:
    """Author avatars, logos, icons and tiny images are never the lead photo."""
    attrs = " ".join(img.attrib.get(a, "") for a in ("class", "id", "src", "data-src", "alt"))
    context = " ".join(img.xpath("ancestor::*[position() <= 3]/@class").getall())
    if _DECORATION.search(attrs) or _DECORATION.search(context):
        return True
    for dim in ("width", "height"):
        value = img.attrib.get(dim, "").removesuffix("px")
        if value.isascii() and value.isdecimal() and int(value) < 150:
            return True
    return False


def _page_type(url: str, sel: Selector, meta: dict[str, str], objs: list[dict[str, Any]],
               article: dict[str, Any] | None, blocks: list[Block]) -> tuple[str, str]:
    """What kind of page this is: only "article" pages become records.

    Article markup (JSON-LD article types, og:type article) with real text
    wins over the video players and galleries that article pages embed; a
    LiveBlogPosting is never an article. Without markup, URL words and the
    page's shape decide: a dozen headline links and no run of long
    paragraphs is a listing, even when each teaser card has a summary.
    """
    words = sum(len(b.text.split()) for b in blocks if b.kind == "p")
    types = jsonld.page_types(objs)
    og_type = (meta.get("og:type") or "").lower()
    path_words = {w.lower() for w in urlsplit(url).path.split("/") if w}
    if "liveblogposting" in types:
        return "liveblog", "JSON-LD LiveBlogPosting"
    video = bool(types & jsonld.VIDEO_TYPES) or og_type.startswith("video") or bool(path_words & _VIDEO_WORDS)
    gallery = bool(types & jsonld.GALLERY_TYPES) or bool(path_words & _GALLERY_WORDS)
    if article is not None or og_type == "article":
        if video and words < 80:
            return "video", f"video page with {words} words of text"
        if gallery and words < 80:
            return "gallery", f"gallery page with {words} words of text"
        if words < 15:
            return "other", "article markup but no article text"
        return "article", ""
    if video:
        return "video", "video markup and no article"
    if gallery:
        return "gallery", "gallery markup and no article"
    if types & jsonld.LISTING_TYPES:
        return "listing", "JSON-LD collection page"
    if path_words & _LISTING_WORDS:
        return "listing", "tag, topic, author or category URL"
    long_run = _longest_paragraph_run(sel)
    if long_run < 3 and _teaser_links(sel, url) >= 12:
        return "listing", "many headline links and no run of long paragraphs"
    long_paras = sum(1 for b in blocks if b.kind == "p" and len(b.text.split()) >= 25)
    if words >= 80 and long_paras >= 2 and long_run >= 2:
        return "article", "article shape (no article markup)"
    return "other", f"no article markup and {words} words of text"


def _longest_paragraph_run(sel: Selector) -> int:
    """Most long <p> under one parent outside page chrome: 3+ is a story, not teaser cards."""
    groups: dict[Any, int] = {}  # keyed by the parent element itself (it stays alive as a key)
    for p in sel.xpath("//body//p"):
        if len(visible_text(p.root)) >= 100 and not _outside_article(p):
            parent = p.root.getparent()
            groups[parent] = groups.get(parent, 0) + 1
    return max(groups.values(), default=0)


def _teaser_links(sel: Selector, url: str) -> int:
    """Distinct same-site links with headline-length text, outside header/nav/footer/aside."""
    site = site_of(url)
    seen: set[str] = set()
    for a in sel.xpath("//body//a[@href]"):
        text = visible_text(a.root)
        if not 20 <= len(text) <= 200 or _outside_article(a):
            continue
        href = _abs(url, a.attrib.get("href"))
        if href and site_of(href) == site:
            seen.add(href.split("#")[0].rstrip("/"))
    return len(seen)


def url_hint(text: str) -> str | None:
    """The page's own idea of its URL (canonical link, else og:url), for pages saved without metadata."""
    tree = _parse(text) if text.strip() else None
    if tree is None:
        return None
    sel = Selector(root=tree, type="html")
    for href in (sel.xpath('//link[@rel="canonical"]/@href').get(),
                 sel.xpath('//meta[@property="og:url"]/@content').get()):
        absolute = _abs("", href)
        if absolute:
            return absolute
    return None
