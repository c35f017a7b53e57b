"""`scrapy dataset report`: one self-contained HTML file, every chart an inline SVG with a size."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

from newscrawl.dataset.build import BuildOptions, build
from tests.conftest import run_scrapy
from tests.test_dataset_check import night


def test_report_is_self_contained_with_sized_svgs(tmp_path: Path) -> None:
    night(tmp_path / "runs/1.jsonl", "2026-11-01", "a.in", 6, with_dateline=4, seed=1)
    night(tmp_path / "runs/2.jsonl", "2026-11-02", "b.com", 4, with_dateline=0, seed=2, lang="en")
    build(BuildOptions(inputs=[str(tmp_path / "runs")], output=tmp_path / "ds"), lambda _: None)
    proc = run_scrapy("dataset", "report", str(tmp_path / "ds"), "-o", str(tmp_path / "report.html"))
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(text)
    titles = [h.text_content() for h in doc.iter("h2")]
    for wanted in ("Articles per day per site", "Field coverage per site over time (%)", "Body length (words): a.in",
                   "Top dateline places", "Top dateline agencies", "Near-duplicate clusters (largest, articles each)",
                   "The 20 newest headlines"):
        assert wanted in titles
    svgs = list(doc.iter("svg"))
    assert len(svgs) == len(titles) - 1
    assert all(float(s.get("width")) > 0 and float(s.get("height")) > 0 for s in svgs)
    assert "नई दिल्ली" in text and len(doc.xpath("//table//tr")) == 11
    urls = re.findall(r"(?:src|href)=\"([^\"]+)\"|url\(([^)]+)\)", text)
    assert urls == [] and "<script" not in text and "<link" not in text
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # the SVG namespace is a name
