"""The dataset card (README.md in the dataset folder), written from the manifest alone.

A reader who finds the folder without this project learns from it where the
texts come from, what period and sites they cover, how complete each field
is, how the folder was made, and that the texts are not ours to license.
"""

from __future__ import annotations

from typing import Any

from newscrawl.dataset.schema import CRAWL_FIELDS


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "–"


def _counts_table(partitions: list[dict[str, Any]]) -> list[str]:
    lines = ["| site | month | articles | languages |", "| --- | --- | ---: | --- |"]
    for p in partitions:
        langs = ", ".join(f"{k} {v}" for k, v in sorted(p["languages"].items()))
        lines.append(f"| {p['site']} | {p['month']} | {p['records']} | {langs} |")
    return lines


def _coverage_table(partitions: list[dict[str, Any]]) -> list[str]:
    """Share of records with each field present, per site (all months) and overall."""
    sites: dict[str, dict[str, int]] = {}
    for p in partitions:
        agg = sites.setdefault(p["site"], {"records": 0, **dict.fromkeys(CRAWL_FIELDS, 0)})
        agg["records"] += p["records"]
        for f in CRAWL_FIELDS:
            agg[f] += p["coverage"][f]
    total = {"records": sum(a["records"] for a in sites.values())}
    total.update({f: sum(a[f] for a in sites.values()) for f in CRAWL_FIELDS})
    lines = ["| field | all | " + " | ".join(sites) + " |", "| --- | ---: |" + " ---: |" * len(sites)]
    for f in CRAWL_FIELDS:
        cells = [_pct(total[f], total["records"])] + [_pct(a[f], a["records"]) for a in sites.values()]
        lines.append(f"| `{f}` | " + " | ".join(cells) + " |")
    return lines


def render(manifest: dict[str, Any]) -> str:
    """The card's Markdown."""
    counts, params = manifest["counts"], manifest["parameters"]
    parts = manifest["partitions"]
    rng = manifest.get("published_range") or ["–", "–"]
    sites = sorted({p["site"] for p in parts})
    filters = {k: params[k] for k in ("since", "until", "sites", "languages") if params.get(k)}
    out = [
        f"# {manifest['name']}: news articles crawled by newscrawl",
        "",
        f"{counts['articles']} articles from {counts['sites']} sites, published {rng[0]} to {rng[1]}; "
        f"built {manifest['built_at']} by newscrawl {manifest['newscrawl_version']}.",
        "",
        "## Sources",
        "",
        "Pages of these news sites, fetched by the newscrawl crawler (robots.txt obeyed, polite rates): "
        + ", ".join(sites) + f". Built from {len(manifest['inputs'])} run files (listed, with their SHA-256, in "
        "`manifest.json`).",
        "",
        "**Rights.** The texts, headlines and photo captions belong to their publishers. This dataset is a "
        "research copy of publicly visible pages; it grants no licence to the texts. Respect each publisher's "
        "terms before redistributing or training on them.",
        "",
        "## Layout",
        "",
        "`site=<site>/month=<YYYY-MM>/part-0.jsonl.gz` (one JSON record per line, UTF-8)"
        + (" and `part-0.parquet` (zstd)" if params.get("parquet") else "")
        + "; `schema.json` (JSON Schema of a record); `manifest.json` (every file with its record count and "
        "SHA-256, the inputs, the build parameters). `_index.sqlite` is the build's working index, not data.",
        "",
        "## Articles per site and month",
        "",
        *_counts_table(parts),
        "",
        "## Field coverage (share of records with the field present)",
        "",
        *_coverage_table(parts),
        "",
        "## How it was built",
        "",
        "`scrapy dataset build` (newscrawl): every run file was read line by line; malformed lines were reported "
        "and skipped. One record per article: the newest version by canonical URL (by `modified`, then "
        "`fetched_at`). Articles with exactly the same body under different URLs were collapsed into the "
        f"earliest published one, the others listed in `duplicate_urls` ({counts['exact_duplicates_collapsed']} "
        "collapsed). Near-duplicates (a wire story republished with small edits) stay as records and share a "
        f"`cluster_id`: MinHash ({params['num_perm']} permutations) LSH over {params['shingles']}, Jaccard "
        f"threshold {params['near_dup_threshold']} ({counts['near_duplicate_clusters']} clusters holding "
        f"{counts['articles_in_near_duplicate_clusters']} articles)."
        + (f" Filters: {filters}." if filters else ""),
        "",
        "## Known limits",
        "",
        "- Extraction is automatic: a body may keep a stray promo line or lose a paragraph; datelines, captions "
        "and credits are found by rules and are missing where a site prints none (see coverage).",
        "- Only what the crawler saw: sites that were down or changed their markup on a night are thin for "
        "that period (`scrapy dataset check` flags such drops).",
        "- Near-duplicate clusters are estimates (MinHash): pairs near the threshold may fall either side.",
        "- A month is the month of `published` as the site dated it, else of `fetched_at`.",
        "- Record keys are fixed by `schema.json`; keys a later crawler adds appear after a schema update.",
        "",
    ]
    return "\n".join(out)
