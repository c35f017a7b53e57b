"""Timestamps from Indian news pages → aware datetimes.

Pages state times in many shapes: ISO 8601 in meta tags and JSON-LD, RFC 822
in feeds, and free English or Hindi text in bylines ("अपडेटेड: बुधवार,
14 अगस्त 2024 06:45 PM IST"). Our own regexes cover the common shapes because
they are fast and predictable; dateparser is only a last resort for odd English
wordings. Two traps shape the design:

* dateparser reads "IST" as Israel time (+02:00); here IST is always +05:30 and
  local times without a zone are IST too (``default_tz``).
* "25 मई" has no year and dateparser silently fills in the current one; a
  guessed year is worse than none, so every parse must see a 4-digit year.

Relative times ("2 घंटे पहले", "5 hours ago") give ``None``: a pure function has
no reference "now" to count back from.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from newscrawl.parse import vocab

__all__ = ["IST", "find_visible_timestamps", "parse_datetime", "to_iso"]

IST: tzinfo = timezone(timedelta(hours=5, minutes=30), "IST")

# --- normalisation -----------------------------------------------------------

_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# Nukta (U+093C) is dropped so फ़रवरी and फरवरी look alike (NFC keeps फ़ decomposed);
# zero-width characters and soft hyphens carry no meaning inside a date.
_INVISIBLE_RE = re.compile("[\u093c\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACE_RE = re.compile(r"\s+")
# A stated year; without one nothing is parsed (no guessing).
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)")
# The years _YEAR_RE states. A date outside them ("0001-01-01", "9999-12-31") is a placeholder, and
# at the edge of the calendar it cannot even be shown in another zone (OverflowError).
_YEARS = range(1800, 2200)
# Only used to keep relative phrases away from the dateparser fallback.
_RELATIVE_RE = re.compile(
    r"\b(?:ago|just\s+now|yesterday|today|tomorrow)\b|पहले|घंटे|घंटा|मिनट|सेकंड|क्षण|आज|कल",
    re.IGNORECASE,
)

# --- vocabulary (data/months.tsv, day_parts.tsv, timestamp_labels.tsv via vocab) ---

# Keys in the form _normalise leaves text in: no nukta, lower case.
_MONTHS: dict[str, int] = {_INVISIBLE_RE.sub("", name).lower(): number for name, number in vocab.months().items()}

_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_LETTER = r"a-zA-Z\u0900-\u097f"
_MONTH = rf"(?<![{_LETTER}])(?P<mon>{_MONTH_ALT})\.?(?![{_LETTER}])"

# Hindi day-part words: they fix 12-hour times that carry no AM/PM.
_DAY_PARTS = vocab.day_parts()
_AM_WORDS = _DAY_PARTS["am"]
_PM_WORDS = _DAY_PARTS["pm"]
_EVENING_WORDS = _DAY_PARTS["evening"]
_NIGHT_WORDS = _DAY_PARTS["night"]
_HINT_ALT = "|".join(map(re.escape, _AM_WORDS + _PM_WORDS + _EVENING_WORDS + _NIGHT_WORDS))

_FIXED_ZONES: dict[str, timedelta] = {
    "IST": timedelta(hours=5, minutes=30),
    "GMT": timedelta(0),
    "UTC": timedelta(0),
    "UT": timedelta(0),
    "Z": timedelta(0),
    "BST": timedelta(hours=1),
    "CET": timedelta(hours=1),
    "CEST": timedelta(hours=2),
    "EST": timedelta(hours=-5),
    "EDT": timedelta(hours=-4),
    "PST": timedelta(hours=-8),
    "PDT": timedelta(hours=-7),
}

# --- patterns ----------------------------------------------------------------

# ISO 8601 (and the "2020-02-14 21:42:56" SQL-ish variant); its zone is parsed
# by the shared zone pattern so "+0530", "Z" and "IST" all work after it.
_ISO_RE = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:T|\s+)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"(?!\d)"
)
# 25 मई 2024 / 14th of August, 2024 / 07-Apr-2020
_DMY_RE = re.compile(
    r"(?<![\d:])(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s.,/-]*(?:of\s+)?" + _MONTH + r"[\s.,/-]*(?P<y>\d{4})(?![\d:])",
    re.IGNORECASE,
)
# Aug 25, 2025 / May 3 2025
_MDY_RE = re.compile(
    _MONTH + r"[\s.,/-]*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)[\s.,/-]*(?P<y>\d{4})(?![\d:])",
    re.IGNORECASE,
)
# 25/05/2024, 25.05.2024, 25-05-2024: Indian pages write day first.
_NUMERIC_RE = re.compile(r"(?<![\d.:/-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d:])")

_AMPM = r"(?P<ap>[ap]\.?\s?m\b\.?|पूर्वाह्न|अपराह्न)"
_ZONE = (
    r"(?P<zone>\(?\s*(?:(?:GMT|UTC|UT)\s*[+-]\s*\d{1,2}(?::?\d{2})?"
    r"|[+-]\d{2}:?\d{2}"
    # IST/GMT/UTC in any case; rarer abbreviations only in capitals ("est" is a word).
    r"|(?:IST|GMT|UTC|(?-i:CEST|CET|BST|EST|EDT|PST|PDT|UT|Z))(?![a-zA-Z]))\s*\)?)"
)
# Time right after a date: "…2024, 06:45 PM (IST)", "…2024 | शाम 4:20 बजे".
_TIME_AFTER_RE = re.compile(
    r"[\s,|/\u2013\u2014-]*(?:(?:at|on|को)\s+)?(?:(?P<hint>" + _HINT_ALT + r")\s*)?"
    r"(?P<h>\d{1,2})(?![\d/])(?:[:.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?(?!\d)"
    r"\s*" + _AMPM + r"?"
    r"(?:\s*(?:hrs|hours|hr)\b\.?)?"
    r"(?:\s*(?P<baje>बजे))?",
    re.IGNORECASE,
)
_ZONE_AFTER_RE = re.compile(r"\s*" + _ZONE, re.IGNORECASE)
# Time right before a date: "Updated: 06:45 PM IST, 14 Aug 2024".
_TIME_BEFORE_RE = re.compile(
    r"(?<![\d:.])(?:(?P<hint>" + _HINT_ALT + r")\s*)?"
    r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?)?\s*" + _AMPM + r"?"
    r"(?:\s*(?:hrs|hours|hr)\b\.?)?(?:\s*(?P<baje>बजे))?(?:\s*" + _ZONE + r")?"
    r"[\s,|\u2013\u2014-]*(?:on\s+)?$",
    re.IGNORECASE,
)
_ZONE_OFFSET_RE = re.compile(r"(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?")

# Byline labels: the nearest label before a timestamp decides its kind. A label
# followed by "by" is an author credit ("Published by: X"), not a time label.
_NOT_CREDIT = r"(?!\s*:?\s*(?:by|बाय)(?![a-z]))"
_DEVANAGARI_RE = re.compile("[\u0900-\u097f]")


def _labels(kind: str, *, hindi: bool) -> str:
    """Timestamp labels of one kind in one script; the two scripts need different word edges."""
    labels = vocab.words("timestamp_labels.tsv", kind)
    return vocab.alternation([label for label in labels if bool(_DEVANAGARI_RE.search(label)) == hindi])


_LABEL_RE = re.compile(
    r"(?P<published>(?<![a-z])" + _labels("published", hindi=False) + r"(?:\s+(?:on|at))?(?![a-z])"
    + _NOT_CREDIT
    + r"|(?<![\u0900-\u097f])" + _labels("published", hindi=True) + r"(?![\u0900-\u097f])"
    + _NOT_CREDIT
    + r")"
    r"|(?P<modified>(?<![a-z])" + _labels("modified", hindi=False) + r"(?:\s+(?:on|at))?(?![a-z])"
    + _NOT_CREDIT
    + r"|(?<![\u0900-\u097f])" + _labels("modified", hindi=True) + r"(?![\u0900-\u097f])"
    + _NOT_CREDIT
    + r")",
    re.IGNORECASE,
)


# --- scanning ----------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    value: datetime


def _normalise(value: str) -> str:
    """One canonical spelling so the regexes stay small."""
    if "&" in value:
        value = html.unescape(value)
    value = unicodedata.normalize("NFC", value)
    value = _INVISIBLE_RE.sub("", value).translate(_DEVANAGARI_DIGITS)
    return _SPACE_RE.sub(" ", value).strip()


def _zone_offset(raw: str | None) -> timedelta | None:
    """Offset for a zone token; None for no/unknown zone (caller uses default_tz)."""
    if not raw:
        return None
    token = raw.strip(" ()").upper()
    match = _ZONE_OFFSET_RE.search(token)
    if match:
        hours, minutes = int(match["h"]), int(match["m"] or 0)
        if hours > 14 or minutes > 59:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return -delta if match["sign"] == "-" else delta
    return _FIXED_ZONES.get(token)


def _hour24(hour: int, ampm: str | None, hint: str | None) -> int:
    """Apply AM/PM or a Hindi day-part word to a 12-hour clock reading."""
    marker = (ampm or "").lower().replace(".", "").replace(" ", "")
    if marker in ("am", "पूर्वाह्न"):
        return 0 if hour == 12 else hour
    if marker in ("pm", "अपराह्न"):
        return hour + 12 if hour < 12 else hour
    if hint in _PM_WORDS and 1 <= hour <= 6:
        return hour + 12
    if hint in _EVENING_WORDS and hour < 12:
        return hour + 12
    if hint in _NIGHT_WORDS:
        if 6 <= hour <= 11:
            return hour + 12
        if hour == 12:
            return 0
    if hint in _AM_WORDS and hour == 12:
        return 0
    return hour


def _build(
    y: int,
    mo: int,
    d: int,
    time: re.Match[str] | None,
    zone: str | None,
    default_tz: tzinfo,
) -> datetime | None:
    hour = minute = second = micro = 0
    if time is not None:
        groups = time.groupdict()
        hour = _hour24(int(groups["h"]), groups.get("ap"), groups.get("hint"))
        minute = int(groups["mi"] or 0)
        second = int(groups["s"] or 0)
        if groups.get("f"):
            micro = int(groups["f"][:6].ljust(6, "0"))
    if y not in _YEARS:
        return None
    offset = _zone_offset(zone)
    tz = timezone(offset) if offset is not None else default_tz
    if offset == _FIXED_ZONES["IST"]:
        tz = IST
    try:
        return datetime(y, mo, d, hour, minute, second, micro, tzinfo=tz)
    except (ValueError, OverflowError):
        return None


def _time_is_plausible(match: re.Match[str]) -> bool:
    """A bare number after a date is not a time unless it has minutes, AM/PM or बजे."""
    return bool(match["mi"] or match["ap"] or match["baje"])


def _date_matches(
    text: str,
) -> Iterator[tuple[int, int, int, int, int, re.Match[str] | None]]:
    """Yield (start, end, year, month, day, iso_time) for each date, left to right, no overlaps."""
    found: list[tuple[int, int, int, int, int, re.Match[str] | None]] = []
    for m in _ISO_RE.finditer(text):
        found.append(
            (
                m.start(),
                m.end(),
                int(m["y"]),
                int(m["m"]),
                int(m["d"]),
                m if m["h"] else None,
            )
        )
    for regex in (_DMY_RE, _MDY_RE):
        for m in regex.finditer(text):
            found.append(
                (
                    m.start(),
                    m.end(),
                    int(m["y"]),
                    _MONTHS[m["mon"].lower()],
                    int(m["d"]),
                    None,
                )
            )
    for m in _NUMERIC_RE.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        day, month = (b, a) if b > 12 >= a else (a, b)  # US order only when day-first is impossible
        found.append((m.start(), m.end(), int(m["y"]), month, day, None))
    found.sort(key=lambda item: (item[0], -item[1]))
    last_end = -1
    for item in found:
        if item[0] >= last_end:
            last_end = item[1]
            yield item


def _scan(text: str, default_tz: tzinfo) -> Iterator[_Hit]:
    """Every absolute timestamp in normalised text, with the span it covers."""
    prev_end = 0
    for start, end, y, mo, d, iso_time in _date_matches(text):
        if start < prev_end:  # already eaten as the time/zone of the previous date
            continue
        time = iso_time
        if time is None:
            after = _TIME_AFTER_RE.match(text, end)
            if after and _time_is_plausible(after):
                time, end = after, after.end()
        zone = None
        zone_match = _ZONE_AFTER_RE.match(text, end) if time is not None else None
        if zone_match:
            zone, end = zone_match["zone"], zone_match.end()
        if time is None:
            before = _TIME_BEFORE_RE.search(text, prev_end, start)
            if before and _time_is_plausible(before):
                time, zone, start = before, before["zone"], before.start()
        value = _build(y, mo, d, time, zone, default_tz)
        if value is not None:
            prev_end = end
            yield _Hit(start, end, value)


def _fallback(text: str, default_tz: tzinfo) -> datetime | None:
    """dateparser for odd English wordings, with IST pinned to +05:30 and no guessing."""
    if len(text) > 100 or _RELATIVE_RE.search(text):
        return None
    import dateparser  # lazy: heavy import, rarely needed

    text = re.sub(r"\(?\bIST\b\)?", "+05:30", text, flags=re.IGNORECASE)
    settings = {
        "DATE_ORDER": "DMY",
        "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    try:
        parsed = dateparser.parse(text, languages=["en", "hi"], settings=settings)
    except Exception:  # dateparser raises assorted errors on junk; the contract is None
        return None
    if parsed is None or parsed.year not in _YEARS:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return parsed.replace(tzinfo=default_tz)
    if parsed.utcoffset() == _FIXED_ZONES["IST"]:
        return parsed.replace(tzinfo=IST)
    return parsed.replace(tzinfo=timezone(parsed.utcoffset()))


# --- public API --------------------------------------------------------------


def parse_datetime(value: str | None, *, default_tz: tzinfo = IST) -> datetime | None:
    """Parse a machine or visible timestamp into an aware datetime.

    Naive times take ``default_tz`` (IST). Returns None when the value is
    unparseable, relative ("2 घंटे पहले") or states no year; never raises.
    The first timestamp in the string wins.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = _normalise(value)
    if not _YEAR_RE.search(text):
        return None
    for hit in _scan(text, default_tz):
        return hit.value
    return _fallback(text, default_tz)


