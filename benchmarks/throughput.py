"""Benchmark: pages per second and peak memory, newscrawl against trafilatura, on the same pages in one run.

Prints a table; asserts nothing. Modes (all by default, or pick with --modes):

  bare     (1) trafilatura.bare_extraction, one process
  record   (2) newscrawl.process.page_to_article (with the site profile, as replay uses it), one process
  replay1  (3) scrapy crawl replay with NEWSCRAWL_WORKERS=1
  replayN  (4) scrapy crawl replay with NEWSCRAWL_WORKERS=<cores>
  cli      (5) the trafilatura command line, --parallel <cores> --json (text and metadata only)
  warcN    (4) again, replaying one WARC archive of the same pages

    python benchmarks/throughput.py                                   # the fixture pages
    python benchmarks/throughput.py ../shared/realpages --copies 50    # 22 real pages x 50
    python benchmarks/throughput.py ../shared/realpages --copies 230 --modes replayN  # memory at 5,000 pages

Every mode reads the same files (copied N times, each copy under its own URL).
Timings are wall-clock for the whole command (start-up included); the CPU time
per page is user + system time of the command and its workers (on a machine
with N cores, pages/s can reach at most N × 1000 / (CPU ms/page)); the peak
RSS is summed over the process and its children (workers), sampled every 50 ms.
The replays run with deduplication and incremental state off, so every copy is
extracted and written as a full record.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.spiders.replay import find_pages, sidecar_of  # noqa: E402
from newscrawl.workers import usable_cpus  # noqa: E402

MODES = ("bare", "record", "replay1", "replayN", "cli", "warcN")
BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(ROOT / "fixtures"))
    parser.add_argument("--copies", type=int, default=1, help="copies of every page (default 1)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--inner", help=argparse.SUPPRESS)  # bare|record: run in this process over --pages
    parser.add_argument("--keep", action="store_true", help="keep the work folder (printed)")
    args = parser.parse_args()
    if args.inner:
        _inner(args.inner, Path(args.folder))
        return
    work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    try:
        count = _prepare(Path(args.folder), args.copies, work)
        cores = usable_cpus()
        print(f"{count} pages ({args.copies} copies of the pages under {args.folder}), {cores} usable CPUs")
        rows = [_measure(mode, work, cores, count) for mode in args.modes.split(",") if mode]
        _print_table(rows, count)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


# -- the pages -----------------------------------------------------------------------------------


def _prepare(source: Path, copies: int, work: Path) -> int:
    """pages/ (HTML + sidecars, for replay), plain/ (HTML only, for the trafilatura CLI), pages.warc.gz."""
    pages, plain = work / "pages", work / "plain"
    pages.mkdir()
    plain.mkdir()
    originals = [p for p in find_pages(source.resolve()) if p.name.endswith((".html", ".htm"))]
    if not originals:
        sys.exit(f"no saved pages (*.html with a .meta.json sidecar or a canonical link) under {source}")
    count = 0
    for copy in range(copies):
        for index, page in enumerate(originals):
            meta = _sidecar(page)
            url = meta.get("url") or f"https://example.invalid/{index}.html"
            meta["url"] = f"{url}{'&' if '?' in url else '?'}copy={copy}"
            name = f"c{copy:04d}-{index:04d}"
            shutil.copyfile(page, pages / f"{name}.html")
            (pages / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
            os.link(pages / f"{name}.html", plain / f"{name}.html")
            count += 1
    _write_warc(pages, work / "pages.warc.gz")
    return count


def _sidecar(page: Path) -> dict[str, object]:
    path = sidecar_of(page)
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    return {}


def _write_warc(pages: Path, path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, _headers in _pages(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": "2026-11-20T10:00:00Z"}))


def _pages(folder: Path) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    for page in sorted(folder.glob("*.html")):
        meta = _sidecar(page)
        headers = meta.get("headers") if isinstance(meta.get("headers"), dict) else {}
        yield str(meta["url"]), page.read_bytes(), headers  # type: ignore[misc]


# -- one mode ------------------------------------------------------------------------------------


Row = tuple[str, str, float, float, float, int]  # mode, label, wall seconds, CPU seconds, peak MiB, records written


def _measure(mode: str, work: Path, cores: int, count: int) -> Row:
    """(mode, label, seconds, CPU seconds, peak MiB, records written)."""
    out = work / f"{mode}.jsonl"
    replay = [str(BIN / "scrapy"), "crawl", "replay", "-O", str(out), "-L", "WARNING",
              "-s", "NEWSCRAWL_DEDUP_ENABLED=0", "-s", "NEWSCRAWL_STATE="]
    commands = {
        "bare": ("(1) trafilatura.bare_extraction, 1 process",
                 [sys.executable, __file__, "--inner", "bare", str(work / "pages")]),
        "record": ("(2) page_to_article, 1 process",
                   [sys.executable, __file__, "--inner", "record", str(work / "pages")]),
        "replay1": ("(3) scrapy crawl replay, NEWSCRAWL_WORKERS=1",
                    [*replay, "-a", f"path={work / 'pages'}", "-s", "NEWSCRAWL_WORKERS=1"]),
        "replayN": (f"(4) scrapy crawl replay, NEWSCRAWL_WORKERS={cores}",
                    [*replay, "-a", f"path={work / 'pages'}", "-s", f"NEWSCRAWL_WORKERS={cores}"]),
        "cli": (f"(5) trafilatura CLI --parallel {cores} --json",
                [str(BIN / "trafilatura"), "--input-dir", str(work / "plain"), "--parallel", str(cores), "--json",
                 "-o", str(work / "cli-out")]),
        "warcN": (f"(4) from one WARC, NEWSCRAWL_WORKERS={cores}",
                  [*replay, "-a", f"path={work / 'pages.warc.gz'}", "-s", f"NEWSCRAWL_WORKERS={cores}"]),
    }
    label, command = commands[mode]
    seconds, cpu, peak = _run(command)
    return mode, label, seconds, cpu, peak, _written(mode, out, work)


def _written(mode: str, out: Path, work: Path) -> int:
    if mode == "cli":  # one file per distinct extracted text, in numbered folders: copies of a page share one
        return sum(1 for _ in (work / "cli-out").rglob("*.json")) if (work / "cli-out").is_dir() else 0
    if mode in ("bare", "record"):
        return -1  # not written: counted by the inner run
    return sum(1 for _ in out.open(encoding="utf-8")) if out.is_file() else 0


def _run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and the peak of the summed RSS of the command's process tree (MiB).

    The CPU time is user + system time of the command and of every process it
    waited for (its workers): what the pages cost, whatever the number of cores.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)  # rusage of the command and its reaped descendants
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        print(f"warning: {command[0]} … exited {proc.returncode}: {stderr.decode(errors='replace')[-800:]}")
    return seconds, usage.ru_utime + usage.ru_stime, peak[0] / 1024


def _tree_rss(pid: int) -> int:
    """KiB resident in pid and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        child = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(child)
        rss[child] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


