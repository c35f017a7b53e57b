"""Incremental crawl state: which article URLs were seen, when, and with what content.

One small ``StateStore`` protocol so the spider and pipelines do not care
where state lives. SQLite is the default (one file, WAL); a Redis backend for
distributed crawls implements the same protocol (newscrawl/state_redis.py).

Crash safety: records are written in batches, each only after the output
lines of its articles are flushed and fsynced (newscrawl/durability.py). A run
registers its output files when it starts and is marked finished when it
closes cleanly; a run killed in between is reconciled at the next start by
reading its output files, so every article whose line reached the disk counts
as seen and no other does.

Keys are canonical URLs (``newscrawl.discovery.urls.canonicalize``).
Timestamps are stored as UTC ISO-8601 strings so they sort lexically.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timezone
from pathlib import Path
from typing import Protocol, runtime_checkable

from newscrawl.discovery.sitemaps import IST
from newscrawl.discovery.urls import canonicalize

__all__ = [
    "SCHEMA_VERSION",
    "SQLiteStateStore",
    "SeenRecord",
    "StateStore",
    "fingerprint",
    "is_changed_record",
    "open_state",
    "should_fetch_record",
]

SCHEMA_VERSION = 2


@dataclass(frozen=True)
class SeenRecord:
    """What we know about one article URL."""

    url: str  # canonical
    fingerprint: str
    modified: str | None  # the page's own dateModified (as published), if any
    first_seen: datetime  # aware, UTC
    last_seen: datetime  # aware, UTC


@runtime_checkable
class StateStore(Protocol):
    """Incremental-crawl state; every method takes raw URLs and canonicalises them."""

    def get(self, url: str) -> SeenRecord | None:
        """The record for ``url``, or None if never recorded."""
        ...

    def should_fetch(self, url: str, lastmod: datetime | None) -> bool:
        """False when known and ``lastmod`` is not newer than what we stored."""
        ...

    def is_changed(self, url: str, fingerprint: str, modified: str | None) -> bool:
        """True for a new URL or when the fingerprint or ``modified`` differs."""
        ...

    def record(self, url: str, fingerprint: str, modified: str | None, now: datetime) -> None:
        """Upsert; keeps ``first_seen``."""
        ...

    def record_many(self, records: Iterable[tuple[str, str, str | None, datetime]]) -> None:
        """Upsert several (url, fingerprint, modified, now) records in one transaction."""
        ...

    def claim(self, url: str, run_id: int | None) -> bool:
        """Take the right to emit ``url`` for ``run_id``; False when another live run holds it.

        A claim is released when the article's record is committed, or when its run is
        reconciled (finished or found dead). One process never competes with itself.
        """
        ...

    def release(self, url: str, run_id: int | None) -> None:
        """Give up a claim (the article was not emitted after all)."""
        ...

    def begin_run(self, outputs: Iterable[str]) -> int:
        """Register a starting run and the output files it writes; returns its id."""
        ...

    def finish_run(self, run_id: int) -> None:
        """Mark a run finished: its records are all committed."""
        ...

    def unfinished_runs(self) -> list[tuple[int, list[str]]]:
        """Runs that started but never finished (killed), with their output files."""
        ...

    def close(self) -> None:
        """Release resources; the store is unusable afterwards."""
        ...


def fingerprint(headline: str | None, body: str | None) -> str:
    """SHA-256 (hex) of NFC-normalised, whitespace-collapsed headline and body.

    NFC because the same Devanagari can arrive composed or decomposed (nukta
    forms like क़); whitespace because templates reflow text without
    changing it. A unit separator keeps ``("a b", "c")`` and ``("a", "b c")`` apart.
    """

    def norm(text: str | None) -> str:
        return " ".join(unicodedata.normalize("NFC", text or "").split())

    data = norm(headline) + "\x1f" + norm(body)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _aware(dt: datetime, naive_tz: timezone = UTC) -> datetime:
    return dt if dt.tzinfo is not None and dt.utcoffset() is not None else dt.replace(tzinfo=naive_tz)


def _to_text(dt: datetime) -> str:
    return _aware(dt).astimezone(UTC).isoformat(timespec="microseconds")


def _from_text(text: str) -> datetime:
    return _aware(datetime.fromisoformat(text))


def _parse_modified(modified: str | None) -> datetime | None:
    """A page's ``dateModified`` as an aware datetime (naive → IST), or None if unparsable."""
    if not modified:
        return None
    try:
        return _aware(datetime.fromisoformat(modified.strip()), IST)
    except ValueError:
        return None


