"""The build index: an SQLite file in the dataset folder that keeps the build's memory flat.

Pass one streams every new input line into `articles`, one row per canonical
URL; an upsert keeps the row only when the incoming version ranks higher
(newer `modified`, then `fetched_at`, then read later). Each row holds the
sort keys, the body hash, the MinHash signature and the record itself
(zlib-compressed JSON), so a later build reads only new run files and the
write pass streams rows back in partition order: memory holds keys and
signatures, never the records.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

INDEX_NAME = "_index.sqlite"
PERIOD_FIELDS = ("headline", "body", "published", "dateline")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,       -- canonical_url, else url
    rank TEXT NOT NULL,         -- version order: modified|fetched_at|sequence
    early TEXT NOT NULL,        -- order among exact duplicates: published|fetched_at|key
    site TEXT NOT NULL,
    month TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    sig BLOB,
    record BLOB NOT NULL,
    dup_of TEXT,
    duplicate_urls TEXT,
    cluster_id TEXT
);
CREATE INDEX IF NOT EXISTS articles_body ON articles(body_hash);
CREATE INDEX IF NOT EXISTS articles_part ON articles(site, month, early);
CREATE TABLE IF NOT EXISTS periods (  -- lines read per site and fetch day: what `dataset check` compares
    site TEXT NOT NULL, day TEXT NOT NULL, articles INTEGER NOT NULL,
    headline INTEGER NOT NULL, body INTEGER NOT NULL, published INTEGER NOT NULL, dateline INTEGER NOT NULL,
    PRIMARY KEY (site, day)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Index:
    """The SQLite build index of one dataset folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / INDEX_NAME
        self.db = sqlite3.connect(self.path)
        self.db.executescript(_SCHEMA)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def get_meta(self, name: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value, ensure_ascii=False)))

    def next_sequence(self) -> int:
        """A counter that survives builds, so a later input wins ties against an earlier one."""
        return int(self.get_meta("sequence", 0))

    def upsert(self, row: dict[str, Any], record: dict[str, Any]) -> None:
        """Keep this version of the article unless the stored one ranks at least as high."""
        blob = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        self.db.execute(
            "INSERT INTO articles (key, rank, early, site, month, body_hash, sig, record)"
            " VALUES (:key, :rank, :early, :site, :month, :body_hash, :sig, :record)"
            " ON CONFLICT(key) DO UPDATE SET rank=excluded.rank, early=excluded.early, site=excluded.site,"
            " month=excluded.month, body_hash=excluded.body_hash, sig=excluded.sig, record=excluded.record"
            " WHERE excluded.rank > articles.rank",
            {**row, "record": blob},
        )

    def count_period(self, site: str, day: str, covered: dict[str, bool]) -> None:
        """Add one input line to its site's fetch-day tally (articles and field coverage)."""
        values = [int(covered[f]) for f in PERIOD_FIELDS]
        self.db.execute(
            "INSERT INTO periods VALUES (?, ?, 1, ?, ?, ?, ?) ON CONFLICT(site, day) DO UPDATE SET"
            " articles=articles+1, headline=headline+excluded.headline, body=body+excluded.body,"
            " published=published+excluded.published, dateline=dateline+excluded.dateline",
            (site, day, *values),
        )

    def periods(self) -> dict[str, dict[str, dict[str, int]]]:
        """{site: {day: {"articles": n, field: n covered}}} for the manifest."""
        out: dict[str, dict[str, dict[str, int]]] = {}
        for site, day, n, *covered in self.db.execute("SELECT * FROM periods ORDER BY site, day"):
            out.setdefault(site, {})[day] = {"articles": n, **dict(zip(PERIOD_FIELDS, covered, strict=True))}
        return out

    def rows(self, query: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """Stream the rows of a query (a separate cursor, so updates may run alongside)."""
        yield from self.db.cursor().execute(query, params)


def decode(blob: bytes) -> dict[str, Any]:
    """A stored record back from its compressed JSON."""
    return json.loads(zlib.decompress(blob))
