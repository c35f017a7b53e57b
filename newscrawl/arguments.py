"""Spider arguments (`-a name=value`), checked before anything starts.

A cron job with a typo must fail at once with one line that names the
argument and the accepted form, not with an asyncio traceback half-way
through start-up, and never run with the typo silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import urlsplit

__all__ = ["ArgumentError", "parse_bool", "parse_date", "parse_positive_int", "parse_urls", "reject_unknown"]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class ArgumentError(ValueError):
    """A spider argument that cannot be used; the message names it and says what is accepted."""


def reject_unknown(spider: str, given: Iterable[str], accepted: Iterable[str]) -> None:
    """Refuse arguments the spider does not know (a misspelt `-a sinse=` must not be ignored).

    Names starting with "_" are the scheduler's own (Scrapyd passes `_job`) and are let through.
    """
    known = sorted(accepted)
    unknown = sorted(name for name in given if name not in known and not name.startswith("_"))
    if unknown:
        names = ", ".join(f"-a {name}" for name in unknown)
        raise ArgumentError(f"unknown argument {names} for {spider}; accepted: "
                            + ", ".join(f"-a {name}" for name in known))


def parse_date(name: str, value: str | None) -> date | None:
    """`YYYY-MM-DD` or nothing."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ArgumentError(f"-a {name}={value!r}: expected a date as YYYY-MM-DD") from None


def parse_positive_int(name: str, value: str | int | None) -> int | None:
    """A whole number above zero, or nothing."""
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ArgumentError(f"-a {name}={value!r}: expected a whole number above 0") from None
    if number <= 0:
        raise ArgumentError(f"-a {name}={value!r}: expected a whole number above 0")
    return number


def parse_bool(name: str, value: str | bool | None) -> bool:
    """1/0, true/false, yes/no, on/off; nothing means false."""
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ArgumentError(f"-a {name}={value!r}: expected 1 or 0 (also true/false, yes/no)")


def parse_urls(name: str, value: str | None) -> list[str]:
    """Comma-separated absolute http(s) URLs."""
    urls = [u.strip() for u in str(value or "").split(",") if u.strip()]
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ArgumentError(f"-a {name}={url!r}: expected absolute http(s) URLs, comma-separated")
    return urls


def arguments_of(spargs: Mapping[str, object]) -> dict[str, str]:
    """Spider arguments as given on the command line (all strings)."""
    return {str(k): str(v) for k, v in spargs.items()}
