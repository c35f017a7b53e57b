"""The ``StateStore`` protocol on Redis, for several workers on several machines sharing one state.

What SQLite gives one machine, this gives a cluster: seen canonical URLs with
their fingerprints and modified dates (one hash), runs and their output files,
and an atomic *claim* so two workers never both emit one article.

Claims and crash safety (newscrawl/durability.py still holds: a record is
committed only after its line is flushed and fsynced):

* A worker claims an article's canonical URL (``SET NX``, value = its run id,
  noted under the run in the same script) before emitting it. A claim whose run
  is no longer registered is stale and is taken over. The claim ends when the
  record is committed (the record is written first, in the same transaction, so
  a later claimant sees it as unchanged), or when the run is reconciled (claims
  first, then its requests go back to the queue).
* Claims have no expiry of their own; they are tied to a run, and a run is
  alive while its heartbeat key lives (``lease`` seconds, refreshed by a thread)
  and, on the same machine, while its process exists. A dead run is reconciled
  by the next worker that starts or goes idle: on the machine that ran it, its
  output files are read back first (every line on disk counts as seen), then its
  remaining claims are released and the requests it had taken from the shared
  frontier and not finished are put back. A killed worker therefore loses
  nothing: what it wrote is seen, what it did not write is fetched again.
* A run of another machine is reconciled only after its heartbeat has been
  silent for ``lease`` seconds, and without its files (they are on that machine).
  If the machine never comes back, the articles it had written but not yet
  committed (at most one state batch) can be emitted once more: a duplicate,
  never a loss. A machine that comes back reconciles its own runs itself.

Keys (``prefix`` is ``newscrawl``): ``seen`` (hash: canonical URL → record),
``claim:<url>``, ``runs`` (unfinished run ids), ``run:<id>`` (hash: host, pid,
started, outputs, queue), ``run:<id>:alive`` (heartbeat), ``run:<id>:claims``,
``run:<id>:inflight`` (requests taken from the frontier), ``runid`` (counter).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import redis

from newscrawl.discovery.urls import canonicalize
from newscrawl.state import SeenRecord, _from_text, _to_text, is_changed_record, should_fetch_record

__all__ = ["DEFAULT_LEASE", "RedisStateStore"]

logger = logging.getLogger(__name__)

DEFAULT_LEASE = 60.0  # seconds a silent run of another machine is still presumed alive

# Delete a key only when it still holds the given value (a claim of this run, not of a later one).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('SREM', KEYS[2], ARGV[2])
return 1
"""


# Claim an article for a run, and note the claim under that run, in one step: a worker killed between the two
# would leave a claim no reconciliation knows about, and the article would be dropped as claimed elsewhere for
# good. A claim whose run is no longer registered (finished or reconciled) is stale and is taken over.
_CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('SADD', KEYS[2], ARGV[2])
  return 1
end
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return 1 end
if holder and redis.call('SISMEMBER', KEYS[3], holder) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SADD', KEYS[2], ARGV[2])
  return 2
