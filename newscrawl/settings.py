"""Scrapy settings for newscrawl: polite defaults a site owner would accept.

Every NEWSCRAWL_* setting is documented, with its default, in README.md.
"""

from __future__ import annotations

from pathlib import Path

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

ADDONS: dict[str, int] = {}

# Identity: an honest User-Agent with a contact URL (override NEWSCRAWL_CONTACT_URL).
NEWSCRAWL_CONTACT_URL = "https://github.com/newscrawl/newscrawl"
USER_AGENT = f"newscrawl/0.1 (+{NEWSCRAWL_CONTACT_URL})"

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {
    "newscrawl.pipelines.ParsePipeline": 100,
    "newscrawl.pipelines.ValidatePipeline": 200,
    "newscrawl.pipelines.DedupPipeline": 300,
}
EXTENSIONS = {
    "newscrawl.extensions.FieldStats": 500,
}
LOG_FORMATTER = "newscrawl.logformatter.NewsLogFormatter"
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_INDENT = None

# newscrawl's own settings (documented in README.md).
NEWSCRAWL_SEEDS_DIR = str(Path(__file__).resolve().parent.parent / "seeds")
NEWSCRAWL_TIMEZONE = "Asia/Kolkata"
NEWSCRAWL_MIN_WORDS = 20
NEWSCRAWL_DEDUP_ENABLED = True
