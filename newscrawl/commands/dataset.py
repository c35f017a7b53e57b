"""`scrapy dataset build|check|report`: datasets from the nightly run files (README "Datasets").

The logic lives in newscrawl/dataset/ (pure, tested without Scrapy); this
command parses options, prints and sets the exit status: 0 done, 1 malformed
input lines were skipped (build) or a site dropped (check), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _fraction(value: str) -> float:
    number = float(value)
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {value!r}")
    return number


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "build [INPUT ...] -o DATASET_DIR | check DATASET_DIR | report DATASET_DIR -o report.html"

    def short_desc(self) -> str:
        return "Build a de-duplicated, partitioned dataset from run files; check it for drops; report on it"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", help="build: the dataset folder; report: the HTML file")
        parser.add_argument("--near-dup-threshold", type=_fraction, default=0.8,
                            help="build: Jaccard similarity from which articles share a cluster_id (default 0.8)")
        parser.add_argument("--since", type=_date, help="build: only articles published on or after YYYY-MM-DD")
        parser.add_argument("--until", type=_date, help="build: only articles published on or before YYYY-MM-DD")
        parser.add_argument("--site", action="append", default=[], help="build: only this site (repeatable)")
        parser.add_argument("--language", action="append", default=[], help="build: only this language (repeatable)")
        parser.add_argument("--no-parquet", action="store_true", help="build: write JSONL only")
        parser.add_argument("--threshold", type=_fraction, default=0.5,
                            help="check: relative drop that fails a site (default 0.5 = 50%%)")
        parser.add_argument("--period", choices=("day", "week", "month"), default="day",
                            help="check: period compared with the one before (default day: the nightly run)")
        parser.add_argument("--min-articles", type=int, default=5,
                            help="check: a site with fewer articles in the earlier period is not judged")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Imported here, not at the top: Scrapy loads every command module in every `scrapy` process, and the
        # dataset code pulls in datasketch, numpy and scipy (about 70 MiB a process, a crawl's included).
        from newscrawl.dataset.build import EXIT_USAGE, BuildError

        if not args or args[0] not in ("build", "check", "report"):
            raise UsageError("give a subcommand: build, check or report")
        sub, rest = args[0], args[1:]
        try:
            self.exitcode = getattr(self, f"_{sub}")(rest, opts)
        except BuildError as exc:
            print(f"scrapy dataset {sub}: {exc}", file=sys.stderr)
            self.exitcode = EXIT_USAGE

    def _build(self, args: list[str], opts: argparse.Namespace) -> int:
        from newscrawl.dataset.build import BuildOptions, build

        if not opts.output:
            raise UsageError("build needs -o DATASET_DIR")
        result = build(BuildOptions(
            inputs=args or ["data"], output=Path(opts.output), near_dup_threshold=opts.near_dup_threshold,
            since=opts.since, until=opts.until, sites=tuple(opts.site), languages=tuple(opts.language),
            parquet=not opts.no_parquet,
        ))
        print(result.summary())
        return result.exit_status

    def _check(self, args: list[str], opts: argparse.Namespace) -> int:
        from newscrawl.dataset.check import check

        if len(args) != 1:
            raise UsageError("check needs one DATASET_DIR")
        outcome = check(Path(args[0]), threshold=opts.threshold, period=opts.period, min_articles=opts.min_articles)
        for line in outcome.lines():
            print(line)
        return outcome.exit_status

    def _report(self, args: list[str], opts: argparse.Namespace) -> int:
        from newscrawl.dataset.report import write_report

        if len(args) != 1 or not opts.output:
            raise UsageError("report needs one DATASET_DIR and -o report.html")
        path = write_report(Path(args[0]), Path(opts.output))
        print(f"Dataset report: {path}")
        return 0
