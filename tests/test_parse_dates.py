"""Table-driven tests for newscrawl.parse.dates."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from newscrawl.parse.dates import IST, find_visible_timestamps, parse_datetime, to_iso

PARSE_CASES: list[tuple[str, str | None]] = [
    # --- machine formats: ISO 8601 ---
    ("2024-05-25T18:03:11+05:30", "2024-05-25T18:03:11+05:30"),
    ("2024-05-25T18:03:11.000Z", "2024-05-25T18:03:11+00:00"),
    ("2024-05-25T18:03:11.123456+0530", "2024-05-25T18:03:11+05:30"),
    ("2020-02-14 21:42:56", "2020-02-14T21:42:56+05:30"),
    ("2024-05-25", "2024-05-25T00:00:00+05:30"),
    ("2024-05-25T18:03", "2024-05-25T18:03:00+05:30"),
    ("2024-01-09T23:10:00-04:00", "2024-01-09T23:10:00-04:00"),
    ("  2023-11-02T07:05:09+05:30\n", "2023-11-02T07:05:09+05:30"),
    # --- RFC 822 (feeds) ---
    ("Tue, 07 Apr 2020 07:36:07 +0530", "2020-04-07T07:36:07+05:30"),
    ("Sat, 25 May 2024 12:33:00 GMT", "2024-05-25T12:33:00+00:00"),
    ("Mon, 02 Dec 2024 09:00:00 +0000", "2024-12-02T09:00:00+00:00"),
    # --- zones ---
    ("2024-08-14 18:45 IST", "2024-08-14T18:45:00+05:30"),
    ("2024-08-14 18:45 GMT+5:30", "2024-08-14T18:45:00+05:30"),
    ("Aug 14, 2024 6:45 PM GMT+05:30", "2024-08-14T18:45:00+05:30"),
    ("14 Aug 2024 13:15 UTC", "2024-08-14T13:15:00+00:00"),
    # --- English visible forms ---
    ("Updated: Aug 25, 2025 09:06 am IST", "2025-08-25T09:06:00+05:30"),
    ("Updated Thu, 16 Apr 2020 01:00 AM IST", "2020-04-16T01:00:00+05:30"),
    ("April 07, 2020 03:49 pm IST", "2020-04-07T15:49:00+05:30"),
    ("Published On: 14 Aug 2024, 06:45 PM", "2024-08-14T18:45:00+05:30"),
    ("Aug 28, 2024, 14:02 IST", "2024-08-28T14:02:00+05:30"),
    ("Last Updated: May 3, 2025, 10:15 IST", "2025-05-03T10:15:00+05:30"),
    ("February 14, 2020", "2020-02-14T00:00:00+05:30"),
    ("Sept. 5, 2024 12:00 AM", "2024-09-05T00:00:00+05:30"),
    ("9 Jan 2025 12:30 p.m.", "2025-01-09T12:30:00+05:30"),
    ("03-Mar-2023 10.15 am", "2023-03-03T10:15:00+05:30"),
    ("Friday, the 1st of March, 2024", "2024-03-01T00:00:00+05:30"),
    ("2 Oct 2024 at 14:02 hrs IST", "2024-10-02T14:02:00+05:30"),
    ("Updated: 06:45 PM IST, 14 Aug 2024", "2024-08-14T18:45:00+05:30"),
    ("07/11/2023 08:30", "2023-11-07T08:30:00+05:30"),  # Indian day-first order
    ("2024 August 14 06:45 PM IST", "2024-08-14T18:45:00+05:30"),  # dateparser fallback
    # --- Hindi visible forms ---
    ("अपडेटेड: बुधवार, 14 अगस्त 2024 06:45 PM IST", "2024-08-14T18:45:00+05:30"),
    ("प्रकाशित: 25 मई 2024, 11:20 AM", "2024-05-25T11:20:00+05:30"),
    ("Published by: Ravi Verma Updated Thu, 16 Apr 2020 01:00 AM IST", "2020-04-16T01:00:00+05:30"),
    ("14 अगस्त 2024, 06:45 PM (IST)", "2024-08-14T18:45:00+05:30"),
    ("25 मई, 2024 | 04:20 PM", "2024-05-25T16:20:00+05:30"),
    ("अपडेटेड Sat, 25 May 2024 06:14 PM IST", "2024-05-25T18:14:00+05:30"),
    ("२५ मई २०२४", "2024-05-25T00:00:00+05:30"),
    ("१२ जनवरी २०२५, ०९:४५ AM", "2025-01-12T09:45:00+05:30"),
    ("3 फरवरी 2024", "2024-02-03T00:00:00+05:30"),
    ("3 फ़रवरी 2024", "2024-02-03T00:00:00+05:30"),
    ("15 सितंबर 2023 10:00 AM", "2023-09-15T10:00:00+05:30"),
    ("15 सितम्बर 2023 10:00 AM", "2023-09-15T10:00:00+05:30"),
    ("2 अक्टूबर 2022", "2022-10-02T00:00:00+05:30"),
    ("2 अक्तूबर 2022", "2022-10-02T00:00:00+05:30"),
    ("11 नवंबर 2021", "2021-11-11T00:00:00+05:30"),
    ("11 नवम्बर 2021", "2021-11-11T00:00:00+05:30"),
    ("31 दिसंबर 2024, 11:59 PM", "2024-12-31T23:59:00+05:30"),
    ("31 दिसम्बर 2024", "2024-12-31T00:00:00+05:30"),
    ("1 अप्रैल 2025", "2025-04-01T00:00:00+05:30"),
    ("25 मई 2024, 4:20 बजे", "2024-05-25T04:20:00+05:30"),  # no hint: clock as written
    ("25 मई 2024, शाम 4:20 बजे", "2024-05-25T16:20:00+05:30"),
    ("8 जून 2024 सुबह 7 बजे", "2024-06-08T07:00:00+05:30"),
    ("8 जून 2024 रात 10 बजे", "2024-06-08T22:00:00+05:30"),
    ("8 जून 2024 दोपहर 2:05 बजे", "2024-06-08T14:05:00+05:30"),
    ("मई 25, 2024 09:10 PM", "2024-05-25T21:10:00+05:30"),
    # --- nothing to parse ---
    ("2 घंटे पहले", None),
    ("कुछ ही क्षण पहले", None),
    ("5 hours ago", None),
    ("Updated 2024 minutes ago", None),
    ("25 मई", None),
    ("Aug 25, 09:06 am IST", None),
    ("May 2024", None),
    ("31 Feb 2024", None),
    # placeholder years (found by tests/test_properties.py): not moved to another zone, not a date
    ("0001-01-01T00:00:00+14:00 2024", None),
    ("9999-12-31T23:00:00-12:00 (2024)", None),
    ("garbage", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("value", "expected"), PARSE_CASES)
def test_parse_datetime(value: str | None, expected: str | None) -> None:
    assert to_iso(parse_datetime(value)) == expected


def test_ist_is_india_not_israel() -> None:
    parsed = parse_datetime("Aug 14, 2024 06:45 PM IST")
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=5, minutes=30)
    assert to_iso(parsed) == "2024-08-14T18:45:00+05:30"


def test_no_year_is_never_guessed() -> None:
    assert parse_datetime("25 मई") is None
    assert parse_datetime("25 मई, 11:20 AM") is None


def test_default_tz_applies_to_naive_only() -> None:
    utc = UTC
    assert to_iso(parse_datetime("2024-05-25 10:00", default_tz=utc)) == "2024-05-25T10:00:00+00:00"
    assert to_iso(parse_datetime("2024-05-25 10:00 IST", default_tz=utc)) == "2024-05-25T10:00:00+05:30"


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (None, None),
        (datetime(2024, 8, 14, 18, 45, tzinfo=IST), "2024-08-14T18:45:00+05:30"),
        (datetime(2024, 8, 14, 18, 45, 7, 500000, tzinfo=UTC), "2024-08-14T18:45:07+00:00"),
        (datetime(2024, 8, 14, 18, 45), "2024-08-14T18:45:00+05:30"),  # naive read as IST
        # local mean time before 1942 has a seconds offset (+05:21:10); ISO offsets carry minutes
        (datetime(1906, 1, 1, tzinfo=ZoneInfo("Asia/Kolkata")), "1906-01-01T00:00:00+05:21"),
        (datetime(1850, 6, 1, 9, tzinfo=ZoneInfo("Asia/Kolkata")), "1850-06-01T09:00:00+05:53"),
    ],
)
def test_to_iso(dt: datetime | None, expected: str | None) -> None:
    assert to_iso(dt) == expected


VISIBLE_CASES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Edited by Meera Iyer | Updated: April 07, 2020 03:49 pm IST",
        [("modified", "2020-04-07T15:49:00+05:30")],
    ),
    (
        "प्रकाशित: 25 मई 2024 11:20 AM, अपडेटेड: 25 मई 2024 06:45 PM IST",
        [("published", "2024-05-25T11:20:00+05:30"), ("modified", "2024-05-25T18:45:00+05:30")],
    ),
    (
        "First Published: Aug 14, 2024, 10:00 IST Last Updated: Aug 14, 2024, 12:30 IST",
        [("published", "2024-08-14T10:00:00+05:30"), ("modified", "2024-08-14T12:30:00+05:30")],
    ),
    (
        "Published by: Ravi Verma Updated Thu, 16 Apr 2020 01:00 AM IST",
        [("modified", "2020-04-16T01:00:00+05:30")],
    ),
    (
        "पब्लिश्ड बाय: सीमा राय, अपडेटेड: 14 अगस्त 2024, 06:45 PM",
        [("modified", "2024-08-14T18:45:00+05:30")],
    ),
    (
        "लेखक: अजय सिंह | 3 मार्च 2024, 09:15 AM",
        [("published", "2024-03-03T09:15:00+05:30")],
    ),
    (
        "Posted on 2024-05-25T18:03:11+05:30 · Modified 2024-05-26T08:00:00+05:30",
        [("published", "2024-05-25T18:03:11+05:30"), ("modified", "2024-05-26T08:00:00+05:30")],
    ),
    (
        "Published On: 14 Aug 2024, 06:45 PM | Updated: 06:50 PM IST, 14 Aug 2024",
        [("published", "2024-08-14T18:45:00+05:30"), ("modified", "2024-08-14T18:50:00+05:30")],
    ),
    (
        "संशोधित: २६ मई २०२४",
        [("modified", "2024-05-26T00:00:00+05:30")],
    ),
    (
        "अपडेट: 10 जुलाई 2024 | पब्लिश: 9 जुलाई 2024",
        [("modified", "2024-07-10T00:00:00+05:30"), ("published", "2024-07-09T00:00:00+05:30")],
    ),
    ("By Staff | 25 May 2024 | 25 May 2024", [("published", "2024-05-25T00:00:00+05:30")]),
    ("Updated 2 hours ago | प्रकाशित: 2 घंटे पहले", []),
    (
        "Updated: 0001-01-01T00:00:00+14:00, Published: 25 May 2024 10:00 AM",
        [("published", "2024-05-25T10:00:00+05:30")],
    ),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), VISIBLE_CASES)
def test_find_visible_timestamps(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_visible_timestamps(text)
    assert [(kind, to_iso(dt)) for kind, dt in found] == expected


JUNK = [
    "::::",
    "2024",
    "9999-99-99T99:99:99",
    "0000-00-00",
    "31/31/2024",
    "32 मई 2024",
    "Aug 99, 2024 99:99 PM IST",
    "25 May 2024 25:61",
    "GMT+99:99 2024-05-25",
    "\x00\ufeff\u200b",
    "&#xD800; 2024",
    "मई मई मई 2024 2024",
    "1716640391",
    "-" * 500 + "2024",
    "12 May 2024 " * 200,
]


def _random_junk(seed: int) -> str:
    rng = random.Random(seed)
    alphabet = "0123456789:-/.,+TZ APMIST मईअगस्त२०२४बजे\u00a0\u200b"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))


@pytest.mark.parametrize("value", JUNK + [_random_junk(seed) for seed in range(200)])
def test_never_raises(value: str) -> None:
    parsed = parse_datetime(value)
    assert parsed is None or parsed.utcoffset() is not None
    for kind, dt in find_visible_timestamps(value):
        assert kind in {"published", "modified"}
        assert dt.utcoffset() is not None


@pytest.mark.parametrize("value", [123, b"2024-05-25", ["2024-05-25"]])
def test_non_strings_give_none(value: object) -> None:
    assert parse_datetime(value) is None  # type: ignore[arg-type]
