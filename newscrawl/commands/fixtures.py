"""`scrapy fixtures [PATH …] [--update]`: compare fixture expectations with what the code makes now.

Without --update it prints a unified diff per case that changed and exits 1
if any did. With --update it rewrites expected.json, still printing each diff:
review it (git diff fixtures/) before committing; never rewrite an
expectation without looking at it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newscrawl.fixtures import diff, dumps, find_cases
from newscrawl.profiles import load_profiles


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[PATH ...] [--update]"

    def short_desc(self) -> str:
        return "Check fixture expectations against the extractor (or --update them) and show diffs"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--update", action="store_true", help="rewrite expected.json files that differ")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        seeds = Path(self.settings.get("NEWSCRAWL_SEEDS_DIR"))
        profiles = load_profiles(seeds) if seeds.is_dir() else {}
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