# -- in-process modes -----------------------------------------------------------------------------


def _inner(mode: str, folder: Path) -> None:
    """Run one in-process mode over every page (started by _measure, which times it from outside)."""
    import trafilatura

    from newscrawl.process import page_to_article
    from newscrawl.profiles import load_profiles, profile_for_url

    profiles = load_profiles(ROOT / "seeds", [])
    for url, body, headers in _pages(folder):
        if mode == "bare":
            trafilatura.bare_extraction(body, url=url)
        else:
            page_to_article(url, body, headers, profile=profile_for_url(profiles, url))


def _print_table(rows: list[Row], count: int) -> None:
    speeds = {mode: count / seconds for mode, _, seconds, _, _, _ in rows}
    print()
    print("| what | pages/s | seconds | CPU ms/page | peak RSS (MiB) | records written |")
    print("|---|---:|---:|---:|---:|---:|")
    for _, label, seconds, cpu, peak, written in rows:
        shown = "—" if written < 0 else str(written)
        print(f"| {label} | {count / seconds:.1f} | {seconds:.1f} | {cpu / count * 1000:.1f} | {peak:.0f} | {shown} |")
    print("\nCPU ms/page: user + system time of the command and its workers, start-up included, over the pages.")
    if "cli" in speeds:
        print("\n(5) names each output file after its extracted text, so the copies of a page share one file.")
    ratios = [("(2)/(1)", "record", "bare", 0.8), ("(4)/(3)", "replayN", "replay1", 1.7),
              ("(4)/(5)", "replayN", "cli", 1.0), ("(4 from WARC)/(5)", "warcN", "cli", 1.0)]
    print()
    for name, top, bottom, target in ratios:
        if top in speeds and bottom in speeds:
            print(f"{name}: {speeds[top] / speeds[bottom]:.2f} (target {target})")


if __name__ == "__main__":
    main()
