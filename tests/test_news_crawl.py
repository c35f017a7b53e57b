"""End to end: the real `scrapy crawl news` against a mock news site on 127.0.0.1.

The mock site (tests/mocksite, see its EXPECTED.md) has robots Disallow, a
sitemap index with a news and a normal sitemap, an RSS feed, three listing
pages, twelve articles in two templates, a video page, a gallery, a tag page,
an AMP duplicate, a utm duplicate, a 301, a 404 and a 503-then-200.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.parse.dates import IST
from tests.conftest import ROOT, run_scrapy
from tests.mockserver import MockServer

pytestmark = pytest.mark.e2e

EXPECTED = json.loads((ROOT / "tests" / "mocksite" / "expected.json").read_text(encoding="utf-8"))
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO",
        "-s", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.01"]

PROFILE = """\
name = "mock"
domains = ["127.0.0.1"]
language = "hi"
timezone = "Asia/Kolkata"

[start]
feeds = ["{base}/feed.xml"]
sitemaps = ["{base}/sitemap-index.xml"]
listings = ["{base}/tech/"]
robots = true

[urls]
article = ['^https?://127\\.0\\.0\\.1(?::\\d+)?/tech/[a-z0-9-]+-\\d{{6}}\\.html$']
exclude = ['^/video/', '^/photos/']
"""


class Site:
    """A running copy of the mock site, its request log and a seeds folder naming it."""

    def __init__(self, root: Path, server: MockServer, seeds: Path, state: Path, log: Path) -> None:
        self.root, self.server, self.seeds, self.state, self.log = root, server, seeds, state, log

    @property
    def base(self) -> str:
        return self.server.url

    def crawl(self, tmp: Path, name: str, *args: str, seeds: Path | None = None,
              status: int = 0) -> tuple[list[dict], str]:
        """Run `scrapy crawl news ARGS`, check its exit status, and return (records, log)."""
        out = tmp / f"{name}.jsonl"
        # Defaults first: a later -s in ARGS wins.
        proc = run_scrapy("crawl", "news", "-O", str(out), *FAST,
                          "-s", f"NEWSCRAWL_SEEDS_DIR={seeds or self.seeds}", "-s", f"NEWSCRAWL_STATE={self.state}",
                          *args)
        assert proc.returncode == status, proc.stderr[-4000:]
        assert "Traceback" not in proc.stderr, proc.stderr[-4000:]
        assert f"exit status {status}" in proc.stderr, "every run ends with its summary line"
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
        return records, proc.stderr

    def paths_fetched(self) -> list[str]:
        return [r.target.split("?")[0] for r in self.server.requests()]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "mocksite", root)
    log = tmp_path / "requests.log"
    with MockServer(root, log=log) as server:
        seeds = tmp_path / "seeds"
        seeds.mkdir()
        (seeds / "mock.toml").write_text(PROFILE.format(base=server.url), encoding="utf-8")
        yield Site(root, server, seeds, tmp_path / "state.sqlite", log)


def paths(records: list[dict]) -> list[str]:
    return sorted("/" + r["url"].split("/", 3)[3] for r in records)


def stat(log: str, key: str) -> int:
    match = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(match.group(1)) if match else 0


UPDATE = "कंपनी ने बाद में कीमत घटाने की घोषणा भी की।"


def edit_article(site: Site, path: str, sentence: str) -> None:
    """Change one article as a CMS would: new text, newer dateModified, newer sitemap lastmod."""
    now = (datetime.now(IST) + timedelta(minutes=1)).isoformat(timespec="seconds")
    page = site.root / path.lstrip("/")
    html = page.read_text(encoding="utf-8")
    assert sentence in html
    html = html.replace(sentence, f"{sentence} {UPDATE}", 1)
    html = re.sub(r"(dateModified\"\s*:\s*\")[^\"]+", rf"\g<1>{now}", html)
    html = re.sub(r"(article:modified_time\" content=\")[^\"]+", rf"\g<1>{now}", html)
    page.write_text(html, encoding="utf-8")
    for sitemap in ("sitemap-articles.xml", "sitemap-news.xml"):
        xml_path = site.root / sitemap
        xml = xml_path.read_text(encoding="utf-8")
        xml = re.sub(rf"({re.escape(path)}</loc>\s*<lastmod>)[^<]+", rf"\g<1>{now}", xml)
        xml_path.write_text(xml, encoding="utf-8")


def test_profile_crawl_emits_each_article_once_then_nothing_then_only_the_changed_one(site: Site,
                                                                                      tmp_path: Path) -> None:
    records, log = site.crawl(tmp_path, "run1", "-a", "site=mock")
    assert paths(records) == sorted(EXPECTED["articles"])
    assert len(records) == len({r["url"] for r in records})
    fetched = site.paths_fetched()
    for path in EXPECTED["never_fetched"]:
        assert path not in fetched, "robots.txt Disallow must be obeyed"
    assert fetched.count(EXPECTED["flaky"]) == 2, "503 then 200: retried once"
    assert EXPECTED["missing"] in fetched and stat(log, "newscrawl/failed/http_404") == 1
    assert "/old/story.html" in fetched
    assert stat(log, "newscrawl/state/new") == len(EXPECTED["articles"])
    by_path = {p: r for p, r in zip(paths(records), sorted(records, key=lambda r: r["url"]), strict=True)}
    for path, headline in EXPECTED.get("headlines", {}).items():
        assert by_path[path]["headline"] == headline
    for record in records:
        assert record["site"] == "127.0.0.1" and record["language"] == "hi"
        assert record["published"].endswith("+05:30") and record["word_count"] > 20

    records2, log2 = site.crawl(tmp_path, "run2", "-a", "site=mock")
    assert records2 == []
    assert stat(log2, "newscrawl/skipped/unchanged") > 0

    changed = EXPECTED["articles"][1]
    last_words = " ".join(by_path[changed]["body"].split()[-4:])
    edit_article(site, changed, last_words)
    records3, log3 = site.crawl(tmp_path, "run3", "-a", "site=mock")
    assert paths(records3) == [changed]
    assert records3[0]["body"].endswith(UPDATE)
    assert stat(log3, "newscrawl/state/updated") == 1


def test_second_run_does_not_refetch_what_sitemaps_say_is_unchanged(site: Site, tmp_path: Path) -> None:
    site.crawl(tmp_path, "run1", "-a", "site=mock")
    before = len(site.paths_fetched())
    site.crawl(tmp_path, "run2", "-a", "site=mock")
    second = site.paths_fetched()[before:]
    news_sitemap = (site.root / "sitemap-news.xml").read_text(encoding="utf-8")
    dated = re.findall(r"\{\{BASE\}\}(/tech/[^<]+)</loc>", news_sitemap)
    assert dated
    for path in dated:
        assert path not in second, f"{path} is unchanged in the sitemap and must not be refetched"


def test_fresh_ignores_the_state(site: Site, tmp_path: Path) -> None:
    site.crawl(tmp_path, "run1", "-a", "site=mock")
    records, _ = site.crawl(tmp_path, "run2", "-a", "site=mock", "-a", "fresh=1")
    assert paths(records) == sorted(EXPECTED["articles"])


def test_adhoc_start_url_discovers_robots_sitemaps_and_feeds_by_itself(site: Site, tmp_path: Path) -> None:
    no_profiles = tmp_path / "no-seeds"
    no_profiles.mkdir()
    records, log = site.crawl(tmp_path, "adhoc", "-a", f"start={site.base}/", seeds=no_profiles)
    assert paths(records) == sorted(EXPECTED["articles"])
    fetched = site.paths_fetched()
    assert "/sitemap-index.xml" in fetched and "/feed.xml" in fetched
    for path in EXPECTED["non_articles"]:
        assert path not in paths(records)
    assert stat(log, "newscrawl/pages/non_article/video") == 1
    assert stat(log, "newscrawl/pages/non_article/gallery") == 1


def test_since_skips_older_articles_before_fetching_where_dates_are_known(site: Site, tmp_path: Path) -> None:
    records, log = site.crawl(tmp_path, "since", "-a", "site=mock", "-a", "since=2026-11-10")
    expected = sorted(set(EXPECTED["articles"]) - set(EXPECTED["before_2026_11_10"]))
    assert paths(records) == expected
    assert stat(log, "newscrawl/skipped/before_since") > 0
    fetched = site.paths_fetched()
    feed_only_old = "/tech/navic-support-smartphones-482087.html"
    assert feed_only_old in EXPECTED["before_2026_11_10"]
    assert feed_only_old not in fetched, "the feed dates it before since: not fetched"


def test_limit_stops_after_n_articles_and_the_next_run_gets_the_rest(site: Site, tmp_path: Path) -> None:
    records, log = site.crawl(tmp_path, "limit", "-a", "site=mock", "-a", "limit=3")
    assert len(records) == 3
    assert "'finish_reason': 'limit_reached'" in log
    rest, _ = site.crawl(tmp_path, "rest", "-a", "site=mock")
    assert sorted(paths(records) + paths(rest)) == sorted(EXPECTED["articles"]), "nothing lost, nothing twice"


def test_default_output_is_one_jsonl_file_per_run_under_data(site: Site, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    proc = run_scrapy("crawl", "news", "-a", "site=mock", "-a", "limit=2", *FAST,
                      "-s", f"NEWSCRAWL_SEEDS_DIR={site.seeds}", "-s", f"NEWSCRAWL_STATE={site.state}",
                      cwd=work, env={"SCRAPY_SETTINGS_MODULE": "newscrawl.settings"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = list((work / "data" / "news" / "mock").glob("*.jsonl"))
    assert len(files) == 1
    lines = files[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "\\u09" not in lines[0]


def test_redirect_to_another_host_is_never_followed(site: Site, tmp_path: Path) -> None:
    routes = json.loads((site.root / "_routes.json").read_text(encoding="utf-8"))
    port = site.base.rsplit(":", 1)[1]
    routes["redirects"]["/tech/internal-482777.html"] = [f"http://127.0.0.2:{port}/admin/", 302]
    (site.root / "_routes.json").write_text(json.dumps(routes), encoding="utf-8")
    listing = site.root / "tech" / "index.html"
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        "</body>", '<a href="{{BASE}}/tech/internal-482777.html">आंतरिक</a></body>'), encoding="utf-8")
    records, log = site.crawl(tmp_path, "guard", "-a", "site=mock")
    # Scrapy's offsite filter stops it before any connection is attempted (the network guard, which
    # covers hosts that are allowed but resolve to private addresses, is tested in test_components).
    assert stat(log, "offsite/filtered") + stat(log, "newscrawl/blocked/private_address") >= 1
    assert "ConnectionRefused" not in log and "127.0.0.2" not in "".join(site.paths_fetched())
    assert paths(records) == sorted(EXPECTED["articles"])


def test_jobdir_pause_and_resume(site: Site, tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    no_state = ("-s", "NEWSCRAWL_STATE=")  # only JOBDIR may keep the second part from repeating the first
    first, log1 = site.crawl(tmp_path, "part1", "-a", "site=mock", "-s", f"JOBDIR={jobdir}", *no_state,
                             "-s", "CLOSESPIDER_ITEMCOUNT=4", "-s", "CONCURRENT_REQUESTS=1")
    assert "closespider_itemcount" in log1
    assert 4 <= len(first) < len(EXPECTED["articles"])
    second, _ = site.crawl(tmp_path, "part2", "-a", "site=mock", "-s", f"JOBDIR={jobdir}", *no_state)
    both = paths(first) + paths(second)
    assert sorted(both) == sorted(EXPECTED["articles"]), "resumed crawl finishes the rest, nothing twice"


def test_a_failing_profile_is_reported_and_the_others_go_on(site: Site, tmp_path: Path) -> None:
    port = site.base.rsplit(":", 1)[1]
    (site.seeds / "deadsite.toml").write_text(f"""\
