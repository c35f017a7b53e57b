"""`dataset build`: run files in, one partitioned, de-duplicated dataset folder out.

Two passes keep memory flat in the number of records: pass one streams the
new input lines into the SQLite build index (one row per canonical URL, the
newest version winning); pass two streams the index back, partition by
partition, into the output files. Between them exact duplicates are
collapsed and near-duplicates clustered (dedup.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import newscrawl
from newscrawl.dataset import card
from newscrawl.dataset.dedup import DedupCounts, deduplicate
from newscrawl.dataset.index import PERIOD_FIELDS, Index, decode
from newscrawl.dataset.inputs import find_inputs, read_lines, sha256_file
from newscrawl.dataset.output import PartitionWriter, parquet_available
from newscrawl.dataset.schema import CRAWL_FIELDS, FIELDS, json_schema, normalise, present, problem
from newscrawl.dataset.shingles import NUM_PERM, signature

EXIT_OK = 0
EXIT_SKIPPED_LINES = 1
EXIT_USAGE = 2
MAX_LISTED_PROBLEMS = 1000
_MONTH = re.compile(r"^\d{4}-\d{2}")


class BuildError(Exception):
    """The build cannot start (no input, a dataset built with other filters); exit status 2."""


@dataclass(frozen=True)
class BuildOptions:
    inputs: list[str]
    output: Path
    near_dup_threshold: float = 0.8
    since: date | None = None
    until: date | None = None
    sites: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    parquet: bool = True

    def filters(self) -> dict[str, Any]:
        """What decides which lines enter the index; a later build into the same folder must use the same."""
        return {"since": self.since and self.since.isoformat(), "until": self.until and self.until.isoformat(),
                "sites": sorted(self.sites), "languages": sorted(self.languages)}


@dataclass
class BuildResult:
    files_read: int = 0
    files_already_in: int = 0
    lines: int = 0
    records: int = 0
    filtered: int = 0
    problems: list[tuple[str, int, str]] = field(default_factory=list)
    malformed: int = 0
    articles: int = 0
    dedup: DedupCounts = field(default_factory=DedupCounts)
    parquet_written: bool = False
    parquet_note: str = ""

    @property
    def exit_status(self) -> int:
        """1 when any input line was skipped as malformed, so cron notices; else 0."""
        return EXIT_SKIPPED_LINES if self.malformed else EXIT_OK

    def summary(self) -> str:
        """The one line the command prints at the end."""
        return (
            f"Dataset build: {self.files_read} new input files read ({self.files_already_in} already in the dataset), "
            f"{self.lines} lines, {self.malformed} malformed lines skipped, {self.filtered} filtered out; "
            f"{self.articles} articles ({self.dedup.exact_collapsed} exact duplicates collapsed, "
            f"{self.dedup.clusters} near-duplicate clusters holding {self.dedup.clustered_records} articles); "
            f"Parquet {'written' if self.parquet_written else 'skipped: ' + self.parquet_note}; "
            f"exit status {self.exit_status}"
        )


def utc_key(value: Any) -> str:
    """A timestamp as a sortable UTC string ('' when absent or unreadable, so it sorts first)."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def month_of(record: dict[str, Any]) -> str:
    """Partition month: from `published` as the site dated it, else `fetched_at`, else 'unknown'."""
    for key in ("published", "fetched_at"):
        value = record.get(key)
        if isinstance(value, str) and _MONTH.match(value):
            return value[:7]
    return "unknown"


