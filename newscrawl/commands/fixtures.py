"""`scrapy fixtures [PATH …] [--update]`: compare fixture expectations with what the code makes now.

Without --update it prints a unified diff per case that changed and exits 1
if any did. With --update it rewrites expected.json, still printing each diff:
review it (git diff fixtures/) before committing; never rewrite an
expectation without looking at it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.fixtures import diff, dumps, find_cases, new_case
from newscrawl.profiles import load_profiles


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[PATH ...] [--update] | --new SOURCE --case NAME [--url URL]"

    def short_desc(self) -> str:
        return "Check fixture expectations against the extractor (or --update them) and show diffs"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--update", action="store_true", help="rewrite expected.json files that differ")
        parser.add_argument("--new", metavar="SOURCE", help="make a new case from a saved page or a WARC file")
        parser.add_argument("--case", help="name of the new case (made safe: it never leaves fixtures/<site>/)")
        parser.add_argument("--url", help="the page's URL (required for a WARC; else from the sidecar or page)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        seeds = Path(self.settings.get("NEWSCRAWL_SEEDS_DIR"))
        profiles = load_profiles(seeds) if seeds.is_dir() else {}
        if opts.new:
            self._new(opts, profiles)
            return
        roots = [Path(a) for a in args] or [Path("fixtures")]
        changed = total = 0
        for root in roots:
            for case in find_cases(root):
                total += 1
                actual = case.actual(profiles)
                text = diff(case, actual)
                if not text:
                    continue
                changed += 1
                print(text)
                if opts.update:
                    case.expected_path.write_text(dumps(actual), encoding="utf-8")
        verb = "updated" if opts.update else "differ"
        print(f"{total} fixture cases, {changed} {verb}")
        if changed and not opts.update:
            self.exitcode = 1

    def _new(self, opts: argparse.Namespace, profiles: dict[str, Any]) -> None:
        if not opts.case:
            raise UsageError("--new needs --case NAME")
        try:
            folder = new_case(Path(opts.new), opts.case, Path("fixtures"), url=opts.url, profiles=profiles)
        except (OSError, ValueError, LookupError) as exc:
            print(f"scrapy fixtures: {exc}")
            self.exitcode = 2
            return
        print(f"New case {folder}: review expected.json and write README.md before committing")
        print((folder / "expected.json").read_text(encoding="utf-8"))
