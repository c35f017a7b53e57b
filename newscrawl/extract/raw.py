"""Raw fields of one page, as found in the HTML and before any interpretation.

A RawArticle is what extraction hands to the parsing steps. It holds only plain
strings and lists, so it pickles cheaply (a worker process can return it) and a
spider can yield it as a Scrapy item without dragging the HTML along.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """One block of the article text: a paragraph, a subheading or a list item."""

    text: str
    kind: str = "p"  # p | head | item | quote | row (a table row, cells joined by " | ")
    link_chars: int = 0  # characters of text inside links: link density cue

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class DateCandidate:
    """A date string found on the page, with where it came from (trust order)."""

    kind: str  # published | modified
    source: str  # jsonld | meta | time | visible
    value: str


@dataclass
class RawArticle:
    """Everything extraction found on one page, uninterpreted."""

    url: str
    page_type: str = "article"  # article | video | gallery | liveblog | listing | other
    page_type_reason: str = ""
    fetched_at: str | None = None
    encoding_note: str | None = None  # a wrong declared charset, or bytes that had to be replaced
    site: str | None = None
    timezone: str | None = None  # IANA name from the site profile; None means NEWSCRAWL_TIMEZONE
    language: str | None = None
    canonical_url: str | None = None
    og_url: str | None = None
    # headline candidates
    h1s: list[str] = field(default_factory=list)
    ld_headline: str | None = None
    og_title: str | None = None
    title_tag: str | None = None
    title_parts_shown: list[str] = field(default_factory=list)  # spans of <title> shown as a page element's text
    site_names: list[str] = field(default_factory=list)
    # summary candidates: the visible standfirst first, then metadata
    standfirst: str | None = None
    descriptions: list[str] = field(default_factory=list)
    dates: list[DateCandidate] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    # lead image
    image_url: str | None = None
    image_caption: str | None = None  # figcaption or caption element text
    image_credit: str | None = None  # a separate credit element next to the image
    image_alt: str | None = None
    image_title: str | None = None
    image_ld_caption: str | None = None
    captions: list[str] = field(default_factory=list)  # every image caption on the page: never body text
    # article text
    blocks: list[Block] = field(default_factory=list)
    ld_body: str | None = None
    lead_in: str | None = None  # a short text right before the first block that may be its dateline
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    breadcrumbs: list[str] = field(default_factory=list)
