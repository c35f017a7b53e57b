"""Benchmark: `dataset build` throughput (records/s) and peak memory over N synthetic records.

Prints figures; asserts nothing. `python benchmarks/dataset.py [--records N] [--sites S]`.
Records are 150-word Hindi stories over S sites and three months; one in ten
repeats an earlier story with two words changed (a near-duplicate), one in
fifty an earlier body verbatim (an exact duplicate).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.dataset.build import BuildOptions, build  # noqa: E402

_TEXT = ("सरकार कंपनी बाजार तकनीक मोबाइल इंटरनेट डेटा उपयोगकर्ता सेवा नीति राज्य देश शहर गांव किसान छात्र "
         "स्कूल अस्पताल डॉक्टर बैंक पैसा कीमत बिक्री उत्पादन निर्यात आयात बिजली पानी सड़क रेल")
VOCAB = _TEXT.split()


def body(rng: random.Random) -> list[str]:
    return [rng.choice(VOCAB) + str(rng.randrange(50)) for _ in range(150)]


def write_records(path: Path, n: int, sites: int) -> None:
    """N records, streamed to one JSONL file; a few recent bodies kept to make duplicates from."""
    rng = random.Random(1)
    recent: list[list[str]] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            words = body(rng)
            if recent and i % 10 == 0:
                words = list(rng.choice(recent))
                for j in rng.sample(range(150), 2):
                    words[j] = rng.choice(VOCAB)
            elif recent and i % 50 == 1:
                words = rng.choice(recent)
            recent = [*recent, words][-100:]
            month = 9 + i % 3
            fh.write(json.dumps({
                "url": f"https://s{i % sites}.in/{i}", "site": f"s{i % sites}.in", "language": "hi",
                "headline": f"शीर्षक {i}", "published": f"2026-{month:02d}-10T08:00:00+05:30",
                "fetched_at": f"2026-{month:02d}-10T20:00:00+00:00", "body": " ".join(words),
                "dateline": None, "authors": [], "tags": [], "word_count": 150,
            }, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--no-parquet", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run.jsonl"
        write_records(run, args.records, args.sites)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        result = build(BuildOptions(inputs=[str(run)], output=Path(tmp) / "ds", parquet=not args.no_parquet))
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(result.summary())
    print(f"records: {args.records} in {seconds:.1f} s: {args.records / seconds:.0f} records/s on one core")
    print(f"peak RSS: {peak:.0f} MiB (before the build: {before:.0f} MiB)")


if __name__ == "__main__":
    main()
