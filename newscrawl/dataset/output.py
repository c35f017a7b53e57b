"""Partition files: `site=<site>/month=<YYYY-MM>/part-0.jsonl.gz` always, `part-0.parquet` when pyarrow is there.

Gzip headers carry no time or name (mtime=0), so the same records give the
same bytes and the same SHA-256 in the manifest on every rebuild. Level 6,
not Python's default 9: a third of the time for a few percent of size.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

from newscrawl.dataset.inputs import sha256_file

PARQUET_BATCH = 1000


def parquet_available() -> bool:
    """pyarrow is the optional `[parquet]` extra; JSONL is written either way."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def partition_dir(site: str, month: str) -> str:
    """Hive-style partition path; characters unsafe in a path become '_'."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", site) or "_"
    return f"site={safe}/month={month}"


def _arrow_schema() -> Any:
    import pyarrow as pa

    s = pa.string()
    return pa.schema([
        ("url", s), ("canonical_url", s), ("site", s), ("language", s), ("headline", s), ("headline_en", s),
        ("summary", s),
        ("dateline", pa.struct([("raw", s), ("place", s), ("date", s), ("agency", s)])),
        ("published", s), ("modified", s), ("authors", pa.list_(s)),
        ("photo", pa.struct([("url", s), ("caption", s), ("credit", s)])),
        ("body", s), ("tags", pa.list_(s)), ("section", s), ("word_count", pa.int64()), ("fetched_at", s),
        ("duplicate_urls", pa.list_(s)), ("cluster_id", s),
    ])


class PartitionWriter:
    """Writes one partition's records to JSONL.gz (and Parquet, batched) as they stream in."""

    def __init__(self, root: Path, site: str, month: str, *, parquet: bool) -> None:
        self.folder = root / partition_dir(site, month)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.site, self.month, self.records = site, month, 0
        self._raw = (self.folder / "part-0.jsonl.gz").open("wb")
        self._jsonl = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=6)
        self._batch: list[dict[str, Any]] = []
        self._parquet: Any = None
        if parquet:
            import pyarrow.parquet as pq

            self._schema = _arrow_schema()
            self._parquet = pq.ParquetWriter(self.folder / "part-0.parquet", self._schema, compression="zstd")

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self._jsonl.write(line.encode("utf-8"))
        self.records += 1
        if self._parquet is not None:
            self._batch.append(record)
            if len(self._batch) >= PARQUET_BATCH:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._batch:
            self._parquet.write_table(pa.Table.from_pylist(self._batch, schema=self._schema))
            self._batch = []

    def close(self, root: Path) -> list[dict[str, Any]]:
        """Close the files; their manifest entries (path, format, records, bytes, SHA-256)."""
        self._jsonl.close()
        self._raw.close()
        paths = [(self.folder / "part-0.jsonl.gz", "jsonl.gz")]
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
            paths.append((self.folder / "part-0.parquet", "parquet"))
        return [
            {"path": p.relative_to(root).as_posix(), "format": fmt, "site": self.site, "month": self.month,
             "records": self.records, "bytes": p.stat().st_size, "sha256": sha256_file(p)}
            for p, fmt in paths
        ]