def body_hash(body: str | None) -> str:
    """SHA-256 of the body with whitespace collapsed ('' for no body: empty bodies are not duplicates)."""
    text = " ".join((body or "").split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""


def keep(record: dict[str, Any], opts: BuildOptions) -> bool:
    """The build's filters: site, language, and the published date within --since/--until."""
    if opts.sites and record["site"] not in opts.sites:
        return False
    if opts.languages and record.get("language") not in opts.languages:
        return False
    if opts.since or opts.until:
        day = (record.get("published") or "")[:10]
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", day):
            return False
        if (opts.since and day < opts.since.isoformat()) or (opts.until and day > opts.until.isoformat()):
            return False
    return True


def index_row(record: dict[str, Any], sequence: int) -> dict[str, Any]:
    """The keys the index orders and groups by, and the record's MinHash signature."""
    key = record.get("canonical_url") or record["url"]
    return {
        "key": key,
        "rank": f"{utc_key(record.get('modified') or record.get('published'))}|{utc_key(record.get('fetched_at'))}"
                f"|{sequence:012d}",
        "early": f"{utc_key(record.get('published')) or '9'}|{utc_key(record.get('fetched_at')) or '9'}|{key}",
        "site": record["site"],
        "month": month_of(record),
        "body_hash": body_hash(record.get("body")),
        "sig": signature(record.get("body") or "", NUM_PERM),
    }


def parse_line(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """(record, '') or (None, why the line is malformed)."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} (column {exc.colno})"
    why = problem(value)
    return (None, why) if why else (value, "")


class Builder:
    """One build: ingest new inputs, deduplicate, write partitions, schema, manifest and card."""

    def __init__(self, opts: BuildOptions, warn: Callable[[str], None]) -> None:
        self.opts, self.warn = opts, warn
        self.result = BuildResult()
        opts.output.mkdir(parents=True, exist_ok=True)
        self.index = Index(opts.output)

    def run(self) -> BuildResult:
        try:
            self._check_filters()
            paths = find_inputs(self.opts.inputs, exclude=self.opts.output)
            if not paths and not self.index.get_meta("inputs"):
                raise BuildError(f"no .jsonl or .jsonl.gz files in {' '.join(self.opts.inputs)}")
            self._ingest_all(paths)
            self.result.dedup = deduplicate(self.index, self.opts.near_dup_threshold)
            self.index.db.commit()
            self._write()
        finally:
            self.index.close()
        return self.result

    def _check_filters(self) -> None:
        stored = self.index.get_meta("filters")
        if stored is not None and stored != self.opts.filters():
            raise BuildError(f"{self.opts.output} was built with filters {stored}; this build asks for "
                             f"{self.opts.filters()}: use the same filters or a new output folder")
        self.index.set_meta("filters", self.opts.filters())

    def _ingest_all(self, paths: list[Path]) -> None:
        done: list[dict[str, Any]] = self.index.get_meta("inputs", [])
        seen = {entry["sha256"] for entry in done}
        for path in paths:
            digest = sha256_file(path)
            if digest in seen:
                self.result.files_already_in += 1
                continue
            done.append(self._ingest(path, digest))
            seen.add(digest)
            self.index.set_meta("inputs", done)
            self.index.db.commit()  # one transaction per file: a crash never half-counts a file

    def _ingest(self, path: Path, digest: str) -> dict[str, Any]:
        entry = {"path": path.as_posix(), "sha256": digest, "lines": 0, "records": 0, "malformed": 0,
                 "filtered": 0, "added_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        sequence = self.index.next_sequence()
        for number, raw in read_lines(path):
            entry["lines"] += 1
            record, why = parse_line(raw)
            if record is None:
                entry["malformed"] += 1
                self._malformed(path, number, why)
                continue
            record = normalise(record)
            if not keep(record, self.opts):
                entry["filtered"] += 1
                continue
            sequence += 1
            self.index.upsert(index_row(record, sequence), record)
            day = (record.get("fetched_at") or "")[:10] or "unknown"
            self.index.count_period(record["site"], day, {f: present(record, f) for f in PERIOD_FIELDS})
            entry["records"] += 1
        self.index.set_meta("sequence", sequence)
        self.result.files_read += 1
        for key in ("lines", "records", "filtered"):
            setattr(self.result, key, getattr(self.result, key) + entry[key])
        return entry

    def _malformed(self, path: Path, number: int, why: str) -> None:
        """Report a skipped line with file and line number; never silent."""
        self.result.malformed += 1
        self.warn(f"{path}:{number}: skipped malformed line: {why}")
        if len(self.result.problems) < MAX_LISTED_PROBLEMS:
            self.result.problems.append((path.as_posix(), number, why))

    def _write(self) -> None:
        root = self.opts.output
        for old in root.glob("site=*"):
            shutil.rmtree(old)
        parquet = self.opts.parquet and parquet_available()
        self.result.parquet_written = parquet
        if not self.opts.parquet:
            self.result.parquet_note = "disabled (--no-parquet)"
        elif not parquet:
            self.result.parquet_note = "pyarrow not installed (pip install 'newscrawl[parquet]')"
        files, partitions = self._write_partitions(parquet)
        self.result.articles = sum(p["records"] for p in partitions)
        (root / "schema.json").write_text(json.dumps(json_schema(), indent=1) + "\n", encoding="utf-8")
        manifest = self._manifest(files, partitions)
        _write_atomic(root / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
        _write_atomic(root / "README.md", card.render(manifest))

    def _write_partitions(self, parquet: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Stream the kept articles in partition order, one open writer at a time."""
        files: list[dict[str, Any]] = []
        partitions: list[dict[str, Any]] = []
        writer: PartitionWriter | None = None
        stats: dict[str, Any] = {}
        query = ("SELECT site, month, record, duplicate_urls, cluster_id FROM articles WHERE dup_of IS NULL"
                 " ORDER BY site, month, early")
        for site, month, blob, dups, cluster in self.index.rows(query):
            if writer is None or (writer.site, writer.month) != (site, month):
                if writer is not None:
                    files += writer.close(self.opts.output)
                    partitions.append(stats)
                writer = PartitionWriter(self.opts.output, site, month, parquet=parquet)
                stats = _new_stats(site, month)
            record = decode(blob)
            record["duplicate_urls"] = json.loads(dups) if dups else []
            record["cluster_id"] = cluster
            writer.write({k: record.get(k) for k in FIELDS})
            _add_stats(stats, record)
        if writer is not None:
            files += writer.close(self.opts.output)
            partitions.append(stats)
        return files, partitions

    def _manifest(self, files: list[dict[str, Any]], partitions: list[dict[str, Any]]) -> dict[str, Any]:
        published = [p[k] for p in partitions for k in ("first_published", "last_published") if p[k]]
        return {
            "name": self.opts.output.resolve().name,
            "newscrawl_version": newscrawl.__version__,
            "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "parameters": {"near_dup_threshold": self.opts.near_dup_threshold, "num_perm": NUM_PERM,
                           "shingles": "word 3-grams; character 5-grams for unspaced scripts",
                           "parquet": self.result.parquet_written, **self.opts.filters()},
            "counts": {"articles": self.result.articles, "partitions": len(partitions),
                       "sites": len({p["site"] for p in partitions}),
                       "exact_duplicates_collapsed": self.result.dedup.exact_collapsed,
                       "near_duplicate_clusters": self.result.dedup.clusters,
                       "articles_in_near_duplicate_clusters": self.result.dedup.clustered_records},
            "published_range": [min(published), max(published)] if published else None,
            "files": files,
            "partitions": partitions,
            "inputs": self.index.get_meta("inputs", []),
            "last_build": {"files_read": self.result.files_read, "files_already_in": self.result.files_already_in,
                           "lines": self.result.lines, "malformed": self.result.malformed,
                           "filtered": self.result.filtered,
                           "malformed_lines": [{"file": f, "line": n, "reason": r}
                                               for f, n, r in self.result.problems]},
            "fetch_periods": self.index.periods(),
        }


def _new_stats(site: str, month: str) -> dict[str, Any]:
    return {"site": site, "month": month, "records": 0, "languages": {}, "first_published": None,
            "last_published": None, "coverage": dict.fromkeys(CRAWL_FIELDS, 0)}


def _add_stats(stats: dict[str, Any], record: dict[str, Any]) -> None:
    """Per-partition tallies for the manifest and the card: counts, languages, field coverage, date range."""
    stats["records"] += 1
    lang = record.get("language") or "unknown"
    stats["languages"][lang] = stats["languages"].get(lang, 0) + 1
    for f in CRAWL_FIELDS:
        stats["coverage"][f] += present(record, f)
    pub = record.get("published")
    if pub:
        stats["first_published"] = min(filter(None, [stats["first_published"], pub]))
        stats["last_published"] = max(filter(None, [stats["last_published"], pub]))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def build(opts: BuildOptions, warn: Callable[[str], None] | None = None) -> BuildResult:
    """Build (or extend) the dataset in opts.output; problems go to `warn` (stderr by default)."""
    return Builder(opts, warn or (lambda msg: print(msg, file=sys.stderr))).run()
