"""Nothing lost, nothing twice: the incremental state agrees with what is on disk, even after `kill -9`.

Scrapy's feed exporter buffers lines; a state that marks an article seen when
it is scraped loses it for good when the process dies before the line is
written. Here the order is reversed and checked:

* `DurableRecorder` keeps the records of scraped articles in memory and, once
  NEWSCRAWL_STATE_BATCH records or NEWSCRAWL_STATE_FLUSH_SECONDS seconds are
  pending, at the next scraped article (or at close) first flushes and fsyncs
  the run's output files, then commits the pending batch in one transaction. A
  record is never committed before its line is on disk, and the reactor pays
  one disk sync per batch, not per article.
* Each run registers its output files in the store when it opens and is
  marked finished when it closes cleanly. `reconcile` runs at start-up: for
  every run that never finished, it reads the run's output files, cuts a
  half-written last line, and records every whole line as seen. An article
  whose line reached the disk is therefore never emitted again, and one whose
  line did not is fetched and emitted by the next run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from newscrawl.items import Article
from newscrawl.state import StateStore, fingerprint

logger = logging.getLogger(__name__)

Record = tuple[str, str, str | None, datetime]


def records_of(article: Article | dict[str, Any], now: datetime) -> list[Record]:
    """State records for one exported article: under its canonical URL and the URL it was fetched from."""
    get = article.get if isinstance(article, dict) else lambda key: getattr(article, key, None)
    digest = fingerprint(get("headline"), get("body"))
    keys = dict.fromkeys(k for k in (get("canonical_url"), get("url")) if isinstance(k, str) and k)
    return [(key, digest, get("modified"), now) for key in keys]


def reconcile(store: StateStore) -> int:
    """Record what killed runs wrote; returns how many articles (whole output lines) were read back."""
    recovered = 0
    for run_id, outputs in store.unfinished_runs():
        articles = 0
        for path in outputs:
            lines = [_records_of_line(line, path) for line in whole_lines(Path(path))]
            store.record_many(r for records in lines for r in records)
            articles += sum(1 for records in lines if records)
        store.finish_run(run_id)
        recovered += articles
        logger.warning("Run %d did not finish cleanly: %d articles from its output files were read back into "
                       "the state", run_id, articles)
    return recovered


def whole_lines(path: Path) -> Iterator[bytes]:
    """The complete lines of an output file; a half-written last line is cut off the file."""
    if not path.is_file():
        return
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with path.open("r+b") as handle:
            handle.truncate(end)
        logger.warning("Cut a half-written last line (%d bytes) off %s", len(data) - end, path)
    yield from (line for line in data[:end].split(b"\n") if line.strip())


def _records_of_line(line: bytes, path: str) -> list[Record]:
    try:
        item = json.loads(line)
    except ValueError:
        logger.warning("Unreadable line in %s while reconciling: skipped", path)
        return []
    return records_of(item, datetime.now(UTC)) if isinstance(item, dict) else []


class DurableRecorder:
    """Commits state records in batches, each after the output files are flushed and fsynced."""

    def __init__(self, store: StateStore, files: Callable[[], Iterable[Any]], batch: int = 50,
                 seconds: float = 2.0, ack: Callable[[list[str]], None] | None = None) -> None:
        self.store = store
        self.files = files  # the current feed slots: each has an open `.file` once its first line is written
        self.batch = max(1, batch)
        self.seconds = seconds
        self.pending: list[Record] = []
        self.ack = ack  # distributed mode: the frontier's work behind a committed batch is done
        self.tokens: list[str] = []
        self.last = time.monotonic()

    def add(self, records: Iterable[Record], tokens: Iterable[str] = ()) -> None:
        """Queue one scraped article's records; commit the batch queued *before* it when one is due.

        This runs in an item_scraped handler, and Scrapy does not promise that the
        feed exporter's handler (which writes this article's line) has run yet;
        every earlier article's line has been written, so only those are committed.
        """
        if self.pending and (len(self.pending) >= self.batch or time.monotonic() - self.last >= self.seconds):
            self.commit()
        self.pending.extend(records)
        self.tokens.extend(tokens)

    def commit(self) -> None:
        """Flush and fsync every output file, then commit what is pending."""
        for holder in self.files():
            sync(getattr(holder, "file", None))
        if self.pending:
            self.store.record_many(self.pending)
            self.pending = []
        if self.tokens and self.ack is not None:
            self.ack(self.tokens)
            self.tokens = []
        self.last = time.monotonic()


def sync(handle: IO[bytes] | None) -> None:
    """Push a file's buffered lines to the disk; a closed or non-file handle is left alone."""
    if handle is None or getattr(handle, "closed", True):
        return
    handle.flush()
    # A post-processing wrapper or a pipe has no file to sync: flushed is what can be done.
    with contextlib.suppress(AttributeError, OSError, ValueError):
        os.fsync(handle.fileno())
