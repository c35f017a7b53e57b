"""Collapsing exact duplicates and grouping near-duplicates over the build index.

Both run over the whole index after the new inputs are in, so a story that
arrives tonight can join a cluster built last month, and a new threshold
applies to every record (the signatures are stored; nothing is re-read).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
from datasketch import MinHashLSH

from newscrawl.dataset.index import Index
from newscrawl.dataset.shingles import NUM_PERM, similarity

# (false-positive, false-negative) weights for datasketch's choice of bands and rows. At threshold 0.8 and 128
# permutations the default (0.5, 0.5) gives 9 bands of 13 rows, which misses 7% of pairs at similarity 0.9;
# (0.1, 0.9) gives 14 bands of 9 rows: 0.1% missed at 0.9, 2.5% at 0.85; candidates are confirmed anyway.
LSH_WEIGHTS = (0.1, 0.9)


@dataclass
class DedupCounts:
    exact_collapsed: int = 0
    clusters: int = 0
    clustered_records: int = 0


def reset(index: Index) -> None:
    """Forget the previous build's decisions; they are recomputed from the stored rows."""
    index.db.execute("UPDATE articles SET dup_of=NULL, duplicate_urls=NULL, cluster_id=NULL")


def collapse_exact(index: Index) -> int:
    """Keep the earliest article of each identical body; list the others' URLs in its `duplicate_urls`."""
    collapsed = 0
    groups = index.db.execute(
        "SELECT body_hash FROM articles WHERE body_hash != '' GROUP BY body_hash HAVING COUNT(*) > 1"
    ).fetchall()
    for (body_hash,) in groups:
        query = "SELECT key FROM articles WHERE body_hash=? ORDER BY early, key"
        keys = [k for (k,) in index.rows(query, (body_hash,))]
        keeper, others = keys[0], keys[1:]
        index.db.executemany("UPDATE articles SET dup_of=? WHERE key=?", [(keeper, k) for k in others])
        index.db.execute("UPDATE articles SET duplicate_urls=? WHERE key=?", (json.dumps(others), keeper))
        collapsed += len(others)
    return collapsed


def cluster_near(index: Index, threshold: float) -> tuple[int, int]:
    """Give near-duplicate articles a shared `cluster_id`; returns (clusters, records in them).

    MinHash LSH with datasketch's choice of bands and rows (`MinHashLSH.b`,
    `.r`, `.hashranges` for the threshold and LSH_WEIGHTS), but the band
    buckets live in an SQLite table instead of datasketch's in-memory tables:
    those cost about 5.7 KB a record (654 MiB of peak memory at 100,000
    records), the table costs disk. Articles sharing a bucket in any band are
    candidates; each pair is confirmed by the estimated Jaccard similarity of
    the two signatures, so false candidates do not chain stories together.
    Memory: the union-find over the row ids of confirmed pairs.
    """
    bands = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS).hashranges
    db = index.db
    db.execute("DROP TABLE IF EXISTS bands")
    db.execute("CREATE TABLE bands (band INTEGER NOT NULL, bucket BLOB NOT NULL, id INTEGER NOT NULL)")
    for rowid, sig in index.rows("SELECT rowid, sig FROM articles WHERE dup_of IS NULL AND sig IS NOT NULL"):
        values = np.frombuffer(sig, dtype=np.uint32)
        db.executemany("INSERT INTO bands VALUES (?, ?, ?)",
                       [(i, values[start:end].tobytes(), rowid) for i, (start, end) in enumerate(bands)])
    db.execute("CREATE INDEX bands_bucket ON bands (band, bucket, id)")
    parent: dict[int, int] = {}
    pairs = ("SELECT DISTINCT a.id, b.id FROM bands a JOIN bands b"
             " ON a.band = b.band AND a.bucket = b.bucket AND a.id < b.id")
    for a, b in index.rows(pairs):
        sig_a, sig_b = (db.execute("SELECT sig FROM articles WHERE rowid=?", (x,)).fetchone()[0] for x in (a, b))
        if similarity(sig_a, sig_b) >= threshold:
            _union(parent, a, b)
    db.execute("DROP TABLE bands")
    return _assign(index, parent)


def _find(parent: dict[int, int], x: int) -> int:
    while parent.get(x, x) != x:
        parent[x] = parent.get(parent[x], parent[x])
        x = parent[x]
    return x


def _union(parent: dict[int, int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
        parent.setdefault(min(ra, rb), min(ra, rb))


def _assign(index: Index, parent: dict[int, int]) -> tuple[int, int]:
    """Write cluster ids: "nd-" + a hash of the smallest member key, stable while membership stays."""
    members: dict[int, list[int]] = {}
    for rowid in list(parent):
        members.setdefault(_find(parent, rowid), []).append(rowid)
    records = 0
    for rowids in members.values():
        marks = ",".join("?" * len(rowids))
        keys = [k for (k,) in index.db.execute(f"SELECT key FROM articles WHERE rowid IN ({marks})", rowids)]
        cluster = "nd-" + hashlib.sha1(min(keys).encode("utf-8")).hexdigest()[:12]
        index.db.execute(f"UPDATE articles SET cluster_id=? WHERE rowid IN ({marks})", (cluster, *rowids))
        records += len(rowids)
    return len(members), records


def deduplicate(index: Index, threshold: float) -> DedupCounts:
    """Exact duplicates first (they leave the dataset), then near-duplicate clusters among what stays."""
    reset(index)
    counts = DedupCounts(exact_collapsed=collapse_exact(index))
    counts.clusters, counts.clustered_records = cluster_near(index, threshold)
    return counts
