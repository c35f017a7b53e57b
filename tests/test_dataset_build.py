"""`scrapy dataset build`: versions, exact and near duplicates, partitions, schema, manifest, incremental runs."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newscrawl.dataset import build as build_mod
from newscrawl.dataset.build import BuildOptions, build
from newscrawl.dataset.shingles import shingles

ROOT = Path(__file__).resolve().parent.parent

_HI = ("सरकार कंपनी बाजार तकनीक मोबाइल इंटरनेट डेटा उपयोगकर्ता सेवा नीति राज्य देश शहर गांव किसान "
       "छात्र स्कूल अस्पताल डॉक्टर बैंक पैसा कीमत बिक्री उत्पादन निर्यात आयात बिजली पानी सड़क रेल")
_EN = ("government company market technology mobile internet data users service policy state country city "
       "village farmer student school hospital doctor bank money price sales production export import power "
       "water road rail")
HI_WORDS, EN_WORDS = _HI.split(), _EN.split()


def story(seed: int, vocab: list[str], n: int = 150) -> list[str]:
    """A deterministic n-word 'story' (different seeds give different stories)."""
    rng = random.Random(seed)
    return [rng.choice(vocab) for _ in range(n)]


def edited(words: list[str], positions: tuple[int, ...], vocab: list[str]) -> list[str]:
    """The same story with a few words changed (a republished wire copy)."""
    out = list(words)
    for i in positions:
        out[i] = next(w for w in vocab if w != out[i])
    return out


def record(url: str, site: str, body: list[str], *, lang: str = "hi", headline: str = "शीर्षक",
           published: str = "2026-11-01T10:00:00+05:30", modified: str | None = None,
           fetched: str = "2026-11-01T20:00:00+00:00", dateline: bool = True) -> dict[str, Any]:
    return {
        "url": url, "canonical_url": url, "site": site, "language": lang, "headline": headline,
        "headline_en": None, "summary": "सार", "dateline": ({"raw": "नई दिल्ली, 1 नवंबर :", "place": "नई दिल्ली",
                                                          "date": "2026-11-01", "agency": None} if dateline else None),
        "published": published, "modified": modified or published, "authors": ["डेस्क"],
        "photo": {"url": "https://x.in/a.jpg", "caption": "फोटो", "credit": "ANI"}, "body": " ".join(body),
        "tags": ["टेक"], "section": "टेक्नोलॉजी", "word_count": len(body), "fetched_at": fetched,
    }


WIRE = story(7, HI_WORDS)
A_BODY, B_BODY, F_BODY, G_BODY = story(1, HI_WORDS), story(2, EN_WORDS), story(3, EN_WORDS), story(4, HI_WORDS)


def write_jsonl(path: Path, records: list[Any], *, raw_lines: tuple[tuple[int, str], ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for at, text in raw_lines:
        lines.insert(at, text)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


@pytest.fixture()
def runs(tmp_path: Path) -> dict[str, Path]:
    """Three nightly runs: overlapping, updated, duplicated and near-duplicated articles, one malformed line."""
    run1 = write_jsonl(tmp_path / "data/news/all/run1.jsonl", [
        record("https://a.in/a", "a.in", A_BODY, headline="पुराना शीर्षक"),
        record("https://b.com/b", "b.com", B_BODY, lang="en", headline="B story"),
        record("https://a.in/wire", "a.in", WIRE, headline="वायर"),
        record("https://b.com/wire", "b.com", edited(WIRE, (10, 70, 120), HI_WORDS), headline="वायर कॉपी"),
        record("https://b.com/copy-of-b", "b.com", B_BODY, lang="en", headline="B copy",
               published="2026-11-01T12:00:00+05:30"),
    ], raw_lines=((3, '{"url": "https://a.in/broken", "site": '),))
    run2 = write_jsonl(tmp_path / "data/news/all/run2.jsonl.gz", [
        record("https://a.in/a", "a.in", A_BODY, headline="नया शीर्षक", modified="2026-11-02T09:00:00+05:30",
               fetched="2026-11-02T20:00:00+00:00"),
        record("https://b.com/b", "b.com", B_BODY, lang="en", headline="B older", modified="2026-10-31T09:00:00+05:30",
               published="2026-10-31T09:00:00+05:30", fetched="2026-11-02T20:00:00+00:00"),
        record("https://b.com/f", "b.com", F_BODY, lang="en", headline="F story", published="2026-12-01T08:00:00+05:30",
               fetched="2026-12-01T20:00:00+00:00"),
    ])
    run3 = tmp_path / "later/run3.jsonl"
    write_jsonl(run3, [
        record("https://a.in/g", "a.in", G_BODY, headline="जी", fetched="2026-11-03T20:00:00+00:00"),
        record("https://c.in/wire", "c.in", edited(WIRE, (30, 100), HI_WORDS), fetched="2026-11-03T20:00:00+00:00"),
    ])
    return {"run1": run1, "run2": run2, "run3": run3, "root": tmp_path}


def read_dataset(folder: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for part in sorted(folder.glob("site=*/month=*/part-0.jsonl.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                out[rec["canonical_url"]] = rec
    return out


def do_build(runs: dict[str, Path], *inputs: Path, **kw: Any) -> tuple[build_mod.BuildResult, list[str]]:
    warnings: list[str] = []
    opts = BuildOptions(inputs=[str(p) for p in inputs], output=runs["root"] / "ds", **kw)
    return build(opts, warnings.append), warnings


def test_versions_duplicates_and_near_duplicates(runs: dict[str, Path]) -> None:
    result, warnings = do_build(runs, runs["root"] / "data")
    recs = read_dataset(runs["root"] / "ds")
    assert set(recs) == {"https://a.in/a", "https://b.com/b", "https://a.in/wire", "https://b.com/wire",
                         "https://b.com/f"}
    assert result.articles == 5 and result.lines == 9 and result.malformed == 1
    assert recs["https://a.in/a"]["headline"] == "नया शीर्षक"  # newer modified wins
    assert recs["https://b.com/b"]["headline"] == "B story"  # an older version read later does not
    assert recs["https://b.com/b"]["duplicate_urls"] == ["https://b.com/copy-of-b"]
    assert recs["https://a.in/a"]["duplicate_urls"] == []
    wire_cluster = recs["https://a.in/wire"]["cluster_id"]
    assert wire_cluster and recs["https://b.com/wire"]["cluster_id"] == wire_cluster
    assert all(recs[k]["cluster_id"] is None for k in ("https://a.in/a", "https://b.com/b", "https://b.com/f"))
    assert result.dedup.exact_collapsed == 1 and result.dedup.clusters == 1
    assert "run1.jsonl:4: skipped malformed line" in warnings[0]
    assert result.exit_status == 1 and "1 malformed lines skipped" in result.summary()


def test_partitions_schema_and_parquet(runs: dict[str, Path]) -> None:
    do_build(runs, runs["root"] / "data")
    ds = runs["root"] / "ds"
    parts = sorted(p.parent.relative_to(ds).as_posix() for p in ds.glob("site=*/month=*/part-0.jsonl.gz"))
    assert parts == ["site=a.in/month=2026-11", "site=b.com/month=2026-11", "site=b.com/month=2026-12"]
    schema = json.loads((ds / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for rec in read_dataset(ds).values():
        jsonschema.validate(rec, schema)
        assert list(rec) == list(schema["properties"])
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(ds / "site=b.com/month=2026-11/part-0.parquet")
    assert table.num_rows == 2 and table.column("duplicate_urls").to_pylist()[0] == ["https://b.com/copy-of-b"]
    meta = pq.ParquetFile(ds / "site=b.com/month=2026-11/part-0.parquet").metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"


def test_manifest_checksums_and_card(runs: dict[str, Path]) -> None:
    do_build(runs, runs["root"] / "data")
    ds = runs["root"] / "ds"
    manifest = json.loads((ds / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["newscrawl_version"] and manifest["parameters"]["near_dup_threshold"] == 0.8
    assert {f["path"] for f in manifest["files"]} == {p.relative_to(ds).as_posix() for p in ds.glob("site=*/*/*")}
    for entry in manifest["files"]:
        assert hashlib.sha256((ds / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert sum(f["records"] for f in manifest["files"] if f["format"] == "jsonl.gz") == 5
    for entry in manifest["inputs"]:
        assert hashlib.sha256(Path(entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["last_build"]["malformed_lines"][0]["line"] == 4
    card = (ds / "README.md").read_text(encoding="utf-8")
    for words in ("belong to their publishers", "| a.in | 2026-11 | 2 |", "`dateline` | 100%", "Known limits"):
        assert words in card


def test_incremental_rebuild_reads_only_new_runs(runs: dict[str, Path]) -> None:
    do_build(runs, runs["root"] / "data")
    result, warnings = do_build(runs, runs["root"] / "data", runs["run3"])
    assert result.files_read == 1 and result.files_already_in == 2 and not warnings and result.exit_status == 0
    recs = read_dataset(runs["root"] / "ds")
    assert len(recs) == 7 and recs["https://a.in/a"]["headline"] == "नया शीर्षक"
    assert recs["https://c.in/wire"]["cluster_id"] == recs["https://a.in/wire"]["cluster_id"] is not None
    manifest = json.loads((runs["root"] / "ds/manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["inputs"]) == 3 and manifest["counts"]["articles"] == 7


def test_filters_and_changed_filters_refused(runs: dict[str, Path]) -> None:
    result, _ = do_build(runs, runs["root"] / "data", sites=("b.com",), until=build_mod.date(2026, 11, 30))
    assert set(read_dataset(runs["root"] / "ds")) == {"https://b.com/b", "https://b.com/wire"}
    assert result.filtered == 4  # three a.in lines and the December one
    with pytest.raises(build_mod.BuildError, match="filters"):
        do_build(runs, runs["root"] / "data")


def test_parquet_skipped_without_pyarrow(runs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_mod, "parquet_available", lambda: False)
    result, _ = do_build(runs, runs["root"] / "data")
    assert not list((runs["root"] / "ds").rglob("*.parquet")) and len(read_dataset(runs["root"] / "ds")) == 5
    assert "Parquet skipped: pyarrow not installed" in result.summary()


def test_shingles_by_script() -> None:
    assert "सरकार कंपनी बाजार" in shingles("सरकार कंपनी बाजार तकनीक")
    assert shingles("東京で新しい技術が発表された") >= {"東京で新し", "技術が発表"}


def test_scrapy_dataset_build_command(runs: dict[str, Path]) -> None:
    out = runs["root"] / "cmd-ds"
    proc = subprocess.run([sys.executable, "-m", "scrapy", "dataset", "build", str(runs["root"] / "data"),
                           "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "run1.jsonl:4: skipped malformed line" in proc.stderr
    assert "5 articles" in proc.stdout and "exit status 1" in proc.stdout
    assert (out / "manifest.json").is_file() and len(read_dataset(out)) == 5
    again = subprocess.run([sys.executable, "-m", "scrapy", "dataset", "build", str(runs["root"] / "data"),
                            "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "0 new input files read (2 already in the dataset)" in again.stdout
