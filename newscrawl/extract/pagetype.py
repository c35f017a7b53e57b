"""What kind of page this is, decided by weighing evidence rather than by a first-match cascade.

News sites tag nearly every page with the same CMS markup: video pages carry
NewsArticle JSON-LD, articles embed VideoObjects and galleries, short news
items have one paragraph, saved copies lose half their meta tags. No single
signal decides, so each kind collects weighted evidence:

* **article**: JSON-LD article types, og:type, a published-time meta tag, the
  URL shape (a long numeric id, a date, a long slug, an article extension),
  one headline, and the main text measured per script (words, long blocks).
* **video / gallery / listing**: what the site *declares* (a URL section word,
  og:type video, a JSON-LD type without an article beside it) and what the
  page *shows* (a video player, captions outweighing prose, a wall of teaser
  links with no run of paragraphs).

A declared kind stands unless a real multi-paragraph story contradicts it; a
kind seen only in the page's shape yields to an article that has both
article evidence and some text. The decision keeps its evidence, so a
non-article is always counted with a reason a person can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newscrawl.extract import jsonld

# Whole path segments that name the page kind (a slug merely containing "video" does not count).
VIDEO_WORDS = frozenset({"video", "videos", "video-gallery", "videogallery", "video-shots", "short-videos",
                         "videoshow", "live-tv", "livetv", "watch", "shorts"})
GALLERY_WORDS = frozenset({"photo", "photos", "gallery", "galleries", "photogallery", "photo-gallery", "photoshow",
                           "photomazza", "slideshow", "web-stories", "webstories", "web-story", "webstory",
                           "visualstories", "visual-story", "photo-stories", "picture-gallery", "pictures"})
LISTING_WORDS = frozenset({"tag", "tags", "topic", "topics", "author", "authors", "category", "categories",
                           "articlelist", "search", "page"})

STORY_WORDS = 150  # a multi-paragraph story: this many words ...
STORY_BLOCKS = 3  # ... in at least this many long blocks
LONG_BLOCK_WORDS = 25
MIN_TEXT_WORDS = 15  # below this there is no article text at all
SHORT_TEXT_WORDS = 40
TEASER_WALL = 12  # headline links that make a page look like a listing
DECIDED = 5.0  # a non-article claim this strong stands whatever the text
CLAIM = 2.5  # a non-article claim this strong needs contradicting
ARTICLE = 3.0  # article evidence needed to emit a page without a kind claim


@dataclass(frozen=True)
class Signals:
    """What the page offers as evidence; computed by extraction, weighed by `decide`."""

    url: str
    ld_types: frozenset[str] = frozenset()  # JSON-LD @type values, lower-cased
    ld_article: bool = False  # a JSON-LD article object was found
    og_type: str = ""
    meta_published: bool = False  # a published-time meta tag (in content= or value=)
    h1_count: int = 0
    text_words: int = 0  # words of the main text, script-aware
    long_blocks: int = 0  # main-text blocks of LONG_BLOCK_WORDS or more
    paragraph_run: int = 0  # most long paragraphs (or <br>-separated runs) under one parent
    teaser_links: int = 0  # same-site headline links outside page chrome
    captioned_images: int = 0
    caption_words: int = 0
    video_player: bool = False  # a <video> or a known player in the page body


@dataclass(frozen=True)
class Evidence:
    """One weighed observation, kept for the reason string."""

    kind: str
    weight: float
    why: str


@dataclass(frozen=True)
class Decision:
    """The page type with its score and the evidence behind it."""

    page_type: str
    score: float
    reason: str
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)


def decide(s: Signals) -> Decision:
    """Weigh the evidence: only pages decided as "article" become records."""
    if "liveblogposting" in s.ld_types:
        return Decision("liveblog", 10.0, "JSON-LD LiveBlogPosting")
    evidence = [*_article_evidence(s), *_video_evidence(s), *_gallery_evidence(s), *_listing_evidence(s)]
    article = sum(e.weight for e in evidence if e.kind == "article")
    level = text_level(s)
    kind, claim, declared = _strongest_claim(evidence)
    if kind and _claim_stands(claim, declared, article, level):
        return _decision(kind, claim, evidence, f"{kind} ({claim:g}) over article ({article:g}), text: {level}")
    if level == "none":
        return _decision("other", article, evidence, f"no article text ({s.text_words} words)")
    if article >= ARTICLE:
        return _decision("article", article, evidence, "")
    return _decision("other", article, evidence, f"too little article evidence ({article:g}), text: {level}")


def text_level(s: Signals) -> str:
    """none | short | story: how much real article text the page holds."""
    if s.text_words < MIN_TEXT_WORDS:
        return "none"
    if s.text_words >= STORY_WORDS and s.long_blocks >= STORY_BLOCKS and s.paragraph_run >= 2:
        return "story"  # long blocks side by side: teaser cards each hold one paragraph under their own parent
    return "short"


def _claim_stands(claim: float, declared: float, article: float, level: str) -> bool:
    """Whether a non-article claim beats the article evidence and the text."""
    if claim <= 0:
        return False
    if claim >= DECIDED or level == "none":
        return True
    if declared >= CLAIM:  # the site says what the page is: only a real story contradicts it
        return not (level == "story" and article >= ARTICLE)
    if claim >= CLAIM:  # the page merely looks like one: article evidence and some text contradict it
        return not (level == "story" or article >= ARTICLE)
    return False


def _strongest_claim(evidence: list[Evidence]) -> tuple[str | None, float, float]:
    """The non-article kind with the most evidence: (kind, total, declared part)."""
    best: tuple[str | None, float, float] = (None, 0.0, 0.0)
    for kind in ("video", "gallery", "listing"):
        total = sum(e.weight for e in evidence if e.kind == kind)
        declared = sum(e.weight for e in evidence if e.kind == kind and e.why.startswith("declared"))
        if total > best[1]:
            best = (kind, total, declared)
    return best


def _decision(kind: str, score: float, evidence: list[Evidence], summary: str) -> Decision:
    mine = [e for e in evidence if e.kind == kind]
    detail = "; ".join(f"{e.why} ({e.weight:g})" for e in mine)
    reason = summary if not detail or kind == "article" else f"{summary}: {detail}"
    return Decision(kind, score, reason, tuple(evidence))


def _article_evidence(s: Signals) -> list[Evidence]:
    out: list[Evidence] = []
    if s.ld_article:
        out.append(Evidence("article", 3, "JSON-LD article"))
    if s.og_type == "article":
        out.append(Evidence("article", 2, "og:type article"))
    if s.meta_published:
        out.append(Evidence("article", 1.5, "published-time meta"))
    out.extend(_url_article_evidence(s.url))
    if s.h1_count == 1:
        out.append(Evidence("article", 0.5, "one h1"))
    if s.text_words >= STORY_WORDS:
        out.append(Evidence("article", 2, f"{s.text_words} words of text"))
    elif s.text_words >= SHORT_TEXT_WORDS:
        out.append(Evidence("article", 1, f"{s.text_words} words of text"))
    if s.paragraph_run >= 2:
        out.append(Evidence("article", 1, f"a run of {s.paragraph_run} paragraphs"))
    return out


_NUMERIC_ID = re.compile(r"(?:^|[^0-9])[0-9]{5,}(?:[^0-9]|$)")
_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-[0-3]\d")
_ARTICLE_EXT = re.compile(r"\.(?:s?html?|cms|ece|php|aspx?)$", re.I)


def _url_article_evidence(url: str) -> list[Evidence]:
    """Article URLs carry an id, a date or a long slug; section pages do not."""
    parts = urlsplit(url)
    segments = [seg for seg in parts.path.split("/") if seg]
    last = segments[-1] if segments else ""
    out: list[Evidence] = []
    if _NUMERIC_ID.search(last) or _NUMERIC_ID.search(parts.query) or _DATE_PATH.search(parts.path):
        out.append(Evidence("article", 1.5, "id or date in the URL"))
    if len(re.findall(r"[^\W\d_]+", _ARTICLE_EXT.sub("", last))) >= 4 and ("-" in last or "_" in last):
        out.append(Evidence("article", 1, "long slug in the URL"))
    if _ARTICLE_EXT.search(last) and len(last) > 12:
        out.append(Evidence("article", 0.5, "article extension in the URL"))
    return out


def _path_words(url: str) -> set[str]:
    return {seg.lower() for seg in urlsplit(url).path.split("/") if seg}


def _video_evidence(s: Signals) -> list[Evidence]:
    out: list[Evidence] = []
    found = _path_words(s.url) & VIDEO_WORDS
    if found:
        out.append(Evidence("video", 3, f"declared by the URL section '{min(found)}'"))
    if s.og_type.startswith("video"):
        out.append(Evidence("video", 3, "declared by og:type video"))
    if s.ld_types & jsonld.VIDEO_TYPES:
        if s.ld_article:
            out.append(Evidence("video", 2, "VideoObject beside the article markup"))
        else:
            out.append(Evidence("video", 3, "declared by a JSON-LD VideoObject"))
    if s.video_player:
        out.append(Evidence("video", 1, "video player"))
    return out


def _gallery_evidence(s: Signals) -> list[Evidence]:
    out: list[Evidence] = []
    found = _path_words(s.url) & GALLERY_WORDS
    if found:
        out.append(Evidence("gallery", 3, f"declared by the URL section '{min(found)}'"))
    if s.ld_types & jsonld.GALLERY_TYPES:
        if s.ld_article:
            out.append(Evidence("gallery", 1, "gallery markup beside the article markup"))
        else:
            out.append(Evidence("gallery", 3, "declared by JSON-LD gallery markup"))
    if s.captioned_images >= 4 and s.caption_words * 2 >= s.text_words:
        prose = max(s.text_words - s.caption_words, 0)
        if prose < SHORT_TEXT_WORDS:  # captions are all the page says: a slideshow
            out.append(Evidence("gallery", 5, f"{s.captioned_images} captioned images and {prose} words of prose"))
        else:  # a photo-rich story may still be an article
            out.append(Evidence("gallery", 2, f"{s.captioned_images} captioned images make half the text"))
    return out


def _listing_evidence(s: Signals) -> list[Evidence]:
    out: list[Evidence] = []
    if s.ld_types & jsonld.LISTING_TYPES and not s.ld_article:
        out.append(Evidence("listing", 3, "declared by JSON-LD collection markup"))
    found = _path_words(s.url) & LISTING_WORDS
    if found:
        out.append(Evidence("listing", 3, f"declared by the URL section '{min(found)}'"))
    if _FRONT_PAGE.fullmatch(urlsplit(s.url).path):
        out.append(Evidence("listing", 3, "declared by a front-page URL"))
    if s.teaser_links >= TEASER_WALL and s.paragraph_run < 3:
        out.append(Evidence("listing", 3, f"{s.teaser_links} headline links and no run of paragraphs"))
    if _is_section_url(s.url) and s.teaser_links >= TEASER_WALL:
        out.append(Evidence("listing", 1, "section-shaped URL"))
    return out


# A site's front page: "/", "/index.html", "/home.php", a language root such as "/hindi/".
_FRONT_PAGE = re.compile(r"/?(?:[a-z]{2,10}/)?(?:(?:index|home|default)\.(?:s?html?|php|aspx?))?", re.I)


def _is_section_url(url: str) -> bool:
    """A short path with no id, date, extension or long slug: a section front, not a story."""
    segments = [seg for seg in urlsplit(url).path.split("/") if seg]
    return len(segments) <= 2 and not _url_article_evidence(url)
