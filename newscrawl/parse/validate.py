"""Validation: which records are not articles worth exporting, and why.

Each reason is a short stable code: it becomes a Scrapy stats key
(newscrawl/dropped/<code>) so a scheduled crawl can be monitored.
"""

from __future__ import annotations

import re

from newscrawl.items import Article
from newscrawl.parse.encoding import has_bad_encoding

DEFAULT_MIN_WORDS = 20
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def validate(article: Article, *, min_words: int = DEFAULT_MIN_WORDS) -> str | None:
    """The reason code to drop this article, or None when it is fit to export."""
    if not article.url:
        return "no_url"
    if not article.headline:
        return "no_headline"
    if not article.body.strip():
        return "empty_body"
    if article.word_count < min_words:
        return "body_too_short"
    for value in (article.published, article.modified):
        if value is not None and not _DATE.match(value):
            return "bad_date"
    if any(has_bad_encoding(text) for text in (article.headline, article.summary, article.body)):
        return "bad_encoding"
    return None
