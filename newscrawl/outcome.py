"""How a run ended: one summary line and an exit status a scheduler can act on.

Cron and systemd only see the exit status, so a run that fetched nothing, or
that ran with a broken site profile, must not end with 0. The decision is a
pure function of the run's stats, so it is table-tested and the same for every
spider.

Exit statuses (also in README "Exit statuses"):
  0  the run crawled (some pages were fetched or replayed), even if it emitted nothing new
  1  Scrapy could not start the crawl, or crashed (Scrapy's own status)
  2  bad arguments: nothing was started (the message names the argument)
  3  nothing could be crawled: every request failed (all sites down, no network); a worker of a
     distributed crawl that found no work in the shared frontier, and had no failure, exits 0
  4  configuration: a site profile failed to load, the seeds folder is missing, or no profile matched
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NOTHING_CRAWLED = 3
EXIT_CONFIG = 4

_TOP = 4  # reasons listed per group in the summary line


@dataclass(frozen=True)
class RunOutcome:
    """The exit status and the one line that says why."""

    exit_code: int
    line: str


def run_outcome(stats: Mapping[str, Any], sites: Sequence[str] = ()) -> RunOutcome:
    """Summarise a finished run from its stats; `sites` are the profiles or hosts it was asked to crawl."""
    fetched = _total(stats, "newscrawl/responses/") + int(stats.get("newscrawl/replay/pages", 0))
    silent = [site for site in sites if not stats.get(f"newscrawl/site_responses/{site}")]
    code = EXIT_OK
    if stats.get("newscrawl/profiles/broken"):
        code = EXIT_CONFIG
    # A worker of a distributed crawl that found the shared frontier empty (others did the work) is fine.
    no_work = bool(stats.get("newscrawl/frontier/idle_close")) and not _total(stats, "newscrawl/failed/")
    if fetched == 0 and not no_work:
        code = EXIT_NOTHING_CRAWLED
    parts = [f"{int(stats.get('newscrawl/articles', 0))} articles", f"{fetched} pages fetched"]
    if fetched == 0 and no_work:
        parts.append("no work left in the shared frontier for this worker")
    if sites:
        parts.append(f"{len(sites) - len(silent)}/{len(sites)} sites answered"
                     + (f" (no answer: {', '.join(silent[:8])})" if silent else ""))
    for group in ("failed", "skipped", "dropped", "pages/non_article"):
        listed = _listed(stats, f"newscrawl/{group}/")
        if listed:
            parts.append(f"{group.replace('pages/', '')}: {listed}")
    if stats.get("newscrawl/hosts_down"):
        parts.append(f"hosts down (DNS failed or connection refused): {int(stats['newscrawl/hosts_down'])}")
    if stats.get("newscrawl/profiles/broken"):
        parts.append(f"broken profiles: {int(stats['newscrawl/profiles/broken'])}")
    return RunOutcome(code, "Run summary: " + "; ".join(parts) + f"; exit status {code}")


def _total(stats: Mapping[str, Any], prefix: str) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int | float))


def _listed(stats: Mapping[str, Any], prefix: str) -> str:
    """"reason count" pairs of one group, largest first."""
    counts = sorted(((int(v), k[len(prefix):]) for k, v in stats.items()
                     if k.startswith(prefix) and isinstance(v, int | float) and v), reverse=True)
    shown = ", ".join(f"{name} {count}" for count, name in counts[:_TOP])
    return shown + (f", … ({len(counts) - _TOP} more)" if len(counts) > _TOP else "")
