"""The Redis state store against a real redis-server: the StateStore protocol, claims, runs, reconciliation."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.durability import reconcile
from newscrawl.state import StateStore, open_state
from newscrawl.state_redis import RedisStateStore
from tests.servers import RedisServer

URL = "https://e.in/tech/story-1.html"
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with RedisServer(tmp_path_factory.mktemp("redis")) as running:
        yield running


@pytest.fixture
def url(server: RedisServer) -> Iterator[str]:
    store = RedisStateStore.from_url(server.url)
    store.r.flushdb()
    store.close()
    yield server.url


def test_open_state_gives_a_redis_store_that_follows_the_protocol(url: str) -> None:
    store = open_state(url)
    try:
        assert isinstance(store, RedisStateStore) and isinstance(store, StateStore)
        assert store.get(URL) is None and store.should_fetch(URL, None) and store.is_changed(URL, "fp", None)
        store.record(URL + "?utm_source=x", "fp", "2026-11-20T15:30:00+05:30", T0)
        record = store.get(URL)
        assert record is not None and record.fingerprint == "fp" and record.first_seen == T0
        assert not store.is_changed(URL, "fp", "2026-11-20T10:00:00+00:00"), "same instant, other zone"
        assert store.is_changed(URL, "fp2", "2026-11-20T15:30:00+05:30")
        assert not store.should_fetch(URL, None) and store.should_fetch(URL, T0 + timedelta(hours=2))
        store.record(URL, "fp2", None, T0 - timedelta(days=1))
        again = store.get(URL)
        assert again is not None and again.first_seen == T0 and again.last_seen == T0, "last_seen never moves back"
    finally:
        store.close()


def test_an_unreachable_redis_is_one_clear_error() -> None:
    with pytest.raises(ConnectionError, match="cannot reach the Redis state"):
        open_state("redis://127.0.0.1:1/0")


def test_two_workers_never_both_hold_a_claim_and_a_commit_ends_it(url: str) -> None:
    a, b = RedisStateStore.from_url(url), RedisStateStore.from_url(url)
    try:
        run_a, run_b = a.begin_run([]), b.begin_run([])
        assert a.claim(URL, run_a) and a.claim(URL + "#x", run_a), "a run may claim again what it holds"
        assert not b.claim(URL, run_b)
        a.record_many([(URL, "fp", None, T0)])
        assert b.claim(URL, run_b), "committed: the claim is gone, and the record is there first"
        assert not b.is_changed(URL, "fp", None)
        b.release(URL, run_b)
        assert a.claim(URL, run_a)
    finally:
        a.close()
        b.close()


def test_a_claim_is_noted_under_its_run_in_the_same_step_and_an_orphaned_one_is_taken_over(url: str) -> None:
    """A kill between "claim" and "note the claim under the run" once left a claim no reconciliation could
    find: the article was then dropped as claimed elsewhere by every later run, and lost."""
    store = RedisStateStore.from_url(url)
    try:
        mine = store.begin_run([])
        assert store.claim(URL, mine)
        assert store.r.smembers(f"newscrawl:run:{mine}:claims") == {URL.encode()}
        other = "https://e.in/tech/story-2.html"
        store.r.set(f"newscrawl:claim:{other}", "77")  # what the kill left: a claim of run 77, noted nowhere
        assert store.claim(other, mine), "run 77 is not registered: its claim is stale"
        assert store.r.get(f"newscrawl:claim:{other}") == str(mine).encode()
        assert other.encode() in store.r.smembers(f"newscrawl:run:{mine}:claims")
        store.r.sadd("newscrawl:runs", "78")
        store.r.set("newscrawl:claim:https://e.in/tech/story-3.html", "78")
        assert not store.claim("https://e.in/tech/story-3.html", mine), "a registered run keeps its claim"
    finally:
        store.close()


def _killed_run(url: str, output: Path, lines: list[str], claimed: list[str], inflight: list[bytes]) -> int:
    """A worker process that registers a run, writes lines, claims, takes requests, and dies without finishing."""
    script = f"""
