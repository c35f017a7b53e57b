"""How a run ends: argument errors before anything starts, the summary line, the exit status, the output."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from newscrawl.outcome import EXIT_CONFIG, EXIT_NOTHING_CRAWLED, EXIT_OK, EXIT_USAGE, run_outcome
from tests.conftest import ROOT, run_scrapy

FIXTURE = str(ROOT / "fixtures" / "patrika.com")


@pytest.mark.parametrize(("stats", "sites", "code", "words"), [
    ({"newscrawl/responses/html": 5, "newscrawl/articles": 3, "newscrawl/site_responses/a": 5}, ["a"], EXIT_OK,
     ["3 articles", "5 pages fetched", "1/1 sites answered"]),
    # an incremental run with nothing new still crawled: 0
    ({"newscrawl/responses/rss": 2, "newscrawl/skipped/unchanged": 40, "newscrawl/site_responses/a": 2}, ["a"],
     EXIT_OK, ["0 articles", "skipped: unchanged 40"]),
    ({"newscrawl/failed/DNSLookupError": 7}, ["a", "b"], EXIT_NOTHING_CRAWLED,
     ["0 pages fetched", "0/2 sites answered (no answer: a, b)", "failed: DNSLookupError 7"]),
    ({"newscrawl/responses/html": 1, "newscrawl/site_responses/a": 1, "newscrawl/profiles/broken": 1}, ["a"],
     EXIT_CONFIG, ["broken profiles: 1"]),
    ({"newscrawl/replay/pages": 4, "newscrawl/pages/non_article/listing": 1}, [], EXIT_OK,
     ["4 pages fetched", "non_article: listing 1"]),
])
def test_run_outcome(stats: dict, sites: list[str], code: int, words: list[str]) -> None:
    outcome = run_outcome(stats, sites)
    assert outcome.exit_code == code
    assert outcome.line.startswith("Run summary: ") and outcome.line.endswith(f"exit status {code}")
    for word in words:
        assert word in outcome.line


def test_the_summary_lists_the_biggest_reasons_first_and_caps_the_list() -> None:
    stats = {f"newscrawl/failed/http_{400 + i}": i + 1 for i in range(6)}
    line = run_outcome(stats).line
    assert "failed: http_405 6, http_404 5, http_403 4, http_402 3, … (2 more)" in line


@pytest.mark.parametrize(("args", "message"), [
    (["news", "-a", "site=jagran", "-a", "since=garbage"], "-a since='garbage': expected a date as YYYY-MM-DD"),
    (["news", "-a", "site=jagran", "-a", "limit=abc"], "-a limit='abc': expected a whole number above 0"),
    (["news", "-a", "site=jagran", "-a", "limit=0"], "-a limit='0': expected a whole number above 0"),
    (["news", "-a", "start=notaurl"], "-a start='notaurl': expected absolute http(s) URLs"),
    (["news", "-a", "site=jagran", "-a", "fresh=maybe"], "-a fresh='maybe': expected 1 or 0"),
    (["news", "-a", "site=jagran", "-a", "sinse=2026-01-01"], "unknown argument -a sinse for news; accepted: "),
    (["news"], "news needs -a site=NAME"),
    (["news", "-a", "site=nosuch"], "-a site='nosuch': no such profile; profiles: aajtak"),
    (["replay"], "replay needs a folder or file"),
    (["replay", "-a", "path=/no/such/folder"], "-a path='/no/such/folder': no such file or folder"),
])
def test_bad_arguments_stop_the_run_with_one_line(args: list[str], message: str) -> None:
    proc = run_scrapy("crawl", *args, "--nolog")
    assert proc.returncode == EXIT_USAGE, proc.stderr[-2000:]
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_an_empty_replay_folder_is_refused(tmp_path: Path) -> None:
    proc = run_scrapy("crawl", "replay", "-a", f"path={tmp_path}", "--nolog")
    assert proc.returncode == EXIT_USAGE and "no saved pages" in proc.stderr


def test_a_missing_seeds_folder_is_a_configuration_error() -> None:
    proc = run_scrapy("crawl", "news", "-a", "site=all", "-s", "NEWSCRAWL_SEEDS_DIR=/no/such/seeds", "--nolog")
    assert proc.returncode == EXIT_CONFIG
    assert "NEWSCRAWL_SEEDS_DIR='/no/such/seeds' is not a folder" in proc.stderr


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again on exit: connections are refused


@pytest.mark.e2e
def test_a_run_that_reaches_nothing_exits_3_with_a_summary(tmp_path: Path) -> None:
    start = f"http://127.0.0.1:{_closed_port()}/"
    proc = run_scrapy("crawl", "news", "-a", f"start={start}", "-O", str(tmp_path / "out.jsonl"),
                      "-s", "RETRY_TIMES=0", "-s", "ROBOTSTXT_OBEY=False", "-s", f"NEWSCRAWL_STATE={tmp_path}/s.db",
                      "-L", "INFO")
    assert proc.returncode == EXIT_NOTHING_CRAWLED, proc.stderr[-3000:]
    summary = [line for line in proc.stderr.splitlines() if "Run summary:" in line]
    assert len(summary) == 1 and "0 pages fetched" in summary[0] and "0/1 sites answered" in summary[0]


@pytest.mark.e2e
def test_o_replaces_the_default_feed(tmp_path: Path) -> None:
    out = tmp_path / "chosen.jsonl"
    proc = run_scrapy("crawl", "replay", "-a", f"path={FIXTURE}", "-O", str(out), "-L", "INFO",
                      cwd=tmp_path, env={"SCRAPY_SETTINGS_MODULE": "newscrawl.settings"})
    assert proc.returncode == EXIT_OK, proc.stderr[-3000:]
    assert out.read_text(encoding="utf-8").count("\n") == 1
    assert not (tmp_path / "data").exists(), "-O writes only the chosen file, not also the default feed"
    proc = run_scrapy("crawl", "replay", "-a", f"path={FIXTURE}", "-L", "INFO",
                      cwd=tmp_path, env={"SCRAPY_SETTINGS_MODULE": "newscrawl.settings"})
    assert proc.returncode == EXIT_OK
    assert len(list((tmp_path / "data" / "replay" / "replay").glob("*.jsonl"))) == 1, "without -O: the default feed"


@pytest.mark.e2e
def test_replay_takes_since_limit_and_site_as_a_live_crawl_does(tmp_path: Path) -> None:
    import json

    def replay(name: str, *args: str) -> list[dict]:
        out = tmp_path / f"{name}.jsonl"
        proc = run_scrapy("crawl", "replay", "-a", f"path={ROOT / 'fixtures'}", *args, "-O", str(out), "--nolog")
        assert proc.returncode == EXIT_OK, proc.stderr[-2000:]
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]

    everything = replay("all")
    jagran = replay("site", "-a", "site=jagran.com")
    assert jagran and all(r["site"] in ("jagran.com", "english.jagran.com") for r in jagran)
    assert len(replay("limit", "-a", "limit=2")) == 2
    recent = replay("since", "-a", "since=2026-01-01")
    assert recent and all(r["published"] >= "2026-01-01" for r in recent) and len(recent) < len(everything)