end
return 0
"""


# A run leaves; the last one out of a drained frontier clears its duplicate filter (the crawl is complete).
_END = """
redis.call('SREM', KEYS[1], ARGV[1])
if redis.call('SCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
"""


class RedisStateStore:
    """``StateStore`` on Redis: shared seen records, runs with heartbeats, claims tied to runs."""

    def __init__(self, client: redis.Redis, *, prefix: str = "newscrawl", lease: float = DEFAULT_LEASE) -> None:
        self.r = client
        self.prefix = prefix
        self.lease = max(3.0, float(lease))
        self.host = socket.gethostname()
        self.run_id: int | None = None
        self.queue_key = ""  # the shared frontier (set_queue), when this process crawls from it
        self.dupefilter_key = ""
        self._claim = self.r.register_script(_CLAIM)
        self._release = self.r.register_script(_RELEASE)
        self._end = self.r.register_script(_END)
        self._beat_stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._closed = False

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisStateStore:
        """Connect (and check the connection at once, so a wrong URL fails before the crawl starts)."""
        client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)
        try:
            client.ping()
        except redis.RedisError as exc:
            raise ConnectionError(f"cannot reach the Redis state at {_safe(url)}: {exc}") from exc
        return cls(client, **kwargs)

    def key(self, *parts: object) -> str:
        return ":".join([self.prefix, *(str(p) for p in parts)])

    # -- seen records -------------------------------------------------------------------------

    def get(self, url: str) -> SeenRecord | None:
        """The record for ``url`` (canonicalised), or None."""
        key = canonicalize(url)
        return _decode(key, self.r.hget(self.key("seen"), key))

    def should_fetch(self, url: str, lastmod: datetime | None) -> bool:
        """As SQLite: unknown URLs, and known ones only when ``lastmod`` is newer than what we have."""
        return should_fetch_record(self.get(url), lastmod)

    def is_changed(self, url: str, fingerprint: str, modified: str | None) -> bool:
        """As SQLite: a new URL, or a different fingerprint or ``modified``."""
        return is_changed_record(self.get(url), fingerprint, modified)

    def record(self, url: str, fingerprint: str, modified: str | None, now: datetime) -> None:
        self.record_many([(url, fingerprint, modified, now)])

    def record_many(self, records: Iterable[tuple[str, str, str | None, datetime]]) -> None:
        """Upsert records and end this run's claims on them, in one transaction (record first)."""
        rows: dict[str, tuple[str, str | None, datetime]] = {}
        for url, fp, modified, now in records:
            rows[canonicalize(url)] = (fp, modified, now)
        if not rows:
            return
        keys = list(rows)
        existing = self.r.hmget(self.key("seen"), keys)
        mapping = {}
        for key, old in zip(keys, existing, strict=True):
            fp, modified, now = rows[key]
            before = _decode(key, old)
            first = before.first_seen if before else now
            last = max(before.last_seen, now) if before else now
            mapping[key] = json.dumps({"f": fp, "m": modified, "a": _to_text(first), "l": _to_text(last)})
        with self.r.pipeline(transaction=True) as pipe:
            pipe.hset(self.key("seen"), mapping=mapping)
            if self.run_id is not None:
                for key in keys:
                    self._release(keys=[self.key("claim", key), self.key("run", self.run_id, "claims")],
                                  args=[str(self.run_id), key], client=pipe)
            pipe.execute()

    # -- claims ---------------------------------------------------------------------------------

    def claim(self, url: str, run_id: int | None) -> bool:
        """Claim the canonical URL for ``run_id``: True when this run holds it (also when it already did)."""
        run = run_id if run_id is not None else self.ensure_run()
        key = canonicalize(url)
        got = int(self._claim(keys=[self.key("claim", key), self.key("run", run, "claims"), self.key("runs")],
                              args=[str(run), key]))
        if got == 2:
            logger.warning("Took over a stale claim on %s (its run is gone)", key)
        return got > 0

    def release(self, url: str, run_id: int | None) -> None:
        run = run_id if run_id is not None else self.run_id
        if run is None:
            return
        key = canonicalize(url)
        self._release(keys=[self.key("claim", key), self.key("run", run, "claims")], args=[str(run), key])

    # -- runs -------------------------------------------------------------------------------------

    def ensure_run(self) -> int:
        """This process's run id, registered (with a heartbeat) on first use."""
        if self.run_id is None:
            self.run_id = int(self.r.incr(self.key("runid")))
            with self.r.pipeline(transaction=True) as pipe:
                pipe.hset(self.key("run", self.run_id), mapping={
                    "host": self.host, "pid": str(os.getpid()), "started": _to_text(datetime.now(UTC)),
                    "outputs": "[]"})
                pipe.set(self.key("run", self.run_id, "alive"), "1", ex=int(self.lease))
                pipe.sadd(self.key("runs"), str(self.run_id))
                pipe.execute()
            self._beat = threading.Thread(target=self._heartbeat, name="newscrawl-heartbeat", daemon=True)
            self._beat.start()
        return self.run_id

    def begin_run(self, outputs: Iterable[str]) -> int:
        """Register this process's run (once) and add the output files it writes."""
        run = self.ensure_run()
        known = json.loads(self.r.hget(self.key("run", run), "outputs") or b"[]")
        self.r.hset(self.key("run", run), "outputs", json.dumps([*known, *map(str, outputs)]))
        return run

    def set_queue(self, queue_key: str, dupefilter_key: str = "") -> None:
        """Name the frontier this run takes requests from: where they go back, what is cleared when it drains."""
        self.queue_key, self.dupefilter_key = queue_key, dupefilter_key
        self.r.hset(self.key("run", self.ensure_run()), mapping={"queue": queue_key, "dupefilter": dupefilter_key})

    def unfinished_runs(self) -> list[tuple[int, list[str]]]:
        """Dead runs this process may reconcile now, each locked for it; outputs only for this machine's runs."""
        found = []
        for raw in sorted(self.r.smembers(self.key("runs")), key=int):
            run = int(raw)
            if run == self.run_id or not self._is_dead(run):
                continue
            if not self.r.set(self.key("run", run, "reconciling"), str(os.getpid()), nx=True, ex=600):
                continue  # another worker is on it
            meta = self._meta(run)
            outputs = json.loads(meta.get("outputs", "[]")) if meta.get("host") == self.host else []
            found.append((run, outputs))
        return found

    def finish_run(self, run_id: int) -> None:
        """End a run: release its claims, put back what it took from the frontier and did not finish.

        For this process's own run after a clean close that is what a graceful stop
        left (downloads cut short); for a dead run, everything it had not finished.
        Claims go first: a request put back can be fetched again at once, and if it
        met its own run's claim it would be dropped as claimed elsewhere, and lost.
        """
        claims = self.r.smembers(self.key("run", run_id, "claims"))
        for key in claims:
            self._release(keys=[self.key("claim", key.decode()), self.key("run", run_id, "claims")],
                          args=[str(run_id), key.decode()])
        requeued = self._requeue(run_id)
        meta = self._meta(run_id)
        drained = self._end(keys=[self.key("runs"), meta.get("queue") or self.key("none"),
                                  meta.get("dupefilter") or self.key("none")], args=[str(run_id)])
        if drained and meta.get("dupefilter"):
            logger.info("Frontier drained and no other run left: crawl complete; its duplicate filter is cleared "
                        "for the next crawl")
        self.r.delete(*(self.key("run", run_id, part) for part in ("alive", "claims", "inflight", "reconciling")),
                      self.key("run", run_id))
        if run_id == self.run_id:
            self._beat_stop.set()
        if requeued or claims:
            logger.warning("Run %d ended: %d requests it had taken from the frontier put back, %d claims released",
                           run_id, requeued, len(claims))

    def _requeue(self, run_id: int) -> int:
        inflight = self.r.hgetall(self.key("run", run_id, "inflight"))
        inflight.pop(b"#", None)  # the token counter
        queue = self.r.hget(self.key("run", run_id), "queue")
        if not inflight or not queue:
            return 0
        # Score -1: a scrapy-redis priority queue pops the lowest score first, so recovered work goes first.
        self.r.zadd(queue.decode(), {data: -1 for data in inflight.values()})
        return len(inflight)

    def inflight_key(self) -> str:
        return self.key("run", self.ensure_run(), "inflight")

    def ack(self, tokens: Iterable[str]) -> None:
        """Requests whose work is done (output scheduled, article committed): no longer this run's to redo."""
        tokens = list(tokens)
        if tokens and self.run_id is not None:
            self.r.hdel(self.key("run", self.run_id, "inflight"), *tokens)

    def live_runs(self) -> list[int]:
        """Unfinished runs whose process is not known dead (this one included)."""
        return [int(r) for r in self.r.smembers(self.key("runs")) if not self._is_dead(int(r))]

    def _is_dead(self, run: int) -> bool:
        if run == self.run_id:
            return False
        meta = self._meta(run)
        silent = not self.r.exists(self.key("run", run, "alive"))
        if meta.get("host") == self.host and meta.get("pid", "").isdigit():
            return silent or not _pid_alive(int(meta["pid"]))  # its process gone: dead at once, no lease to wait
        return silent

    def _meta(self, run: int) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.r.hgetall(self.key("run", run)).items()}

    def _heartbeat(self) -> None:
        """Keep this run's heartbeat key alive; a thread, so a busy reactor does not look like a dead worker."""
        interval = self.lease / 3
        while not self._beat_stop.wait(interval):
            try:
                self.r.set(self.key("run", self.run_id, "alive"), "1", ex=int(self.lease))
            except redis.RedisError as exc:  # Redis away for a moment: the next beat tries again
                logger.warning("Heartbeat to Redis failed: %s", exc)

    def close(self) -> None:
        """Stop the heartbeat and disconnect (idempotent). An unfinished run stays to be reconciled."""
        if self._closed:
            return
        self._closed = True
        self._beat_stop.set()
        self.r.close()

    def __len__(self) -> int:
        return int(self.r.hlen(self.key("seen")))

    def __repr__(self) -> str:
        return f"RedisStateStore(prefix={self.prefix!r})"


def _decode(key: str, value: bytes | None) -> SeenRecord | None:
    if value is None:
        return None
    data = json.loads(value)
    return SeenRecord(key, data["f"], data["m"], _from_text(data["a"]), _from_text(data["l"]))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
