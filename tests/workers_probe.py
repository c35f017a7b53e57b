"""Runs RecordMaker on a real reactor with a real process pool and prints what happened, as JSON.

`python -m tests.workers_probe orphan` starts a pool, prints its workers' pids and waits to be killed.
`python -m tests.workers_probe WORKERS BACKLOG URL…`: every URL is a job; the
job function (below) kills its worker process for URLs containing "die-always"
(every time) or "die-once" (only the first time, marked by a file in the
PROBE_DIR folder). Used by tests/test_workers.py, which needs a reactor of its
own per run.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import tzinfo
from pathlib import Path
from typing import Any

from newscrawl.process import Outcome
from newscrawl.workers import PageJob


def probe_job(job: PageJob, default_tz: tzinfo) -> Outcome:
    """A stand-in for extraction that reports the worker's pid, or kills the worker on request."""
    marker = Path(os.environ["PROBE_DIR"]) / "died-once"
    if "die-always" in job.url or ("die-once" in job.url and not marker.exists()):
        marker.touch()
        os._exit(9)
    time.sleep(0.05)
    return Outcome(None, "non_article/probe", f"{os.getpid()}")


def orphan() -> None:
    """Start a warmed-up pool, print its workers' pids, then wait to be killed."""
    from newscrawl.workers import _new_pool

    pool = _new_pool(2)
    futures = [pool.submit(os.getpid) for _ in range(8)]
    print(json.dumps(sorted({f.result() for f in futures} | set(pool._processes))), flush=True)
    time.sleep(120)


def main(argv: list[str]) -> None:
    if argv[:1] == ["orphan"]:
        orphan()
        return
    from scrapy.utils.reactor import install_reactor

    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
    from twisted.internet import defer, reactor

    from newscrawl.workers import RecordMaker

    workers, backlog, urls = int(argv[0]), int(argv[1]), argv[2:]
    maker = RecordMaker(workers, backlog=backlog, func=probe_job)
    in_flight, peak = [0], [0]
    real_submit = type(maker._ensure_pool()).submit

    def counting_submit(pool: Any, *args: Any, **kwargs: Any) -> Any:
        future = real_submit(pool, *args, **kwargs)
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        future.add_done_callback(lambda _: in_flight.__setitem__(0, in_flight[0] - 1))
        return future

    type(maker._ensure_pool()).submit = counting_submit  # type: ignore[method-assign]

    async def run_all() -> None:
        jobs = [deferred_from_coro(maker.make(PageJob(u, b""))) for u in urls]
        outcomes = await maybe_deferred_to_future(defer.DeferredList(jobs))
        maker.close()
        print(json.dumps({"peak_in_flight": peak[0],
                          "outcomes": [[o.reason, o.detail] for _, o in outcomes]}))

    def go() -> None:
        deferred_from_coro(run_all()).addErrback(lambda f: print(f.getTraceback(), file=sys.stderr)).addBoth(
            lambda _: reactor.stop())  # type: ignore[attr-defined]

    reactor.callWhenRunning(go)  # type: ignore[attr-defined]
    reactor.run()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main(sys.argv[1:])
