"""`dataset check`: did a site's article count or field coverage collapse in the latest period?

A site whose markup changed overnight still yields records, only emptier (no
dateline, no body) or fewer. The build tallies every input line per site and
fetch day (manifest `fetch_periods`); this compares the latest period with the
one before, for every site, and fails when a figure fell by more than the
threshold (a relative drop: 0.5 means "lost more than half").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newscrawl.dataset.build import EXIT_USAGE, BuildError
from newscrawl.dataset.index import PERIOD_FIELDS

EXIT_DROPPED = 1
Tally = dict[str, int]


@dataclass
class Drop:
    site: str
    figure: str  # "articles" or a field name
    before: float
    after: float

    def line(self, periods: tuple[str, str]) -> str:
        """One human line per drop."""
        fmt = (lambda v: f"{v:.0f}") if self.figure == "articles" else (lambda v: f"{100 * v:.0f}%")
        what = "articles" if self.figure == "articles" else f"{self.figure} coverage"
        change = (self.after - self.before) / self.before
        return (f"DROP {self.site}: {what} {fmt(self.before)} -> {fmt(self.after)} ({100 * change:+.0f}%) "
                f"from {periods[0]} to {periods[1]}")


@dataclass
class CheckOutcome:
    periods: tuple[str, str] | None
    compared: list[str] = field(default_factory=list)
    not_judged: list[str] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return EXIT_DROPPED if self.drops else 0

    def lines(self) -> list[str]:
        """The drops, one a line, then the summary line."""
        if self.periods is None:
            return ["Dataset check: fewer than two periods in the dataset; nothing to compare; exit status 0"]
        out = [d.line(self.periods) for d in self.drops]
        sites = sorted({d.site for d in self.drops})
        out.append(f"Dataset check: {self.periods[1]} against {self.periods[0]}: {len(self.compared)} sites compared"
                   + (f" ({len(self.not_judged)} too small to judge)" if self.not_judged else "")
                   + f", {len(sites)} dropped" + (f" ({', '.join(sites)})" if sites else "")
                   + f"; exit status {self.exit_status}")
        return out


def period_of(day: str, period: str) -> str:
    """The period a fetch day (YYYY-MM-DD) belongs to: the day, its ISO week or its month."""
    if period == "month":
        return day[:7]
    if period == "week":
        year, week, _ = date.fromisoformat(day).isocalendar()
        return f"{year}-W{week:02d}"
    return day


def tallies(fetch_periods: dict[str, dict[str, Tally]], period: str) -> dict[str, dict[str, Tally]]:
    """{period: {site: tally}}: the manifest's per-day tallies summed into periods."""
    out: dict[str, dict[str, Tally]] = {}
    for site, days in fetch_periods.items():
        for day, tally in days.items():
            if day == "unknown":
                continue
            agg = out.setdefault(period_of(day, period), {}).setdefault(site, dict.fromkeys(tally, 0))
            for key, value in tally.items():
                agg[key] += value
    return out


def compare(site: str, before: Tally, after: Tally, threshold: float) -> list[Drop]:
    """The figures of one site that fell by more than the threshold (relative)."""
    drops = []
    n0, n1 = before["articles"], after.get("articles", 0)
    if (n0 - n1) / n0 > threshold:
        drops.append(Drop(site, "articles", n0, n1))
    if n1 == 0:
        return drops
    for f in PERIOD_FIELDS:
        c0, c1 = before[f] / n0, after.get(f, 0) / n1
        if c0 > 0 and (c0 - c1) / c0 > threshold:
            drops.append(Drop(site, f, c0, c1))
    return drops


def check(folder: Path, *, threshold: float = 0.5, period: str = "day", min_articles: int = 5) -> CheckOutcome:
    """Compare the latest period of the whole dataset with the one before, site by site."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BuildError(f"no manifest.json in {folder}: build the dataset first")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    by_period = tallies(manifest.get("fetch_periods", {}), period)
    if len(by_period) < 2:
        return CheckOutcome(periods=None)
    previous, latest = sorted(by_period)[-2:]
    outcome = CheckOutcome(periods=(previous, latest))
    for site, before in sorted(by_period[previous].items()):
        if before["articles"] < min_articles:
            outcome.not_judged.append(site)
            continue
        outcome.compared.append(site)
        outcome.drops += compare(site, before, by_period[latest].get(site, {}), threshold)
    return outcome


__all__ = ["EXIT_DROPPED", "EXIT_USAGE", "CheckOutcome", "Drop", "check"]
