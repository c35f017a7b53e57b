"""Metadata of a page: meta tags, JSON-LD fields, dates, authors, tags, breadcrumbs, language.

Strings in, strings out: nothing here interprets a value (dates stay text until
parse.dates reads them). Saved copies of pages sometimes carry `value=` instead
of `content=` on their meta tags; both are read.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree, html
from parsel import Selector

from newscrawl.extract import jsonld
from newscrawl.extract.attrs import AttrValues
from newscrawl.extract.raw import DateCandidate, RawArticle
from newscrawl.extract.text import collapse

# Meta tags that carry dates, in trust order.
META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "datepublished", "publish-date", "pubdate",
    "publishdate", "publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued", "dc.date",
    "date", "created-date", "citation_publication_date",
)


META_MODIFIED = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "lastmod", "modified-date", "dc.date.modified", "updated-date",
)


_BYLINE_CLASS = re.compile(r"date|time|publish|updat|byline|posted|dateline|author-?info|story-?info", re.I)


_TAG_CONTAINER_CLASS = re.compile(r"(?:^|[\s_-])(?:tags?|tag-?list|keywords?|topics?)(?:$|[\s_-])", re.I)


# Vendor meta tags that name a publication time ("cXenseParse:recs:publishtime", "article.published"):
# read after the standard ones.
_OTHER_PUBLISHED_META = re.compile(r"publish(?:ed)?[-_:.]?(?:time|date|at|on)?$|pubdate$|date[-_.]?published$", re.I)
CHROME_ANCESTOR = "ancestor::header[not(ancestor::article)] | ancestor::nav | ancestor::footer | ancestor::aside"
# Compiled once: these run over every element of every page (parsel would wrap each match in a Selector).
_TEXT_NOT_SCRIPT = etree.XPath(".//text()[not(ancestor::script)]")
_TEXTS = etree.XPath(".//text()")
_TAG_LINKS = etree.XPath('//a[contains(concat(" ", normalize-space(@rel), " "), " tag ")]')
# The content/datetime attributes of body elements with this itemprop, in document order. Reached from the
# attribute (libxml2 tests @itemprop without building a node set per element): a tenth of the time.
_MICRODATA_DATES = {
    prop: etree.XPath(f'//body/descendant::*/@itemprop[. = "{prop}"]/../@*[name() = "content" or name() = "datetime"]')
    for prop in ("datePublished", "dateModified")
}
_TIMES = etree.XPath("//time[@datetime]")



def read_meta(sel: Selector) -> dict[str, str]:
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


def abs_url(base: str, href: str | None) -> str | None:
    href = collapse(href)
    if not href:
        return None
    try:
        absolute = urljoin(base, href)
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def language(sel: Selector, meta: dict[str, str]) -> str | None:
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


def site_names(meta: dict[str, str], objs: list[dict[str, Any]], article: dict[str, Any] | None) -> list[str]:
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


def dates(raw: RawArticle, root: html.HtmlElement, meta: dict[str, str], article: dict[str, Any] | None,
          objs: list[dict[str, Any]], values: AttrValues) -> None:
    dated = article or next((o for o in objs if o.get("datePublished")), None)
    if dated:
        for kind, key in (("published", "datePublished"), ("modified", "dateModified")):
            value = jsonld.text(dated.get(key))
            if value:
                raw.dates.append(DateCandidate(kind, "jsonld", value))
    for kind, keys in (("published", META_PUBLISHED), ("modified", META_MODIFIED)):
        for key in keys:
            if meta.get(key):
                raw.dates.append(DateCandidate(kind, "meta", meta[key]))
    for kind, prop in (("published", "datePublished"), ("modified", "dateModified")):
        for value in _MICRODATA_DATES[prop](root)[:2]:
            raw.dates.append(DateCandidate(kind, "meta", str(value)))  # schema.org microdata
    for key, value in meta.items():
        if _OTHER_PUBLISHED_META.search(key) and key not in META_PUBLISHED:
            raw.dates.append(DateCandidate("published", "meta", value))
    for t in _TIMES(root)[:5]:
        if in_chrome(t):
            continue
        prop = (t.get("itemprop") or t.get("class") or "").lower()
        kind = "modified" if "modif" in prop or "updat" in prop else "published"
        raw.dates.append(DateCandidate(kind, "time", t.get("datetime")))
    raw.dates.extend(_byline_stamps(values))


def _byline_stamps(values: AttrValues) -> list[DateCandidate]:
    """Dated texts in date/byline/time-classed elements: what a page without date markup shows."""
    seen: list[str] = []
    # each attribute alone: no alternative of the pattern spans the space that joined them
    for el in values.elements(_BYLINE_CLASS, ("class", "id")):
        if el.tag in ("script", "style", "a", "html", "body"):
            continue
        value = collapse(" ".join(_TEXT_NOT_SCRIPT(el)))
        if 6 <= len(value) <= 200 and value not in seen and re.search(r"\d{4}|\d{1,2}:\d{2}", value):
            seen.append(value)
        if len(seen) >= 8:
            break
    return [DateCandidate("visible", "visible", value) for value in seen]


def authors(meta: dict[str, str], article: dict[str, Any] | None) -> list[str]:
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


def tags(root: html.HtmlElement, meta: dict[str, str], article: dict[str, Any] | None,
         values: AttrValues) -> list[str]:
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
        tags = _visible_tags(root, values)
    out: list[str] = []
    for tag in tags:
        tag = collapse(tag).lstrip("#").strip()
        if tag and tag.casefold() not in {t.casefold() for t in out}:
            out.append(tag)
    return out


def _visible_tags(root: html.HtmlElement, values: AttrValues) -> list[str]:
    """Tag links shown with the story (rel=tag, or a tags/topics container)."""
    links = _TAG_LINKS(root)
    if not links:
        for el in values.elements(_TAG_CONTAINER_CLASS):
            if not in_chrome(el):
                links = el.xpath(".//a")
                if links:
                    break
    return [t for t in (collapse(" ".join(_TEXTS(a))) for a in links[:30]) if 0 < len(t) <= 60]


def breadcrumbs(objs: list[dict[str, Any]], values: AttrValues) -> list[str]:
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
    for el in values.holding({"class": values.hits("class", _names_breadcrumb)}, in_body=False)[:2]:
        for t in _CRUMB_TEXTS(el):
            t = collapse(str(t))
            if t and t not in crumbs and len(t) < 60:
                crumbs.append(t)
    return crumbs


_CRUMB_TEXTS = etree.XPath(".//a//text() | .//li//text() | .//span//text()")
_CRUMB_LETTERS = str.maketrans("BREADCRUMB", "breadcrumb")  # what XPath's translate() folded before


def _names_breadcrumb(value: str) -> bool:
    return "breadcrumb" in value.translate(_CRUMB_LETTERS)


def in_chrome(el: html.HtmlElement) -> bool:
    """True for elements in page chrome (header/nav/footer/aside) rather than the story: ``CHROME_ANCESTOR``.

    Walked up in C by lxml's ``iterancestors``; the XPath union of four
    ancestor axes costs several times more, and this runs for every candidate.
    """
    for ancestor in el.iterancestors("header", "nav", "footer", "aside"):
        if ancestor.tag != "header" or not has_ancestor(ancestor, "article"):
            return True
    return False


def has_ancestor(el: html.HtmlElement, tag: str) -> bool:
    """``ancestor::tag``, walked up in C (an XPath call costs several times more per candidate)."""
    return next(el.iterancestors(tag), None) is not None


