"""Scrapy add-on: derive settings from newscrawl's own, once all settings sources are merged."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newscrawl import __version__
from newscrawl.distributed import configure


class NewscrawlAddon:
    """Settings derived once every source (project, command line, spider) is merged.

    - an honest User-Agent with the operator's contact URL (NEWSCRAWL_CONTACT_URL), at add-on
      priority so an explicit USER_AGENT still wins;
    - the default feed (NEWSCRAWL_DEFAULT_FEED) only when no feed was given: Scrapy merges FEEDS
      from the project with `-o/-O` instead of replacing them, so the default lives here and
      `-o/-O` (or a FEEDS setting) replaces it;
    - distributed mode (NEWSCRAWL_REDIS_URL or REDIS_URL): scrapy-redis's scheduler and duplicate
      filter on that Redis (newscrawl.distributed.configure).
    """

    def update_settings(self, settings: BaseSettings) -> None:
        contact = settings.get("NEWSCRAWL_CONTACT_URL")
        agent = f"newscrawl/{__version__} (+{contact})" if contact else f"newscrawl/{__version__}"
        settings.set("USER_AGENT", agent, priority="addon")
        default_feed = settings.get("NEWSCRAWL_DEFAULT_FEED")
        if default_feed and not settings.getdict("FEEDS"):
            settings.set("FEEDS", {default_feed: {"format": "jsonlines", "encoding": "utf-8"}}, priority="addon")
        configure(settings)
