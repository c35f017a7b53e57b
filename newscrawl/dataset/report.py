"""`dataset report`: one self-contained HTML page about a dataset, charts drawn as inline SVG.

Our own small SVG code rather than a charting library: the page must open
offline (no CDN, no script), the charts are plain bars and lines, and SVG
<text> is shaped by the browser, so Devanagari labels render as well as the
reader's fonts allow. Data is streamed from the partitions; only counters and
the 20 newest headlines are held.
"""

from __future__ import annotations

import gzip
import heapq
import html
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newscrawl.dataset.index import PERIOD_FIELDS

FONT = "'Noto Sans Devanagari','Nirmala UI','Mangal',sans-serif"
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")
LENGTH_BUCKETS = (0, 100, 200, 300, 400, 600, 800, 1200, 2000)


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def hbar_chart(title: str, items: list[tuple[str, float]], *, width: int = 640, unit: str = "") -> str:
    """Horizontal bars, one labelled row each (labels at the left, values at the bar's end)."""
    row, label_w = 22, 220
    height = max(row * len(items), row) + 30
    top = max((v for _, v in items), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'font-family="{FONT}" font-size="13"><title>{_esc(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = 20 + i * row
        w = (width - label_w - 60) * value / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_esc(label[:40])}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{COLOURS[0]}"/>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{_esc(f"{value:g}{unit}")}</text>')
    if not items:
        parts.append('<text x="10" y="30">no data</text>')
    return "".join(parts) + "</svg>"


def line_chart(title: str, series: dict[str, dict[str, float]], *, width: int = 640, height: int = 260,
               unit: str = "") -> str:
    """One line per series over shared, sorted x labels (days or months), with a legend."""
    xs = sorted({x for points in series.values() for x in points})
    top = max((v for points in series.values() for v in points.values()), default=0) or 1
    left, bottom, legend = 50, 40, 18 * len(series)
    plot_w, plot_h = width - left - 20, height - bottom - 20
    full_h = height + legend
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{full_h}" '
             f'font-family="{FONT}" font-size="12"><title>{_esc(title)}</title>',
             f'<line x1="{left}" y1="{20 + plot_h}" x2="{left + plot_w}" y2="{20 + plot_h}" stroke="#888"/>',
             f'<text x="{left - 4}" y="24" text-anchor="end">{top:g}{_esc(unit)}</text>',
             f'<text x="{left - 4}" y="{20 + plot_h}" text-anchor="end">0</text>']

    def x_at(i: int) -> float:
        return left + (plot_w * i / (len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    for i in sorted({0, len(xs) - 1}) if xs else []:  # first and last label, kept inside the chart
        anchor = "middle" if len(xs) == 1 else "start" if i == 0 else "end"
        parts.append(f'<text x="{x_at(i):.1f}" y="{36 + plot_h}" text-anchor="{anchor}">{_esc(xs[i])}</text>')
    for n, (name, points) in enumerate(sorted(series.items())):
        colour = COLOURS[n % len(COLOURS)]
        coords = " ".join(f"{x_at(i):.1f},{20 + plot_h - plot_h * points[x] / top:.1f}"
                          for i, x in enumerate(xs) if x in points)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        if len(points) == 1:  # a single period: a dot, since a one-point line draws nothing
            x, y = coords.split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
        ly = height + 14 * n + 4
        parts.append(f'<rect x="{left}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{left + 16}" y="{ly}">{_esc(name)}</text>')
    return "".join(parts) + "</svg>"


def collect(folder: Path) -> dict[str, Any]:
    """Stream every JSONL partition once into the report's counters."""
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    covered: dict[str, Counter[str]] = defaultdict(Counter)  # "site · field" → day → records having it
    lengths: dict[str, Counter[int]] = defaultdict(Counter)
    places: Counter[str] = Counter()
    agencies: Counter[str] = Counter()
    clusters: Counter[str] = Counter()
    newest: list[tuple[str, str, str, str]] = []
    for part in sorted(folder.glob("site=*/month=*/part-0.jsonl.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                site, pub = rec["site"], rec.get("published") or ""
                day = pub[:10] or "unknown"
                per_day[site][day] += 1
                for f in PERIOD_FIELDS:
                    covered[f"{site} · {f}"][day] += bool(rec.get(f))
                n = rec.get("word_count") or 0
                lengths[site][max(b for b in LENGTH_BUCKETS if b <= n)] += 1
                dl = rec.get("dateline") or {}
                places.update([dl["place"]] if dl.get("place") else [])
                agencies.update([dl["agency"]] if dl.get("agency") else [])
                clusters.update([rec["cluster_id"]] if rec.get("cluster_id") else [])
                item = (pub, rec.get("headline") or "", site, rec["url"])
                (heapq.heappush if len(newest) < 20 else heapq.heappushpop)(newest, item)
    return {"per_day": per_day, "covered": covered, "lengths": lengths, "places": places, "agencies": agencies,
            "clusters": clusters, "newest": sorted(newest, reverse=True)}


def coverage_series(data: dict[str, Any]) -> dict[str, dict[str, float]]:
    """{site · field: {day: % of that day's articles having it}}: a template change shows as a drop."""
    out: dict[str, dict[str, float]] = {}
    for name, days in data["covered"].items():
        site = name.split(" · ", 1)[0]
        out[name] = {day: round(100 * n / max(data["per_day"][site][day], 1), 1) for day, n in days.items()}
    return out


def render(folder: Path) -> str:
    """The HTML page: a heading, the charts, the newest headlines."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data = collect(folder)
    buckets = [f"{b}+" for b in LENGTH_BUCKETS]
    sections = [
        ("Articles per day per site", line_chart("Articles per day per site",
                                                 {s: dict(c) for s, c in data["per_day"].items()})),
        ("Field coverage per site over time (%)", line_chart("Field coverage", coverage_series(data), unit="%")),
        *[(f"Body length (words): {site}", hbar_chart(f"Body length {site}",
                                                      [(b, c.get(int(b[:-1]), 0)) for b in buckets]))
          for site, c in sorted(data["lengths"].items())],
        ("Top dateline places", hbar_chart("Top dateline places", data["places"].most_common(15))),
        ("Top dateline agencies", hbar_chart("Top dateline agencies", data["agencies"].most_common(15))),
        ("Near-duplicate clusters (largest, articles each)",
         hbar_chart("Near-duplicate clusters", data["clusters"].most_common(15))),
    ]
    rows = "".join(f"<tr><td>{_esc(p)}</td><td>{_esc(s)}</td><td lang=\"hi\">{_esc(h)}</td></tr>"
                   for p, h, s, _ in data["newest"])
    body = "".join(f"<section><h2>{_esc(t)}</h2>{svg}</section>" for t, svg in sections)
    counts = manifest["counts"]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_esc(manifest["name"])}</title>'
            f"<style>body{{font-family:{FONT};margin:2em;max-width:60em}}td{{padding:2px 8px}}</style></head><body>"
            f"<h1>{_esc(manifest['name'])}</h1><p>{counts['articles']} articles, {counts['sites']} sites, "
            f"{counts['near_duplicate_clusters']} near-duplicate clusters; built {_esc(manifest['built_at'])}.</p>"
            f"{body}<section><h2>The 20 newest headlines</h2><table><tr><th>published</th><th>site</th>"
            f"<th>headline</th></tr>{rows}</table></section></body></html>\n")


def write_report(folder: Path, out: Path) -> Path:
    """Write the report for the dataset in `folder` to `out`."""
    out.write_text(render(folder), encoding="utf-8")
    return out