name = "deadsite"
domains = ["localhost"]

[start]
feeds = ["http://localhost:{port}/no-such-feed.xml"]
listings = ["http://localhost:{port}/no-such-section/"]
robots = false
""", encoding="utf-8")
    (site.seeds / "broken.toml").write_text('name = "broken"\ndomains = [', encoding="utf-8")
    records, log = site.crawl(tmp_path, "all", "-a", "site=all", status=4)  # a broken profile: exit status 4
    assert paths(records) == sorted(EXPECTED["articles"])
    assert "Skipping broken site profile" in log and "broken.toml" in log
    assert "sites answered (no answer: deadsite)" in log
    assert "Profile deadsite: start endpoint" in log
    assert stat(log, "newscrawl/start_failed/deadsite") == 2
    assert stat(log, "newscrawl/profiles/broken") == 1


def test_unknown_site_is_a_clear_error(site: Site, tmp_path: Path) -> None:
    proc = run_scrapy("crawl", "news", "-a", "site=nosuchsite", "-s", f"NEWSCRAWL_SEEDS_DIR={site.seeds}")
    assert proc.returncode == 2
    assert "-a site='nosuchsite': no such profile" in proc.stderr and "mock" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_urls_left_out_are_counted_with_their_reason(site: Site, tmp_path: Path) -> None:
    _, log = site.crawl(tmp_path, "capped", "-a", "site=mock", "-s", "NEWSCRAWL_MAX_LISTING_PAGES=1",
                        "-s", "NEWSCRAWL_FOLLOW_DEPTH=0", "-s", "NEWSCRAWL_MAX_CHILD_SITEMAPS=1")
    assert stat(log, "newscrawl/skipped/pagination_cap") >= 1
    assert stat(log, "newscrawl/skipped/sitemap_cap") >= 1
    assert "following the newest 1 (NEWSCRAWL_MAX_CHILD_SITEMAPS)" in log
    summary = next(line for line in log.splitlines() if "Run summary:" in line)
    assert "skipped:" in summary and "sitemap_cap" in summary


def test_a_page_that_failed_is_fetched_again_by_the_next_run(site: Site, tmp_path: Path) -> None:
    routes_path = site.root / "_routes.json"
    routes = json.loads(routes_path.read_text(encoding="utf-8"))
    failing = EXPECTED["articles"][0]
    routes["status"][failing] = 503
    routes_path.write_text(json.dumps(routes), encoding="utf-8")
    first, log = site.crawl(tmp_path, "night1", "-a", "site=mock")
    assert failing not in paths(first) and stat(log, "newscrawl/failed/http_503") == 1
    del routes["status"][failing]
    routes_path.write_text(json.dumps(routes), encoding="utf-8")
    second, _ = site.crawl(tmp_path, "night2", "-a", "site=mock")
    assert paths(second) == [failing], "the page that failed last night, and nothing twice"
