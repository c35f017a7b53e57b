"""The throughput benchmark runs as the README shows it and prints a whole table (its figures are never asserted)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.e2e
def test_the_throughput_benchmark_prints_every_mode_with_its_cpu_time_per_page(tmp_path: Path) -> None:
    """Two fixture pages through every mode: each row has pages/s, seconds, CPU ms/page, peak RSS and records."""
    cases = sorted(meta.parent for meta in (ROOT / "fixtures" / "aajtak.in").glob("*/page.meta.json"))[:2]
    for case in cases:
        shutil.copytree(case, tmp_path / "in" / case.name)
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "throughput.py"), str(tmp_path / "in")],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "warning:" not in run.stdout  # no mode's command failed
    rows = [line for line in run.stdout.splitlines() if line.startswith("| (")]
    assert [row.split("|")[1].strip()[:3] for row in rows] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(4)"]
    for row in rows:
        cells = [cell.strip() for cell in row.split("|")[2:-1]]
        pages_per_second, seconds, cpu_ms, peak = (float(cell) for cell in cells[:4])
        assert pages_per_second > 0 and seconds > 0 and cpu_ms > 0 and peak > 0, row
    written = [row.split("|")[-2].strip() for row in rows]
    assert written[0] == written[1] == "—"  # in-process modes write nothing
    articles = sum(json.loads((case / "expected.json").read_text(encoding="utf-8")) is not None for case in cases)
    assert articles and written[2] == written[3] == written[5] == str(articles)  # each replay writes every article
    assert "(4)/(5):" in run.stdout and "CPU ms/page:" in run.stdout