def to_iso(dt: datetime | None) -> str | None:
    """ISO 8601 with seconds and offset always ("2024-08-14T18:45:00+05:30").

    Fractions are dropped (pages never mean them); a naive value is taken as IST
    so the output always carries an offset.
    """
    if dt is None:
        return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=IST)
    offset = dt.utcoffset() or timedelta(0)
    if offset % timedelta(minutes=1):
        # A local-mean-time offset (zoneinfo before ~1900: "+05:53:28") has seconds an ISO offset
        # cannot carry: keep the wall-clock time, round the offset to the minute.
        dt = dt.replace(tzinfo=timezone(timedelta(minutes=round(offset / timedelta(minutes=1)))))
    return dt.replace(microsecond=0).isoformat(timespec="seconds")


def find_visible_timestamps(text: str, default_tz: tzinfo = IST) -> list[tuple[str, datetime]]:
    """Find labelled timestamps in visible byline text; kind is 'published' or 'modified'.

    The kind comes from the nearest label between the previous timestamp and
    this one; an unlabelled timestamp counts as 'published'. Only the regex
    forms are recognised (no dateparser) so byline noise cannot become a date.
    Naive times take ``default_tz`` (IST). Exact repeats are reported once.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    norm = _normalise(text)
    result: list[tuple[str, datetime]] = []
    prev_end = 0
    for hit in _scan(norm, default_tz):
        kind = "published"
        for label in _LABEL_RE.finditer(norm, prev_end, hit.start):
            kind = "published" if label["published"] else "modified"
        prev_end = hit.end
        if (kind, hit.value) not in result:
            result.append((kind, hit.value))
    return result
