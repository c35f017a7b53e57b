"""Every fixture page gives exactly its expected record (or no record)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.fixtures import find_cases
from newscrawl.profiles import load_profiles
from tests.conftest import ROOT, run_scrapy

CASES = find_cases(ROOT / "fixtures")
PROFILES = load_profiles(ROOT / "seeds")


def test_there_are_enough_fixtures() -> None:
    sites = {c.folder.parent.name for c in CASES}
    assert len(CASES) >= 6
    assert len(sites) >= 5


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_matches_expectation(case) -> None:
    expected = case.expected()
    actual = case.actual(PROFILES)
    if expected is None:
        assert actual is None, f"{case.name} must yield no item"
        return
    assert actual is not None, f"{case.name} yielded no item"
    assert list(actual) == list(expected), "keys and key order are the export contract"
    for key in expected:
        assert actual[key] == expected[key], f"{case.name}: field {key!r}"


def test_replay_command_reproduces_every_expectation(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = run_scrapy("crawl", "replay", "-a", "path=fixtures", "-O", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    records = {r["url"]: r for r in map(json.loads, lines)}
    expected = {c.meta["url"]: c.expected() for c in CASES}
    wanted = {url: rec for url, rec in expected.items() if rec is not None}
    assert set(records) == set(wanted)
    for url, rec in wanted.items():
        assert records[url] == rec, url
    # Devanagari is written as UTF-8 text, not \u escapes.
    raw = out.read_text(encoding="utf-8")
    assert "\\u09" not in raw and "नई दिल्ली" in raw
    non_articles = sum(1 for rec in expected.values() if rec is None)
    assert f"'newscrawl/replay/pages': {len(CASES)}" in proc.stderr
    if non_articles:
        assert "newscrawl/pages/non_article/" in proc.stderr


def test_fixtures_command_reports_no_difference() -> None:
    proc = run_scrapy("fixtures")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert f"{len(CASES)} fixture cases, 0 differ" in proc.stdout
