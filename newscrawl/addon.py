"""Scrapy add-on: derive settings from newscrawl's own, once all settings sources are merged."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newscrawl import __version__


class NewscrawlAddon:
    """Builds an honest User-Agent with the operator's contact URL (NEWSCRAWL_CONTACT_URL).

    Set at add-on priority, so an explicit USER_AGENT in a project or on the
    command line still wins.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        contact = settings.get("NEWSCRAWL_CONTACT_URL")
        agent = f"newscrawl/{__version__} (+{contact})" if contact else f"newscrawl/{__version__}"
        settings.set("USER_AGENT", agent, priority="addon")
