"""`scrapy crawl`, with arguments checked before the crawl and an exit status that tells how it went.

Scrapy's own command exits 0 whenever the engine ran. This one refuses bad
arguments up front (one line, status 2), refuses a run that would crawl no
profile (status 4), and afterwards exits with the status the run summary
decided (newscrawl/outcome.py): 3 when nothing could be fetched, 4 when a
profile failed to load.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newscrawl.arguments import ArgumentError
from newscrawl.outcome import EXIT_CONFIG, EXIT_USAGE
from newscrawl.profiles import load_profiles


class Command(ScrapyCrawl):
    """Scrapy's crawl command with checked arguments and an honest exit status."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl <spider> [-a name=value ...]")
        assert self.crawler_process is not None
        spidercls = self.crawler_process.spider_loader.load(args[0])
        problem = self._check(spidercls, opts.spargs)
        if problem is not None:
            code, message = problem
            print(f"scrapy crawl {args[0]}: {message}", file=sys.stderr)
            self.exitcode = code
            return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        assert crawler.stats is not None
        self.exitcode = int(crawler.stats.get_value("newscrawl/exit_code", 0))

    def _check(self, spidercls: type, spargs: dict[str, str]) -> tuple[int, str] | None:
        """(exit status, message) when the run must not start."""
        try:
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                check(spargs)
        except ArgumentError as exc:
            return EXIT_USAGE, str(exc)
        site = spargs.get("site")
        if site and getattr(spidercls, "name", "") == "news":
            return self._check_profiles(site)
        return None

    def _check_profiles(self, site: str) -> tuple[int, str] | None:
        assert self.settings is not None
        seeds = Path(self.settings.get("NEWSCRAWL_SEEDS_DIR") or "")
        if not seeds.is_dir():
            return EXIT_CONFIG, f"NEWSCRAWL_SEEDS_DIR={str(seeds)!r} is not a folder: no site profile to crawl"
        profiles = load_profiles(seeds, [])  # broken files are reported by the run itself (exit 4)
        if not profiles:
            return EXIT_CONFIG, f"no site profile loaded from {seeds}"
        if site != "all" and site not in profiles:
            return EXIT_USAGE, f"-a site={site!r}: no such profile; profiles: {', '.join(sorted(profiles))}"
        return None
