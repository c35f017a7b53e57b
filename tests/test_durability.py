"""State and output agree after a hard kill: records follow synced lines; killed runs are read back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.durability import DurableRecorder, reconcile, records_of, whole_lines
from newscrawl.state import SQLiteStateStore, fingerprint

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def line(url: str, body: str = "पाठ") -> bytes:
    record = {"url": url + "?utm_source=x", "canonical_url": url, "headline": "शीर्षक", "body": body,
              "modified": None}
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def test_a_killed_runs_output_is_read_back_and_a_half_line_cut(tmp_path: Path) -> None:
    store = SQLiteStateStore(tmp_path / "s.db")
    out = tmp_path / "run.jsonl"
    out.write_bytes(line("https://e.in/a-1.html") + line("https://e.in/a-2.html") + b'{"url": "https://e.in/a-3')
    store.begin_run([str(out)])
    assert reconcile(store) == 2
    assert out.read_bytes().endswith(b"\n") and out.read_bytes().count(b"\n") == 2, "only whole lines stay"
    record = store.get("https://e.in/a-1.html")
    assert record is not None and record.fingerprint == fingerprint("शीर्षक", "पाठ")
    assert store.get("https://e.in/a-2.html?utm_source=x") is not None
    assert store.get("https://e.in/a-3") is None, "a line that never reached the disk whole is not seen"
    assert store.unfinished_runs() == [] and reconcile(store) == 0


def test_a_missing_or_garbled_output_file_is_survived(tmp_path: Path) -> None:
    store = SQLiteStateStore(tmp_path / "s.db")
    garbled = tmp_path / "g.jsonl"
    garbled.write_bytes(b"not json\n" + line("https://e.in/b-1.html"))
    store.begin_run([str(tmp_path / "never-written.jsonl"), str(garbled)])
    assert reconcile(store) == 1
    assert list(whole_lines(tmp_path / "never-written.jsonl")) == []


class _Slot:
    def __init__(self, path: Path, events: list[str]) -> None:
        self.file = _File(path.open("ab"), events)


class _File:
    def __init__(self, raw: object, events: list[str]) -> None:
        self.raw, self.events, self.closed = raw, events, False

    def write(self, data: bytes) -> None:
        self.raw.write(data)  # type: ignore[attr-defined]

    def flush(self) -> None:
        self.events.append("flush")
        self.raw.flush()  # type: ignore[attr-defined]

    def fileno(self) -> int:
        self.events.append("fsync")
        return self.raw.fileno()  # type: ignore[attr-defined]


class _Store(SQLiteStateStore):
    events: list[str]

    def record_many(self, records):  # type: ignore[no-untyped-def, override]
        self.events.append(f"commit {len(list(records))}")


def test_records_are_committed_in_batches_after_the_output_is_synced(tmp_path: Path) -> None:
    events: list[str] = []
    store = _Store(tmp_path / "s.db")
    store.events = events
    slot = _Slot(tmp_path / "out.jsonl", events)
    recorder = DurableRecorder(store, lambda: [slot], batch=3, seconds=3600)
    for i in range(2):
        slot.file.write(line(f"https://e.in/c-{i}.html"))
        recorder.add(records_of({"url": f"https://e.in/c-{i}.html", "headline": "h", "body": "b"}, NOW))
    assert events == [], "below the batch size nothing is committed"
    slot.file.write(line("https://e.in/c-2.html"))
    recorder.add(records_of({"url": "https://e.in/c-2.html", "headline": "h", "body": "b"}, NOW))
    assert events == [], "a full batch waits for the next article: this one's line may not be written yet"
    recorder.add(records_of({"url": "https://e.in/c-3.html", "headline": "h", "body": "b"}, NOW))
    assert events == ["flush", "fsync", "commit 3"], "flush and fsync strictly before the commit"
    assert len(recorder.pending) == 1, "the newest article waits for its own line"


class _Recording(SQLiteStateStore):
    committed: list[str]

    def record_many(self, records):  # type: ignore[no-untyped-def, override]
        self.committed.extend(r[0] for r in records)


def test_no_record_is_committed_before_its_line_whatever_the_handler_order(tmp_path: Path) -> None:
    """Scrapy does not order item_scraped handlers: the state may hear of an article before the feed writes it."""
    out = tmp_path / "out.jsonl"
    store = _Recording(tmp_path / "s.db")
    store.committed = []
    slot = _Slot(out, [])
    recorder = DurableRecorder(store, lambda: [slot], batch=1, seconds=3600)
    for i in range(5):
        url = f"https://e.in/d-{i}.html"
        recorder.add(records_of({"url": url, "headline": "h", "body": "b"}, NOW))  # the state's handler first
        written = out.read_bytes().decode()
        assert all(u in written for u in store.committed), "a committed record whose line is not on disk"
        slot.file.write(line(url))  # then the feed exporter's
    recorder.commit()
    assert len(store.committed) == 5
