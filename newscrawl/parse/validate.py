"""Validation: which records are not articles worth exporting, and why.

Each reason is a short stable code: it becomes a Scrapy stats key
(newscrawl/dropped/<code>) so a scheduled crawl can be monitored.
"""

from __future__ import annotations

import re

from newscrawl.items import Article

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


# Runs of characters that UTF-8 bytes become when read as windows-1252 ("à¤¨" for "न", "â€™" for "’").
_LATIN_RUN = re.compile("[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                        "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")


def has_bad_encoding(text: str | None) -> bool:
    """Replacement characters, or mojibake: text that was UTF-8 once and was read as windows-1252."""
    if not text:
        return False
    if "\ufffd" in text:
        return True
    return any(_was_utf8(run) for run in _LATIN_RUN.findall(text))


def _was_utf8(run: str) -> bool:
    try:
        repaired = run.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return any(ord(ch) > 0x7F for ch in repaired)
