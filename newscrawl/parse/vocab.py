"""The parse vocabulary: word lists and cue patterns, read once from ``data/``.

Knowledge is data. Month names, agencies, publisher brands and body cues used to
be copied into several parse modules, and the copies drifted apart (three month
lists, each with variant spellings the others lacked). Each list now lives in one
file under ``newscrawl/parse/data/``; every rule reads it through this module, so
a spelling added there reaches every rule that needs it. How a rule compares
(case folding, nukta, keys) stays with the rule, because it differs by rule.

File format, for every file: UTF-8 (NFC), one entry per line, blank lines and
lines starting with ``#`` ignored, no inline comments. Further TAB-separated
fields carry attributes: a month's number (``months.tsv``), or comma-separated
tags such as ``ambiguous`` or a role (``credit_labels.tsv``). Cue files hold
regex fragments (their header says so); word files hold plain text.

Files are read once per process (``functools.cache``). A missing file, or a
malformed month or day-part row, is a packaging bug: it fails loudly at import
of the rule that reads it. ``tests/test_parse_vocab.py`` checks every file.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = [
    "agencies",
    "alternation",
    "ambiguous_sources",
    "cue",
    "cue_pattern",
    "dateline_publishers",
    "day_parts",
    "desk_credits",
    "desks",
    "months",
    "places",
    "platforms",
    "publishers",
    "rows",
    "weekdays",
    "words",
]

# A module attribute, so a test can point the rules at an edited copy before importing them.
# importlib.resources: a folder when installed, a folder inside the zip when run from an egg (Scrapyd).
DATA_DIR: Path | Traversable = resources.files("newscrawl.parse") / "data"

Row = tuple[str, ...]


@cache
def rows(name: str) -> tuple[Row, ...]:
    """Entries of ``data/<name>`` split on TAB; comments and blank lines dropped.

    Cached per file name: every rule reads its lists at import, so a file is
    parsed once however many rules share it.
    """
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    found: list[Row] = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            found.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(found)


def _tags(row: Row) -> frozenset[str]:
    """Comma-separated tags in the second field of a row (none if absent)."""
    return frozenset(t.strip() for t in row[1].split(",")) if len(row) > 1 else frozenset()


def words(name: str, tag: str | None = None) -> tuple[str, ...]:
    """First field of every entry, in file order; only entries carrying *tag* if given.

    File order is kept because regex alternations try fragments in that order.
    """
    return tuple(row[0] for row in rows(name) if tag is None or tag in _tags(row))


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """Regex fragments as one non-capturing alternation, tried in the given order."""
    return "(?:" + "|".join(items) + ")"


def cue_pattern(name: str) -> str:
    """A cue file's regex fragments as one group, for a rule that embeds it in a larger pattern."""
    return alternation(words(name))


@cache
def cue(name: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A cue file compiled as it stands: "does this line contain any cue"."""
    return re.compile(cue_pattern(name), flags)


def months() -> dict[str, int]:
    """Every month spelling (Hindi and English, abbreviations, variants) -> month number."""
    table: dict[str, int] = {}
    for row in rows("months.tsv"):
        if len(row) != 2 or not row[1].isdigit() or not 1 <= int(row[1]) <= 12:
            raise ValueError(f"months.tsv: expected name<TAB>1-12, got {row!r}")
        table[row[0]] = int(row[1])
    return table


def weekdays() -> tuple[str, ...]:
    """Weekday names, Hindi and English."""
    return words("weekdays.txt")


def day_parts() -> dict[str, tuple[str, ...]]:
    """Hindi day-part words by part ("am", "pm", "evening", "night"), each in file order."""
    parts: dict[str, tuple[str, ...]] = {"am": (), "pm": (), "evening": (), "night": ()}
    for row in rows("day_parts.tsv"):
        if len(row) != 2 or row[1] not in parts:
            raise ValueError(f"day_parts.tsv: expected word<TAB>am|pm|evening|night, got {row!r}")
        parts[row[1]] += (row[0],)
    return parts


def agencies() -> tuple[str, ...]:
    """News and photo agencies in every spelling (datelines and photo credits)."""
    return words("agencies.txt")


def desks() -> tuple[str, ...]:
    """Last words of a desk or bureau credit ("डेस्क", "Bureau")."""
    return words("desks.txt")


def desk_credits() -> tuple[str, ...]:
    """Whole house credits that stand where a dateline names its agency ("जेएनएन", "TNN")."""
    return words("desk_credits.txt")


def publishers() -> tuple[str, ...]:
    """Publisher and site brand names, English and Hindi (title suffixes and photo credits)."""
    return words("publishers.txt")


def dateline_publishers() -> tuple[str, ...]:
    """The publisher names that also sign datelines in place of an agency."""
    return words("publishers.txt", "dateline")


def platforms() -> tuple[str, ...]:
    """Social platforms and stock libraries named as a photo's source."""
    return words("platforms.txt")


def ambiguous_sources() -> tuple[str, ...]:
    """Known credit sources that are also ordinary words ("X", "Mint", "भाषा")."""
    return tuple(w for name in ("agencies.txt", "platforms.txt", "publishers.txt") for w in words(name, "ambiguous"))


def places() -> tuple[str, ...]:
    """The dateline gazetteer: place names in every spelling listed."""
    return words("places.txt")
