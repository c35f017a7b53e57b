"""Finding run files and reading their lines: `.jsonl` and `.jsonl.gz`, folders recursively, globs."""

from __future__ import annotations

import glob
import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path

SUFFIXES = (".jsonl", ".jsonl.gz")


def is_run_file(path: Path) -> bool:
    """A file whose name says it holds JSONL (plain or gzipped)."""
    return path.is_file() and path.name.endswith(SUFFIXES)


def find_inputs(patterns: list[str], *, exclude: Path | None = None) -> list[Path]:
    """Every run file named by the patterns, sorted, each once.

    A pattern is a file, a folder (searched recursively) or a glob. Files under
    `exclude` (the dataset being built) are left out, so building into a folder
    inside `data/` never reads its own partitions back.
    """
    found: set[Path] = set()
    for pattern in patterns:
        if glob.has_magic(pattern):
            candidates = [Path(p) for p in glob.glob(pattern, recursive=True)]
        else:
            candidates = [Path(pattern)]
        for path in candidates:
            if path.is_dir():
                found.update(p for p in path.rglob("*") if is_run_file(p))
            elif is_run_file(path):
                found.add(path)
    if exclude is not None:
        ex = exclude.resolve()
        found = {p for p in found if not p.resolve().is_relative_to(ex)}
    return sorted(found)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes as stored (what the manifest records)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) for every non-blank line, streamed.

    Bytes, not text: a line that is not UTF-8 is then reported with its number
    like any other malformed line instead of being silently repaired.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                yield number, line
