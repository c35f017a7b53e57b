"""Scrapy settings for newscrawl: polite defaults a site owner would accept.

Every NEWSCRAWL_* setting is documented, with its default, in README.md.
"""

from __future__ import annotations

from pathlib import Path

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

ADDONS = {"newscrawl.addon.NewscrawlAddon": 0}

# Identity: an honest User-Agent with a contact URL. newscrawl.addon builds
# USER_AGENT from NEWSCRAWL_CONTACT_URL unless USER_AGENT is set explicitly.
NEWSCRAWL_CONTACT_URL = "https://github.com/newscrawl/newscrawl"

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Items and requests of one response processed at once: a page gives one article or a list of links, and
# Scrapy starts this many asyncio tasks for every async callback (100 by default: a thousand tasks a second).
CONCURRENT_ITEMS = 16
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the spider's errback logs each failed request once, with its reason
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60
COOKIES_ENABLED = False
TWISTED_DNS_RESOLVER = "newscrawl.middlewares.GuardedResolver"  # the network guard checks DNS answers
# Breadth-first: feeds, sitemaps and listings before the pages they lead to.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {
    "newscrawl.pipelines.ParsePipeline": 100,
    "newscrawl.pipelines.ValidatePipeline": 200,
    "newscrawl.pipelines.SincePipeline": 250,
    "newscrawl.pipelines.DedupPipeline": 300,
    "newscrawl.pipelines.IncrementalPipeline": 400,
    "newscrawl.pipelines.LimitPipeline": 900,
}
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.warc.ArchivedPageMiddleware": 10,  # pages replayed from a WARC are answered from the archive
    "newscrawl.middlewares.NetGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.BackoffRetryMiddleware": 550,
    "newscrawl.middlewares.RedirectWatchMiddleware": 650,  # sees 3xx before Scrapy's RedirectMiddleware (600)
}
EXTENSIONS = {
    "newscrawl.extensions.FieldStats": 500,
    "newscrawl.extensions.RunSummary": 510,
    "newscrawl.extensions.OneLineNetworkErrors": 520,
    "newscrawl.warc.WarcRecorder": 530,  # on only with NEWSCRAWL_WARC
    "newscrawl.distributed.FrontierIdle": 540,  # on only in distributed mode (NEWSCRAWL_REDIS_URL)
}
SPIDER_MIDDLEWARES = {
    "newscrawl.policy.CrawlPolicyMiddleware": 700,  # depth, section, since, incremental: whatever the scheduler
    "newscrawl.distributed.FrontierAckMiddleware": 710,  # on only in distributed mode
}
LOG_FORMATTER = "newscrawl.logformatter.NewsLogFormatter"
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_INDENT = None
# Without -o/-O (or FEEDS): one JSONL file per run, named by spider, site and time. Set by
# newscrawl.addon only when no feed is given, because Scrapy merges FEEDS with -o/-O.
NEWSCRAWL_DEFAULT_FEED = "data/%(name)s/%(site)s/%(time)s.jsonl"

# newscrawl's own settings (documented in README.md).
NEWSCRAWL_SEEDS_DIR = str(Path(__file__).resolve().parent.parent / "seeds")
NEWSCRAWL_TIMEZONE = "Asia/Kolkata"
NEWSCRAWL_MIN_WORDS = 20
NEWSCRAWL_DEDUP_ENABLED = True
NEWSCRAWL_STATE = "state/newscrawl.sqlite"
NEWSCRAWL_STATE_BATCH = 50  # state records committed together, after the output lines are flushed and fsynced
NEWSCRAWL_STATE_FLUSH_SECONDS = 2.0  # ... or after this long, whichever comes first
NEWSCRAWL_FOLLOW_DEPTH = 2
NEWSCRAWL_MAX_LISTING_PAGES = 5
NEWSCRAWL_MAX_CHILD_SITEMAPS = 50
NEWSCRAWL_NETGUARD_ENABLED = True
NEWSCRAWL_TRUSTED_HOSTS: list[str] = []
NEWSCRAWL_RETRY_BACKOFF_BASE = 2.0
NEWSCRAWL_RETRY_BACKOFF_MAX = 60.0
NEWSCRAWL_WORKERS = None  # extraction processes; None: one per usable CPU; 0: inline, on the reactor thread
NEWSCRAWL_WORKERS_BACKLOG = 0  # pages handed to the pool at once; 0: 4 per worker
NEWSCRAWL_WARC = ""  # a path.warc.gz: record every fetched response of a live crawl
NEWSCRAWL_WARC_MAX_BYTES = 1024**3  # start a new archive file (path-00001.warc.gz …) past this size

# Distributed mode (README "Beyond one machine"): a Redis URL switches the crawl to a shared
# scrapy-redis frontier and the state to Redis; scrapy-redis's own REDIS_URL works too.
NEWSCRAWL_REDIS_URL = ""
NEWSCRAWL_REDIS_LEASE = 60.0  # seconds a silent worker of another machine is presumed alive
NEWSCRAWL_IDLE_CLOSE_SECONDS = 30.0  # an idle worker waits this long for new work in the shared frontier
