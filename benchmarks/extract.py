"""Benchmark: pages per second and peak memory of page → record over the fixture pages.

Prints figures; asserts nothing. `python benchmarks/extract.py [--rounds N] [DIR]`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.fixtures import find_cases  # noqa: E402
from newscrawl.process import page_to_article  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default=str(ROOT / "fixtures"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = find_cases(Path(args.folder))
    pages = [(c.meta["url"], c.page.read_bytes(), c.meta.get("headers") or {}) for c in cases]
    if not pages:
        sys.exit(f"no fixture pages under {args.folder}")
    per_page: list[float] = []
    started = time.perf_counter()
    for _ in range(args.rounds):
        for url, body, headers in pages:
            t = time.perf_counter()
            page_to_article(url, body, headers)
            per_page.append(time.perf_counter() - t)
    total = time.perf_counter() - started
    mb = sum(len(b) for _, b, _ in pages) * args.rounds / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages: {len(per_page)} ({len(pages)} distinct x {args.rounds} rounds), {mb:.1f} MB of HTML")
    print(f"throughput: {len(per_page) / total:.1f} pages/s, {mb / total:.2f} MB/s on one core")
    print(f"per page: median {statistics.median(per_page) * 1000:.1f} ms, "
          f"p95 {sorted(per_page)[int(len(per_page) * 0.95) - 1] * 1000:.1f} ms, max {max(per_page) * 1000:.1f} ms")
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
