"""The dataset report as a person sees it: rendered by headless Chromium, every chart laid out, no console errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newscrawl.dataset.build import BuildOptions, build
from tests.conftest import run_scrapy
from tests.test_dataset_check import night

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
         "--disable-background-networking", "--virtual-time-budget=3000"]
# Measures every chart once the page has laid out, and writes the sizes into the DOM that --dump-dom prints.
PROBE = """<script>
addEventListener("load", () => {
  const sizes = [...document.querySelectorAll("svg")].map(s => {
    const r = s.getBoundingClientRect(); return [r.width, r.height]; });
  document.body.setAttribute("data-probe", JSON.stringify(sizes));
});
</script>"""


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args], capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.e2e
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed (.ci/run installs it)")
def test_report_renders_in_chromium_with_every_chart_laid_out(tmp_path: Path) -> None:
    night(tmp_path / "runs/1.jsonl", "2026-11-01", "a.in", 6, with_dateline=4, seed=1)
    night(tmp_path / "runs/2.jsonl", "2026-11-02", "b.com", 4, with_dateline=0, seed=2, lang="en")
    build(BuildOptions(inputs=[str(tmp_path / "runs")], output=tmp_path / "ds"), lambda _: None)
    report = tmp_path / "report.html"
    assert run_scrapy("dataset", "report", str(tmp_path / "ds"), "-o", str(report)).returncode == 0
    html = report.read_text(encoding="utf-8")
    charts = len(lxml_html.fromstring(html).xpath("//svg"))

    plain = _chromium("--enable-logging=stderr", "--v=0", "--dump-dom", report.as_uri(), tmp=tmp_path)
    assert plain.returncode == 0, plain.stderr[-2000:]
    console = [line for line in plain.stderr.splitlines() if ":CONSOLE" in line or "Failed to load" in line]
    assert console == [], "the report logs no console errors and loads nothing"

    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = _chromium("--dump-dom", probe.as_uri(), tmp=tmp_path).stdout
    sizes = json.loads(lxml_html.fromstring(dom).body.get("data-probe"))
    assert len(sizes) == charts > 0
    assert all(width > 0 and height > 0 for width, height in sizes), sizes

    shot = tmp_path / "report.png"
    _chromium(f"--screenshot={shot}", "--window-size=1280,2400", report.as_uri(), tmp=tmp_path)
    assert shot.stat().st_size > 10_000, "a screenshot of the rendered report"
