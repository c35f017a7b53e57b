"""Incremental state: SQLite store round trips, fetch/change logic, persistence, two writers."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.discovery.sitemaps import IST
from newscrawl.state import (
    SCHEMA_VERSION,
    SeenRecord,
    SQLiteStateStore,
    StateStore,
    fingerprint,
    open_state,
)

URL = "https://www.jagran.com/technology/tech-news-whatsapp-down-23161585.html"
T0 = datetime(2026, 10, 8, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStateStore]:
    s = SQLiteStateStore(tmp_path / "state" / "seen.db")
    yield s
    s.close()


# --- fingerprint ----------------------------------------------------------------------


def test_fingerprint_normalises_whitespace_and_unicode() -> None:
    a = fingerprint("व्हाट्सएप  डाउन", "पहला पैराग्राफ।\n\n  दूसरा पैराग्राफ।")
    b = fingerprint(" व्हाट्सएप डाउन ", "पहला पैराग्राफ। दूसरा पैराग्राफ।")
    assert a == b
    assert len(a) == 64 and int(a, 16) >= 0
    # क़ precomposed (U+0958) vs क + nukta: NFC makes them equal
    assert fingerprint("\u0958", None) == fingerprint("\u0915\u093c", None)


def test_fingerprint_distinguishes_content_and_field_boundary() -> None:
    assert fingerprint("a", "b") != fingerprint("a", "c")
    assert fingerprint("a b", "c") != fingerprint("a", "b c")
    assert fingerprint(None, None) == fingerprint("", "  ")


# --- basic round trip -------------------------------------------------------------------


def test_protocol_conformance(store: SQLiteStateStore) -> None:
    assert isinstance(store, StateStore)


def test_round_trip(store: SQLiteStateStore, tmp_path: Path) -> None:
    assert (tmp_path / "state").is_dir()  # parent created
    assert store.get(URL) is None
    store.record(URL, "fp1", "2026-10-08T13:00:00+05:30", T0)
    rec = store.get(URL)
    assert rec == SeenRecord(URL, "fp1", "2026-10-08T13:00:00+05:30", T0, T0)
    assert rec.first_seen.tzinfo is not None


def test_keys_are_canonical(store: SQLiteStateStore) -> None:
    store.record(URL + "?utm_source=twitter#comments", "fp1", None, T0)
    assert store.get(URL) is not None
    assert store.get(URL.replace("https://www.jagran.com", "https://WWW.JAGRAN.COM:443")) is not None
    assert len(store) == 1


def test_upsert_keeps_first_seen(store: SQLiteStateStore) -> None:
    store.record(URL, "fp1", None, T0)
    store.record(URL, "fp2", "2026-10-09T10:00:00+05:30", T0 + timedelta(days=1))
    rec = store.get(URL)
    assert rec is not None
    assert rec.first_seen == T0
    assert rec.last_seen == T0 + timedelta(days=1)
    assert rec.fingerprint == "fp2" and rec.modified == "2026-10-09T10:00:00+05:30"
    # an out-of-order (older) record does not move last_seen back
    store.record(URL, "fp3", None, T0 - timedelta(hours=1))
    rec = store.get(URL)
    assert rec is not None and rec.last_seen == T0 + timedelta(days=1) and rec.fingerprint == "fp3"


def test_naive_now_is_utc(store: SQLiteStateStore) -> None:
    store.record(URL, "fp", None, datetime(2026, 10, 8, 8, 0))
    rec = store.get(URL)
    assert rec is not None and rec.first_seen == T0


# --- should_fetch -----------------------------------------------------------------------


def test_should_fetch_unknown(store: SQLiteStateStore) -> None:
    assert store.should_fetch(URL, None)
    assert store.should_fetch(URL, T0)


def test_should_fetch_known(store: SQLiteStateStore) -> None:
    store.record(URL, "fp", None, T0)
    assert not store.should_fetch(URL, None)  # nothing says it changed
    assert not store.should_fetch(URL, T0 - timedelta(hours=1))
    assert not store.should_fetch(URL, T0)  # not newer
    assert store.should_fetch(URL, T0 + timedelta(seconds=1))
    # same instant in another zone is not newer
    assert not store.should_fetch(URL, T0.astimezone(IST))


def test_should_fetch_uses_later_of_modified_and_last_seen(store: SQLiteStateStore) -> None:
    # modified in the future of last_seen (clock skew, or IST written as UTC)
    store.record(URL, "fp", "2026-10-08T20:00:00+00:00", T0)
    assert not store.should_fetch(URL, datetime(2026, 10, 8, 19, 0, tzinfo=UTC))
    assert store.should_fetch(URL, datetime(2026, 10, 8, 21, 0, tzinfo=UTC))


def test_should_fetch_with_unparsable_modified_falls_back_to_last_seen(store: SQLiteStateStore) -> None:
    store.record(URL, "fp", "8 अक्टूबर 2026", T0)
    assert store.should_fetch(URL, T0 + timedelta(minutes=5))
    assert not store.should_fetch(URL, T0 - timedelta(minutes=5))


def test_should_fetch_naive_lastmod_is_ist(store: SQLiteStateStore) -> None:
    store.record(URL, "fp", None, T0)  # 08:00 UTC == 13:30 IST
    assert not store.should_fetch(URL, datetime(2026, 10, 8, 13, 30))
    assert store.should_fetch(URL, datetime(2026, 10, 8, 13, 31))


# --- is_changed -------------------------------------------------------------------------


def test_is_changed(store: SQLiteStateStore) -> None:
    assert store.is_changed(URL, "fp1", None)  # new
    store.record(URL, "fp1", "2026-10-08T13:00:00+05:30", T0)
    assert not store.is_changed(URL, "fp1", "2026-10-08T13:00:00+05:30")
    assert not store.is_changed(URL, "fp1", "2026-10-08T07:30:00Z")  # same instant
    assert store.is_changed(URL, "fp2", "2026-10-08T13:00:00+05:30")  # content changed
    assert store.is_changed(URL, "fp1", "2026-10-08T14:00:00+05:30")  # modified changed
    assert store.is_changed(URL, "fp1", None)  # modified disappeared


def test_is_changed_without_modified(store: SQLiteStateStore) -> None:
    store.record(URL, "fp1", None, T0)
    assert not store.is_changed(URL, "fp1", None)
    assert store.is_changed(URL, "fp1", "2026-10-08T13:00:00+05:30")


# --- persistence, schema, concurrency -----------------------------------------------------


def test_persistence_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    with SQLiteStateStore(path) as s:
        s.record(URL, "fp1", None, T0)
    with SQLiteStateStore(path) as s:
        rec = s.get(URL)
        assert rec is not None and rec.fingerprint == "fp1"
        assert not s.should_fetch(URL, None)


def test_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    SQLiteStateStore(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        conn.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    SQLiteStateStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(RuntimeError, match="newer"):
        SQLiteStateStore(path)


def test_each_record_is_committed(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    s = SQLiteStateStore(path)
    s.record(URL, "fp1", None, T0)
    # a separate connection sees it without close(): nothing waits in a transaction
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT fingerprint FROM seen").fetchall() == [("fp1",)]
    finally:
        conn.close()
        s.close()


def test_two_stores_on_one_file(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    a, b = SQLiteStateStore(path), SQLiteStateStore(path)
    try:
        a.record(URL, "fp-a", None, T0)
        rec = b.get(URL)
        assert rec is not None and rec.fingerprint == "fp-a"
        b.record(URL, "fp-b", None, T0 + timedelta(minutes=1))
        rec = a.get(URL)
        assert rec is not None and rec.fingerprint == "fp-b" and rec.first_seen == T0

        errors: list[BaseException] = []

        def writer(store: SQLiteStateStore, prefix: str) -> None:
            try:
                for i in range(100):
                    store.record(f"https://e.com/{prefix}/{i}", f"fp{i}", None, T0)
                    store.should_fetch(f"https://e.com/{prefix}/{i}", T0)
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(s, p)) for s, p in ((a, "a"), (b, "b"), (a, "c"), (b, "d"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert len(a) == len(b) == 401
    finally:
        a.close()
        b.close()


def test_close_is_idempotent(tmp_path: Path) -> None:
    s = SQLiteStateStore(tmp_path / "x.db")
    s.close()
    s.close()


# --- open_state ---------------------------------------------------------------------------


def test_open_state_plain_path(tmp_path: Path) -> None:
    s = open_state(str(tmp_path / "a" / "b.db"))
    try:
        assert isinstance(s, SQLiteStateStore)
        assert (tmp_path / "a" / "b.db").exists()
    finally:
        s.close()


def test_open_state_sqlite_uri_absolute(tmp_path: Path) -> None:
    target = tmp_path / "c.db"
    s = open_state(f"sqlite:///{target}")  # sqlite:/// + /abs/path
    try:
        s.record(URL, "fp", None, T0)
        assert target.exists()
    finally:
        s.close()


def test_open_state_sqlite_uri_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = open_state("sqlite:///data/state.db")
    try:
        assert (tmp_path / "data" / "state.db").exists()
    finally:
        s.close()


def test_open_state_memory() -> None:
    s = open_state("sqlite:///:memory:")
    try:
        s.record(URL, "fp", None, T0)
        assert s.get(URL) is not None
    finally:
        s.close()


@pytest.mark.parametrize("uri", ["redis://127.0.0.1:1/0", "unix:///nonexistent/redis.sock"])
def test_open_state_redis_uri_opens_the_redis_store(uri: str) -> None:
    # The store itself is tested against a real server in tests/test_state_redis.py; nothing listens here.
    with pytest.raises(ConnectionError, match="Redis"):
        open_state(uri)


@pytest.mark.parametrize("uri", ["postgres://x/y", "sqlite://relative.db", "sqlite:///", ""])
def test_open_state_rejects_bad_uris(uri: str) -> None:
    with pytest.raises(ValueError):
        open_state(uri)
