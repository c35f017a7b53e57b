"""`scrapy evaluate --gold DIR --pages DIR [--items FILE]`: measure the extractor on annotated pages.

Without --items, every page named by a gold file is run through the same
pure page → record path a crawl and a replay use. Raw trafilatura's figures
for the same pages are printed alongside, so the gain is visible.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.evaluate import format_table, load_gold, score, trafilatura_items, url_key
from newscrawl.parse.dates import IST
from newscrawl.process import page_to_article
from newscrawl.profiles import load_profiles, profile_for_url
from newscrawl.spiders.replay import sidecar_of
from newscrawl.timezones import zone


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "--gold DIR --pages DIR [--items FILE] [--failures] [--json]"

    def short_desc(self) -> str:
        return "Score extraction against gold annotations, side by side with raw trafilatura"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--gold", required=True, help="folder of gold *.json files")
        parser.add_argument("--pages", help="folder the gold files' 'file' paths are relative to")
        parser.add_argument("--items", help="score this JSONL (e.g. from scrapy crawl replay) instead")
        parser.add_argument("--failures", action="store_true", help="list every failed check")
        parser.add_argument("--json", action="store_true", help="print figures as JSON")
        parser.add_argument("--no-baseline", action="store_true", help="skip raw trafilatura")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        gold = load_gold(Path(opts.gold))
        if not gold:
            raise UsageError(f"no gold files in {opts.gold}")
        reasons: dict[str, str] = {}
        if opts.items:
            items = [json.loads(line) for line in Path(opts.items).read_text(encoding="utf-8").splitlines()
                     if line.strip()]
        elif opts.pages:
            items = self._extract(gold, Path(opts.pages), reasons)
        else:
            raise UsageError("give --pages (to extract) or --items (to score a replay's output)")
        columns = {"newscrawl": score(gold, items, reasons)}
        if opts.pages and not opts.no_baseline:
            columns["trafilatura"] = score(gold, trafilatura_items(gold, Path(opts.pages)))
        if opts.json:
            print(json.dumps({n: t.summary() for n, t in columns.items()}, ensure_ascii=False, indent=1))
        else:
            print(format_table(columns))
        if opts.failures:
            for line in columns["newscrawl"].failures:
                print("  FAIL", line)

    def _extract(self, gold: list[dict[str, Any]], pages: Path, reasons: dict[str, str]) -> list[dict[str, Any]]:
        assert self.settings is not None
        seeds = Path(self.settings.get("NEWSCRAWL_SEEDS_DIR"))
        profiles = load_profiles(seeds) if seeds.is_dir() else {}
        items = []
        for g in gold:
            page = pages / g.get("file", "")
            if not page.is_file():
                continue
            meta_path = sidecar_of(page)
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
            url = meta.get("url") or g["url"]
            outcome = page_to_article(url, page.read_bytes(), meta.get("headers") or {},
                                      fetched_at=meta.get("fetched_at"), profile=profile_for_url(profiles, url),
                                      min_words=self.settings.getint("NEWSCRAWL_MIN_WORDS"),
                                      default_tz=zone(self.settings.get("NEWSCRAWL_TIMEZONE")) or IST)
            if outcome.article is not None:
                items.append(json.loads(json.dumps(ItemAdapter(outcome.article).asdict(), ensure_ascii=False)))
            else:
                reasons[url_key(url)] = f"{outcome.reason}: {outcome.detail}" if outcome.detail else str(outcome.reason)
        return items
