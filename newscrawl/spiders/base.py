"""What every newscrawl spider shares: turning a fetched page into a RawArticle item.

Spiders only decide what to request; this helper hands the page to the pure
extraction code and counts pages that are not articles.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.http import Response

from newscrawl.extract.raw import RawArticle
from newscrawl.process import failed, page_to_raw
from newscrawl.profiles import ProfileError, SiteProfile, load_profiles, profile_for_url

logger = logging.getLogger(__name__)


class ArticleSpider(Spider):
    """Base for spiders that emit articles."""

    site = "all"  # used in the default FEEDS path (data/<spider>/<site>/<time>.jsonl)

    _profiles: dict[str, SiteProfile] | None = None
    profile_errors: Sequence[ProfileError] = ()

    @property
    def profiles(self) -> dict[str, SiteProfile]:
        if self._profiles is None:
            seeds = self.settings.get("NEWSCRAWL_SEEDS_DIR")
            errors: list[ProfileError] = []
            if seeds and not Path(seeds).is_dir():
                errors.append(ProfileError(seeds, None, "NEWSCRAWL_SEEDS_DIR is not a folder: no profile loaded"))
            self._profiles = load_profiles(Path(seeds), errors) if seeds and Path(seeds).is_dir() else {}
            for error in errors:
                logger.error("Skipping broken site profile: %s", error)
            self.profile_errors = errors  # counted in stats once the crawl has started
        return self._profiles

    def article_from(self, response: Response, *, url: str | None = None,
                     headers: Mapping[str, Any] | None = None, fetched_at: str | None = None) -> RawArticle | None:
        """The page's raw article, or None (counted in stats) when the page is not an article."""
        url = url or response.url
        if headers is None:
            headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        fetched_at = fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
        assert self.crawler.stats is not None
        try:
            raw = page_to_raw(url, response.body, headers, fetched_at=fetched_at,
                              profile=profile_for_url(self.profiles, url))
        except Exception as exc:  # a bug or a library break is a counted failure, never "not an article"
            self.crawler.stats.inc_value(f"newscrawl/{failed('extract', url, exc).reason}")
            return None
        if raw.page_type != "article":
            self.crawler.stats.inc_value(f"newscrawl/pages/non_article/{raw.page_type}")
            level = logging.WARNING if raw.page_type == "too_large" else logging.DEBUG
            logger.log(level, "Not an article (%s: %s): %s", raw.page_type, raw.page_type_reason, url)
            return None
        self.crawler.stats.inc_value("newscrawl/pages/article")
        return raw