import sys
from newscrawl.state_redis import RedisStateStore
s = RedisStateStore.from_url({url!r})
run = s.begin_run([{str(output)!r}])
s.set_queue("news:requests")
for u in {claimed!r}:
    assert s.claim(u, run)
for i, data in enumerate({inflight!r}):
    s.r.hset(s.inflight_key(), str(i), data)
print(run)
"""
    output.write_text("".join(json.dumps({"url": u, "canonical_url": u, "headline": "h", "body": "b"}) + "\n"
                              for u in lines), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return int(proc.stdout.strip())


def test_a_dead_run_on_this_machine_is_read_back_its_claims_released_and_its_work_put_back(
        url: str, tmp_path: Path) -> None:
    written, unwritten = "https://e.in/a-1.html", "https://e.in/a-2.html"
    dead = _killed_run(url, tmp_path / "out.jsonl", [written], [written, unwritten], [b"req-1", b"req-2"])
    store = RedisStateStore.from_url(url)
    try:
        mine = store.begin_run([])
        assert not store.claim(unwritten, mine), "held by the dead run until it is reconciled"
        assert reconcile(store) == 1
        assert store.get(written) is not None and store.get(unwritten) is None
        assert store.claim(unwritten, mine) and store.claim(written, mine)
        assert sorted(store.r.zrange("news:requests", 0, -1)) == [b"req-1", b"req-2"]
        assert store.unfinished_runs() == [] and dead not in store.live_runs()
    finally:
        store.close()


def test_a_dead_run_s_claims_are_gone_before_its_requests_go_back(url: str, tmp_path: Path) -> None:
    """A request put back can be fetched again at once: meeting its own dead run's claim, it would be dropped as
    claimed elsewhere and acknowledged, and its article lost."""
    article = "https://e.in/a-9.html"
    _killed_run(url, tmp_path / "out.jsonl", [], [article], [b"req-9"])
    store = RedisStateStore.from_url(url)
    claim_when_requeued: list[bytes | None] = []
    requeue = store._requeue

    def watched(run_id: int) -> int:
        claim_when_requeued.append(store.r.get(f"newscrawl:claim:{article}"))
        return requeue(run_id)

    store._requeue = watched  # type: ignore[method-assign]
    try:
        reconcile(store)
        assert claim_when_requeued == [None], "the claim was still held when the request went back"
        assert store.r.zrange("news:requests", 0, -1) == [b"req-9"]
    finally:
        store.close()


def test_a_live_run_is_left_alone(url: str) -> None:
    a, b = RedisStateStore.from_url(url), RedisStateStore.from_url(url)
    try:
        run_a = a.begin_run([])
        assert b.unfinished_runs() == [] and run_a in b.live_runs()
    finally:
        a.close()
        b.close()


def test_a_run_of_another_machine_waits_for_its_lease(url: str) -> None:
    store = RedisStateStore.from_url(url)
    try:
        store.r.hset("newscrawl:run:99", mapping={"host": "elsewhere", "pid": "1", "outputs": '["/x.jsonl"]'})
        store.r.sadd("newscrawl:runs", "99")
        store.r.set("newscrawl:run:99:alive", "1", ex=60)
        assert store.unfinished_runs() == [], "its heartbeat still lives"
        store.r.delete("newscrawl:run:99:alive")
        assert store.unfinished_runs() == [(99, [])], "silent past the lease; its files are not ours to read"
    finally:
        store.close()


def test_a_clean_finish_puts_back_what_was_taken_and_not_done(url: str) -> None:
    store = RedisStateStore.from_url(url)
    try:
        run = store.begin_run([])
        store.set_queue("news:requests")
        store.r.hset(store.inflight_key(), mapping={"1": b"done", "2": b"cut-short"})
        store.ack(["1"])
        assert store.claim(URL, run)
        store.finish_run(run)
        assert store.r.zrange("news:requests", 0, -1) == [b"cut-short"]
        assert store.r.get(f"newscrawl:claim:{URL}") is None and store.live_runs() == []
    finally:
        store.close()