def _same_modified(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    da, db = _parse_modified(a), _parse_modified(b)
    return da is not None and db is not None and da == db


def should_fetch_record(rec: SeenRecord | None, lastmod: datetime | None) -> bool:
    """``StateStore.should_fetch`` given the stored record, shared by every backend."""
    if rec is None:
        return True
    if lastmod is None:
        return False
    reference = rec.last_seen
    modified = _parse_modified(rec.modified)
    if modified is not None and modified > reference:
        reference = modified
    return _aware(lastmod, IST) > reference


def is_changed_record(rec: SeenRecord | None, fingerprint: str, modified: str | None) -> bool:
    """``StateStore.is_changed`` given the stored record, shared by every backend."""
    if rec is None:
        return True
    return rec.fingerprint != fingerprint or not _same_modified(rec.modified, modified)


class SQLiteStateStore:
    """``StateStore`` on one SQLite file (WAL; safe for several processes on one host)."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.path = str(Path(self.path).expanduser())
        # isolation_level=None: autocommit; we open transactions explicitly.
        self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._closed = False
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()

    def _migrate(self) -> None:
        c = self._conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = c.execute("SELECT MAX(version) FROM schema_version").fetchone()
            version = row[0] if row and row[0] is not None else 0
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.path}: state schema version {version} is newer than this code ({SCHEMA_VERSION})"
                )
            if version < 2:
                c.execute("""CREATE TABLE IF NOT EXISTS runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, finished TEXT)""")
                c.execute("""CREATE TABLE IF NOT EXISTS run_outputs (
                    run_id INTEGER NOT NULL REFERENCES runs(id), path TEXT NOT NULL)""")
            if version < 1:
                c.execute(
                    """CREATE TABLE IF NOT EXISTS seen (
                        url TEXT PRIMARY KEY,
                        fingerprint TEXT NOT NULL,
                        modified TEXT,
                        first_seen TEXT NOT NULL,
                        last_seen TEXT NOT NULL
                    ) WITHOUT ROWID"""
                )
            if version < SCHEMA_VERSION:
                c.execute("DELETE FROM schema_version")
                c.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # -- protocol ---------------------------------------------------------------

    def get(self, url: str) -> SeenRecord | None:
        """The record for ``url`` (canonicalised), or None."""
        key = canonicalize(url)
        with self._lock:
            row = self._conn.execute(
                "SELECT url, fingerprint, modified, first_seen, last_seen FROM seen WHERE url = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        return SeenRecord(row[0], row[1], row[2], _from_text(row[3]), _from_text(row[4]))

    def should_fetch(self, url: str, lastmod: datetime | None) -> bool:
        """Fetch unknown URLs, and known ones only when ``lastmod`` is newer than what we have.

        "What we have" is the later of the stored ``modified`` and
        ``last_seen``: a sitemap ``lastmod`` before our last visit describes a
        version we already fetched. A known URL without ``lastmod`` is not
        refetched. Naive ``lastmod`` is read as IST, like sitemap dates.
        """
        return should_fetch_record(self.get(url), lastmod)

    def is_changed(self, url: str, fingerprint: str, modified: str | None) -> bool:
        """New URL, different fingerprint, or a different ``modified`` (compared as instants when both parse)."""
        return is_changed_record(self.get(url), fingerprint, modified)

    def claim(self, url: str, run_id: int | None) -> bool:
        """Always granted: SQLite state serves one machine, where one run emits an article once."""
        return True

    def release(self, url: str, run_id: int | None) -> None:
        """Nothing to release (claims are always granted)."""

    def record(self, url: str, fingerprint: str, modified: str | None, now: datetime) -> None:
        """Upsert one record and commit. ``first_seen`` survives; ``last_seen`` never moves back."""
        self.record_many([(url, fingerprint, modified, now)])

    def record_many(self, records: Iterable[tuple[str, str, str | None, datetime]]) -> None:
        """Upsert records in one transaction (one disk sync for a whole batch)."""
        rows = [(canonicalize(url), fp, modified, _to_text(now), _to_text(now)) for url, fp, modified, now in records]
        if not rows:
            return
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(_UPSERT, rows)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def begin_run(self, outputs: Iterable[str]) -> int:
        """Register a run and its output files (committed at once: a kill right after still finds them)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            cursor = self._conn.execute("INSERT INTO runs (started) VALUES (?)", (_to_text(datetime.now(UTC)),))
            run_id = int(cursor.lastrowid or 0)
            self._conn.executemany("INSERT INTO run_outputs (run_id, path) VALUES (?, ?)",
                                   [(run_id, str(path)) for path in outputs])
            self._conn.execute("COMMIT")
        return run_id

    def finish_run(self, run_id: int) -> None:
        """Mark a run finished (or reconciled)."""
        with self._lock:
            self._conn.execute("UPDATE runs SET finished = ? WHERE id = ?", (_to_text(datetime.now(UTC)), run_id))

    def unfinished_runs(self) -> list[tuple[int, list[str]]]:
        """Killed runs, oldest first, with the output files they registered."""
        with self._lock:
            runs = self._conn.execute("SELECT id FROM runs WHERE finished IS NULL ORDER BY id").fetchall()
            return [(run_id, [row[0] for row in self._conn.execute(
                "SELECT path FROM run_outputs WHERE run_id = ?", (run_id,))]) for (run_id,) in runs]

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    # -- extras -----------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM seen").fetchone()[0])

    def __enter__(self) -> SQLiteStateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStateStore({self.path!r})"


