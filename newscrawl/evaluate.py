"""Score extracted records against hand-made gold annotations.

Gold files are JSON, one per page (the format of the project's development
set, see README "Measuring the extractor"): url, page_type, headline,
published_date, dateline{raw,place,date,agency}, photo_caption, photo_credit,
body_with (snippets the body must contain), body_without (snippets it must
not contain). Users annotate their own pages the same way and measure the
extractor, side by side with raw trafilatura, on them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.measure import words

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d"), None)
_LOOSE = re.compile(r"[\s.,:;\-()|।'\"’‘]+")

METRICS = (
    "page_type_precision", "page_type_recall",
    "headline", "published", "dateline_presence", "dateline_place", "dateline_date", "dateline_agency",
    "photo_credit", "body_recall", "body_leak_rate", "clean_body_pages", "body_f1",
)


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").translate(_INVISIBLE).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def loose(text: str | None) -> str:
    """Case- and punctuation-insensitive form for short fields (place, agency, credit)."""
    return _LOOSE.sub("", norm(text).casefold())


def url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    path = re.sub(r"/+", "/", parts.path).rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return (parts.netloc.lower().removeprefix("www.") + path + query).lower()


def load_gold(folder: Path) -> list[dict[str, Any]]:
    gold = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("url"):
            data["_file"] = path.name
            gold.append(data)
    return gold


@dataclass
class Tally:
    """Hits over trials for each metric."""

    hits: dict[str, int] = field(default_factory=dict)
    trials: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    found: int = 0
    nonarticle_pages: int = 0
    nonarticle_emitted: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, metric: str, hit: bool | int, trials: int = 1) -> None:
        self.hits[metric] = self.hits.get(metric, 0) + int(hit)
        self.trials[metric] = self.trials.get(metric, 0) + trials

    def add_ratio(self, metric: str, value: float) -> None:
        """A per-page score averaged over pages (kept as thousandths to stay integral)."""
        self.add(metric, round(value * 1000), 1000)

    def rate(self, metric: str) -> float | None:
        trials = self.trials.get(metric, 0)
        return round(self.hits.get(metric, 0) / trials, 3) if trials else None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pages": self.pages, "found": self.found}
        emitted = self.found + self.nonarticle_emitted
        self.hits["page_type_precision"], self.trials["page_type_precision"] = self.found, emitted
        self.hits["page_type_recall"], self.trials["page_type_recall"] = self.found, self.pages
        out.update({m: self.rate(m) for m in METRICS})
        out["nonarticles_emitted"] = f"{self.nonarticle_emitted}/{self.nonarticle_pages}"
        return out


def score(gold: Iterable[Mapping[str, Any]], items: Iterable[Mapping[str, Any]],
          reasons: Mapping[str, str] | None = None) -> Tally:
    """Compare records (as exported) with gold annotations, matched by URL or canonical URL.

    Page type is scored with "article" as the positive class: precision is the
    share of emitted records whose gold page is an article, recall the share of
    gold articles emitted. `reasons` (by URL key) names why a page gave no record.
    """
    by_url: dict[str, Mapping[str, Any]] = {}
    for item in items:
        for url in (item.get("url"), item.get("canonical_url")):
            if url:
                by_url.setdefault(url_key(url), item)
    tally = Tally()
    for g in gold:
        item = by_url.get(url_key(g["url"]))
        if g.get("page_type", "article") != "article":
            tally.nonarticle_pages += 1
            tally.nonarticle_emitted += item is not None
            if item is not None:
                tally.failures.append(f"{g['_file']}: a {g.get('page_type')} page emitted as an article")
            continue
        tally.pages += 1
        with_n, without_n = len(g.get("body_with", [])), len(g.get("body_without", []))
        if item is None:
            why = (reasons or {}).get(url_key(g["url"]))
            tally.failures.append(f"{g['_file']}: no record" + (f" ({why})" if why else ""))
            tally.add("body_recall", 0, with_n)
            tally.add("body_leak_rate", 0, without_n)
            for metric in ("headline", "dateline_presence", "clean_body_pages"):
                tally.add(metric, 0)
            if g.get("body_text"):
                tally.add_ratio("body_f1", 0.0)  # a lost article has no body at all
            if g.get("published_date"):
                tally.add("published", 0)
            continue
        tally.found += 1
        _score_item(tally, g, item)
    return tally


def _score_item(tally: Tally, g: Mapping[str, Any], item: Mapping[str, Any]) -> None:
    name = g["_file"]
    checks: dict[str, bool] = {"headline": norm(item.get("headline")) == norm(g.get("headline"))}
    if g.get("published_date"):
        checks["published"] = str(item.get("published") or "")[:10] == g["published_date"]
    gold_dl = g.get("dateline")
    item_dl = item.get("dateline") or None
    checks["dateline_presence"] = (gold_dl is None) == (item_dl is None)
    if gold_dl:
        got = item_dl or {}
        if gold_dl.get("place"):
            checks["dateline_place"] = loose(got.get("place")) == loose(gold_dl["place"])
        if gold_dl.get("date"):
            checks["dateline_date"] = str(got.get("date") or "")[:10] == gold_dl["date"]
        if gold_dl.get("agency"):
            checks["dateline_agency"] = loose(got.get("agency")) == loose(gold_dl["agency"])
    if g.get("photo_credit"):
        photo = item.get("photo") or {}
        checks["photo_credit"] = loose(photo.get("credit")) == loose(g["photo_credit"])
    for metric, ok in checks.items():
        tally.add(metric, ok)
        if not ok:
            tally.failures.append(f"{name}: {metric}")
    body = norm(item.get("body") or "")
    missing = [s for s in g.get("body_with", []) if norm(s) not in body]
    leaked = [s for s in g.get("body_without", []) if norm(s) in body]
    tally.add("body_recall", len(g.get("body_with", [])) - len(missing), len(g.get("body_with", [])))
    tally.add("body_leak_rate", len(leaked), len(g.get("body_without", [])))
    tally.add("clean_body_pages", not missing and not leaked)
    if g.get("body_text"):
        tally.add_ratio("body_f1", body_f1(item.get("body") or "", g["body_text"]))
    tally.failures.extend(f"{name}: body misses {s[:60]!r}" for s in missing)
    tally.failures.extend(f"{name}: body leaks {s[:60]!r}" for s in leaked)


def body_f1(got: str, gold: str) -> float:
    """Bag-of-words F1 between a body and the gold story text, words counted by script (CJK per character)."""
    got_words, gold_words = Counter(words(norm(got))), Counter(words(norm(gold)))
    common = sum((got_words & gold_words).values())
    if not common:
        return 0.0
    precision = common / sum(got_words.values())
    recall = common / sum(gold_words.values())
    return 2 * precision * recall / (precision + recall)


def trafilatura_items(gold: Iterable[Mapping[str, Any]], pages: Path) -> list[dict[str, Any]]:
    """What raw trafilatura gives for the same pages (title, date and text only)."""
    import trafilatura

    items = []
    for g in gold:
        path = pages / g["file"]
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8", errors="replace")
        doc = trafilatura.bare_extraction(html, url=g["url"], with_metadata=True)
        data = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        items.append({"url": g["url"], "headline": data.get("title"), "published": data.get("date"),
                      "dateline": None, "photo": None, "body": data.get("text") or ""})
    return items


def format_table(columns: Mapping[str, Tally]) -> str:
    """Metrics as rows, one column per extractor."""
    names = list(columns)
    rows = [("metric", *names)]
    summaries = {n: t.summary() for n, t in columns.items()}
    for key in ("pages", "found", *METRICS, "nonarticles_emitted"):
        rows.append((key, *(_fmt(summaries[n][key]) for n in names)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows)


def _fmt(value: Any) -> str:
    return "-" if value is None else str(value)
