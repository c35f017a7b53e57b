"""Time zones by name, with IST built in so a machine without tzdata still works."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FIXED = {
    "asia/kolkata": timezone(timedelta(hours=5, minutes=30), "IST"),
    "asia/calcutta": timezone(timedelta(hours=5, minutes=30), "IST"),
    "ist": timezone(timedelta(hours=5, minutes=30), "IST"),
    "utc": UTC,
}


@lru_cache(maxsize=64)
def zone(name: str | None) -> tzinfo | None:
    """A tzinfo for an IANA name; None for an unknown or empty name."""
    if not name:
        return None
    fixed = _FIXED.get(name.strip().lower())
    if fixed is not None:
        return fixed
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None
