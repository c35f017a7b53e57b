"""The Article record: the export contract.

Field order is the JSONL key order (Scrapy ≥ 2.18 exports dataclass fields in
declaration order). Later issues may add fields; none may be renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Dateline:
    """The place/date/agency prefix that opens an article body."""

    raw: str
    place: str | None = None
    date: str | None = None  # YYYY-MM-DD, year resolved from the publication date
    agency: str | None = None


@dataclass
class Photo:
    """The lead image of an article."""

    url: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass
class Article:
    """One news article, as exported (one JSON object per line)."""

    url: str
    canonical_url: str | None = None
    site: str | None = None
    language: str | None = None
    headline: str | None = None
    headline_en: str | None = None
    summary: str | None = None
    dateline: Dateline | None = None
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    photo: Photo | None = None
    body: str = ""
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    word_count: int = 0
    fetched_at: str | None = None