_UPSERT = """INSERT INTO seen (url, fingerprint, modified, first_seen, last_seen)
   VALUES (?, ?, ?, ?, ?)
   ON CONFLICT(url) DO UPDATE SET
     fingerprint = excluded.fingerprint,
     modified = excluded.modified,
     last_seen = MAX(seen.last_seen, excluded.last_seen)"""


def open_state(uri: str) -> StateStore:
    """Open a state store from a URI.

    ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` (the
    SQLAlchemy convention: the path is what follows ``sqlite:///``),
    ``sqlite:///:memory:`` or a plain filesystem path → SQLite.
    ``redis://``, ``rediss://`` or ``unix://`` → ``RedisStateStore`` (needs the
    ``redis`` extra); any other scheme → ``ValueError``.
    """
    uri = uri.strip()
    lower = uri.lower()
    if lower.startswith(("redis://", "rediss://", "unix://")):
        from newscrawl.state_redis import RedisStateStore  # optional dependency: only distributed crawls need it

        return RedisStateStore.from_url(uri)
    if lower.startswith("sqlite:"):
        if not lower.startswith("sqlite:///"):
            raise ValueError(f"SQLite URI must look like sqlite:///path/to/state.db, got {uri!r}")
        path = uri[len("sqlite:///") :]
        if not path:
            raise ValueError(f"SQLite URI has no path: {uri!r}")
        return SQLiteStateStore(path)
    if "://" in uri:
        raise ValueError(f"unsupported state URI scheme: {uri!r} (use sqlite:///… or a file path)")
    if not uri:
        raise ValueError("empty state URI")
    return SQLiteStateStore(uri)
