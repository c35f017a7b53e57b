"""JSON-LD: the most trusted metadata on news pages, and often the most broken.

Publishers ship JSON-LD with raw newlines inside strings, trailing commas, HTML
entities and several blocks per page; this module reads what it can and
never raises.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenews",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "techarticle",
        "liveblogposting",
        "scholarlyarticle",
        "report",
    }
)
VIDEO_TYPES = frozenset({"videoobject", "videogallery"})
GALLERY_TYPES = frozenset({"imagegallery", "mediagallery"})
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage"})

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _loads(text: str) -> Any:
    """Parse JSON leniently: raw control characters and trailing commas are common."""
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    for candidate in (text, _CONTROL.sub(" ", text.replace("\n", " ").replace("\r", " "))):
        for attempt in (candidate, _TRAILING_COMMA.sub(r"\1", candidate)):
            try:
                return json.loads(attempt, strict=False)
            except (ValueError, RecursionError):  # RecursionError: hostile nesting depth
                pass
    return None


def parse_blocks(scripts: list[str]) -> list[dict[str, Any]]:
    """All JSON-LD objects on the page, flattened out of lists and @graph."""
    out: list[dict[str, Any]] = []
    for script in scripts:
        data = _loads(script)
        out.extend(_flatten(data, depth=0))
    return out


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _flatten(graph, depth + 1)
        if "@type" in data:
            yield data


def types_of(obj: dict[str, Any]) -> set[str]:
    """Lower-cased schema.org type names ("http://schema.org/NewsArticle" → "newsarticle")."""
    t = obj.get("@type")
    values = t if isinstance(t, list) else [t]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str) and v}


def page_types(objs: list[dict[str, Any]]) -> set[str]:
    """Every type on the page, with the main entity of a WebPage/CollectionPage (e.g. an ItemList)."""
    types: set[str] = set()
    for obj in objs:
        own = types_of(obj)
        types |= own
        main = obj.get("mainEntity")
        if isinstance(main, dict) and own & {"webpage", "collectionpage", "itempage"}:
            types |= types_of(main)
    return types


def find_article(objs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The article object: the NewsArticle-like block with a headline, the richest one if several."""
    best: dict[str, Any] | None = None
    best_score = -1
    for obj in objs:
        if not types_of(obj) & ARTICLE_TYPES:
            continue
        score = sum(1 for key in ("headline", "datePublished", "articleBody", "author", "image") if obj.get(key))
        if score > best_score:
            best, best_score = obj, score
    return best


def text(value: Any) -> str | None:
    """A string value, entity-decoded; the first string of a list; None for anything else."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = html.unescape(value).strip()
    return value or None


_NAME_SEP = re.compile(r"\s*(?:,|\band\b|\bऔर\b|&)\s*")


def split_names(text: str) -> list[str]:
    """One name each from a byline like "रवि कुमार और सीमा शर्मा" or "A, B & C"."""
    return [n.strip() for n in _NAME_SEP.split(text) if n.strip()]


def names(value: Any) -> list[str]:
    """Person/organisation names from an author-like value (str, dict, or list of them)."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = text(item.get("name")) if isinstance(item, dict) else text(item)
        if name:
            out.extend(split_names(name))
    return out


def image(value: Any) -> tuple[str | None, str | None]:
    """(url, caption) of the first image in an image-like value."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return text(value), None
    if isinstance(value, dict):
        return text(value.get("url") or value.get("contentUrl")), text(value.get("caption") or value.get("description"))
    return None, None


def keywords(value: Any) -> list[str]:
    """Keywords given as a list or as a comma-separated string."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [k for k in (text(v) for v in value) if k]
