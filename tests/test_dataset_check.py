"""`scrapy dataset check`: a site whose dateline coverage (or article count) collapses is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.dataset.build import BuildError, BuildOptions, build
from newscrawl.dataset.check import check, period_of
from tests.conftest import run_scrapy
from tests.test_dataset_build import EN_WORDS, HI_WORDS, record, story, write_jsonl


def night(path: Path, day: str, site: str, n: int, *, with_dateline: int, seed: int, lang: str = "hi") -> None:
    """One night's run of a site: n distinct stories, the first `with_dateline` of them with a dateline."""
    vocab = HI_WORDS if lang == "hi" else EN_WORDS
    write_jsonl(path, [
        record(f"https://{site}/{day}/{i}", site, story(seed * 1000 + i, vocab), lang=lang,
               published=f"{day}T08:00:00+05:30", fetched=f"{day}T20:00:00+00:00", dateline=i < with_dateline)
        for i in range(n)
    ])


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    """Two nights of two sites; on the second night a.in loses its datelines, b.com is steady."""
    runs = tmp_path / "runs"
    night(runs / "1-a.jsonl", "2026-11-01", "a.in", 10, with_dateline=9, seed=1)
    night(runs / "1-b.jsonl", "2026-11-01", "b.com", 8, with_dateline=0, seed=2, lang="en")
    night(runs / "2-a.jsonl", "2026-11-02", "a.in", 10, with_dateline=1, seed=3)
    night(runs / "2-b.jsonl", "2026-11-02", "b.com", 7, with_dateline=0, seed=4, lang="en")
    build(BuildOptions(inputs=[str(runs)], output=tmp_path / "ds"), lambda _: None)
    return tmp_path / "ds"


def test_dateline_collapse_is_flagged(dataset: Path) -> None:
    outcome = check(dataset)
    assert outcome.periods == ("2026-11-01", "2026-11-02") and outcome.compared == ["a.in", "b.com"]
    assert [(d.site, d.figure) for d in outcome.drops] == [("a.in", "dateline")]
    assert outcome.exit_status == 1
    assert outcome.lines()[0] == "DROP a.in: dateline coverage 90% -> 10% (-89%) from 2026-11-01 to 2026-11-02"


def test_threshold_and_periods(dataset: Path) -> None:
    assert check(dataset, threshold=0.95).exit_status == 0
    assert check(dataset, period="month").periods is None  # one month only: nothing to compare
    assert check(dataset, min_articles=9).not_judged == ["b.com"]
    assert period_of("2026-11-02", "week") == "2026-W45"


def test_vanished_site_and_missing_manifest(tmp_path: Path, dataset: Path) -> None:
    night(tmp_path / "runs/3-b.jsonl", "2026-11-03", "b.com", 7, with_dateline=0, seed=5, lang="en")
    build(BuildOptions(inputs=[str(tmp_path / "runs")], output=dataset), lambda _: None)
    outcome = check(dataset)
    assert [(d.site, d.figure, d.after) for d in outcome.drops] == [("a.in", "articles", 0)]
    with pytest.raises(BuildError):
        check(tmp_path / "nowhere")


def test_scrapy_dataset_check_command(dataset: Path) -> None:
    proc = run_scrapy("dataset", "check", str(dataset))
    assert proc.returncode == 1, proc.stderr
    assert "DROP a.in: dateline coverage" in proc.stdout and "1 dropped (a.in)" in proc.stdout
    assert run_scrapy("dataset", "check", str(dataset), "--threshold", "0.95").returncode == 0
