"""Site profiles: per-site discovery endpoints, URL rules and selector overrides, as data.

One TOML file per site in ``seeds/`` (schema in ``seeds/README.md``), in the
spirit of Fundus's publisher registry: adding a site should not need code.
Profiles are validated strictly at load time (unknown keys, bad regexes, bad
CSS, bad time zones) so a typo fails the crawl start with the file and key
named, instead of silently matching nothing hours later.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import GenericTranslator, SelectorError

from newscrawl.discovery.netguard import host_is_ip_literal
from newscrawl.discovery.urls import canonicalize, host_in, host_of
from newscrawl.extract.selectors import Selectors

__all__ = [
    "DEFAULT_SEEDS_DIR",
    "EvidenceLevel",
    "ProfileError",
    "Selectors",
    "SiteProfile",
    "load_profile",
    "load_profiles",
    "profile_for_url",
]

#: ``seeds/`` at the project root.
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

EvidenceLevel = Literal["well evidenced", "best guess"]
_EVIDENCE_LEVELS: tuple[EvidenceLevel, ...] = ("well evidenced", "best guess")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Single labels are allowed too: intranet hosts, localhost.
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{2,63}$")
_TEMPLATE_FIELDS = frozenset({"yyyy", "mm", "m", "dd", "d"})
_TEMPLATE_RE = re.compile(r"\{([^{}]*)\}")
_CSS = GenericTranslator()

_TOP_KEYS = frozenset({"name", "domains", "language", "timezone", "start", "urls", "selectors", "extraction",
                       "evidence", "notes"})
_START_KEYS = frozenset({"feeds", "sitemaps", "dated_sitemaps", "listings", "robots"})
_URLS_KEYS = frozenset({"article", "exclude", "section", "examples", "counterexamples", "drop_params"})
_EXTRACTION_KEYS = frozenset({"text_fallbacks"})
_SELECTOR_KEYS = frozenset({"body", "drop", "caption", "headline", "summary", "author", "date", "image", "next_page"})


class ProfileError(ValueError):
    """A seeds file is unreadable or violates the schema; the message names file and key."""

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        where = f"{path}" + (f": [{key}]" if key else "")
        super().__init__(f"{where}: {message}")
        self.path = Path(path)
        self.key = key


@dataclass(frozen=True)
class SiteProfile:
    """One site's crawl profile. Frozen, hashable and picklable (regexes pickle by source)."""

    name: str
    domains: tuple[str, ...]
    language: str = "hi"
    timezone: str = "Asia/Kolkata"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    dated_sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    robots: bool = True
    article_patterns: tuple[re.Pattern[str], ...] = ()
    exclude_patterns: tuple[re.Pattern[str], ...] = ()
    section_patterns: tuple[re.Pattern[str], ...] = ()
    drop_params: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    # trafilatura's fallback extractors (readability, jusText): turned off only for a site whose pages were
    # checked to give the same records without them (about a fifth of trafilatura's time)
    text_fallbacks: bool = True
    evidence: tuple[tuple[str, str], ...] = ()
    source: str | None = None  # the TOML file it came from

    # -- URL rules --------------------------------------------------------------

    def canonical(self, url: str) -> str:
        """``canonicalize`` with this site's extra tracking parameters."""
        return canonicalize(url, self.drop_params)

    def owns(self, url: str) -> bool:
        """Whether the URL's host is one of ``domains`` or a subdomain of one."""
        host = host_of(url)
        return host_in(host, self.domains)

    def is_excluded(self, url: str) -> bool:
        """Whether an ``[urls] exclude`` regex matches the URL path (video, galleries, …)."""
        path = urlsplit(url.strip()).path
        return any(p.search(path) for p in self.exclude_patterns)

    def is_article_url(self, url: str) -> bool | None:
        """True/False by the ``[urls] article`` regexes; None when the profile has none.

        Regexes are searched in the canonical URL (tracking parameters and
        fragment gone); ``exclude`` wins over ``article``.
        """
        if not self.article_patterns:
            return None
        if self.is_excluded(url):
            return False
        canon = self.canonical(url)
        return any(p.search(canon) for p in self.article_patterns)

    def in_section(self, url: str) -> bool:
        """Whether the URL path is under one of ``[urls] section`` (True when none are set)."""
        if not self.section_patterns:
            return True
        path = urlsplit(url.strip()).path
        return any(p.search(path) for p in self.section_patterns)

    # -- start points -------------------------------------------------------------

    def dated_sitemap_urls(self, day: date) -> list[str]:
        """``dated_sitemaps`` templates filled for one day (``{yyyy}``, ``{mm}``, ``{m}``, ``{dd}``, ``{d}``)."""
        values = {
            "yyyy": f"{day.year:04d}",
            "mm": f"{day.month:02d}",
            "m": str(day.month),
            "dd": f"{day.day:02d}",
            "d": str(day.day),
        }
        return [t.format_map(values) for t in self.dated_sitemaps]

    def start_urls(self) -> list[str]:
        """All static start endpoints: feeds, then sitemaps, then listings."""
        return [*self.feeds, *self.sitemaps, *self.listings]

    def evidence_for(self, url: str) -> str | None:
        """The ``[evidence]`` note for an endpoint, if any."""
        return dict(self.evidence).get(url)

    def evidence_level(self, url: str) -> EvidenceLevel | None:
        """``"well evidenced"`` or ``"best guess"`` for an endpoint, if recorded."""
        note = self.evidence_for(url)
        if note is None:
            return None
        return next((level for level in _EVIDENCE_LEVELS if note.startswith(level)), None)

    def robots_txt_urls(self) -> list[str]:
        """``/robots.txt`` of the site's own hosts (those of listings and sitemaps; feeds as a fallback).

        Feed hosts such as ``rss.jagran.com`` are skipped when a site host is
        known: their robots.txt rarely lists the site's sitemaps.
        """
        if not self.robots:
            return []
        out: list[str] = []
        site_urls = [*self.listings, *self.sitemaps, *self.dated_sitemaps] or list(self.feeds)
        for url in site_urls:
            parts = urlsplit(url)
            robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
            if self.owns(url) and robots not in out:
                out.append(robots)
        return out


# --- loading ---------------------------------------------------------------------


class _Reader:
    """Typed access to one TOML table with errors that name file and key."""

    def __init__(self, path: Path, table: Mapping[str, Any], prefix: str, allowed: frozenset[str]) -> None:
        self.path, self.table, self.prefix = path, table, prefix
        for key in table:
            if key not in allowed:
                raise ProfileError(path, self.key(key), f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def error(self, name: str, message: str) -> ProfileError:
        return ProfileError(self.path, self.key(name), message)

    def string(self, name: str, default: str | None = None, required: bool = False) -> str | None:
        if name not in self.table:
            if required:
                raise self.error(name, "missing required key")
            return default
        value = self.table[name]
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.table.get(name, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(name, f"expected a list of non-empty strings, got {value!r}")
        return tuple(v.strip() for v in value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.table.get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, f"expected true or false, got {value!r}")
        return value

    def table_(self, name: str) -> Mapping[str, Any]:
        value = self.table.get(name, {})
        if not isinstance(value, dict):
            raise self.error(name, "expected a table")
        return value

    def urls(self, name: str) -> tuple[str, ...]:
        values = self.strings(name)
        for v in values:
            if urlsplit(v).scheme not in {"http", "https"} or not urlsplit(v).hostname:
                raise self.error(name, f"not an absolute http(s) URL: {v!r}")
        return values

    def regexes(self, name: str) -> tuple[re.Pattern[str], ...]:
        out = []
        for source in self.strings(name):
            try:
                out.append(re.compile(source))
            except re.error as exc:
                raise self.error(name, f"bad regex {source!r}: {exc}") from None
        return tuple(out)

    def css(self, name: str) -> str | None:
        value = self.string(name)
        if value is not None:
            _check_css(self, name, value)
        return value

    def css_list(self, name: str) -> tuple[str, ...]:
        values = self.strings(name)
        for v in values:
            _check_css(self, name, v)
        return values


def _check_css(reader: _Reader, name: str, selector: str) -> None:
    try:
        _CSS.css_to_xpath(selector)
    except SelectorError as exc:
        raise reader.error(name, f"bad CSS selector {selector!r}: {exc}") from None


def _check_templates(reader: _Reader, name: str, templates: Iterable[str]) -> None:
    for t in templates:
        fields = set(_TEMPLATE_RE.findall(t))
        if not fields or not fields <= _TEMPLATE_FIELDS:
            raise reader.error(name, f"template {t!r} must use only {{yyyy}} {{mm}} {{m}} {{dd}} {{d}}")


def load_profile(path: Path) -> SiteProfile:
    """Load and validate one seeds file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(path, None, f"cannot read: {exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(path, None, f"invalid TOML: {exc}") from None

    top = _Reader(path, data, "", _TOP_KEYS)
    name = top.string("name", required=True)
    assert name is not None
    if not _NAME_RE.match(name):
        raise top.error("name", f"{name!r} must be lower-case letters, digits, '-' or '_'")
    domains = tuple(d.lower() for d in top.strings("domains"))
    if not domains:
        raise top.error("domains", "at least one domain is required")
    for d in domains:
        if not _DOMAIN_RE.match(d) and not host_is_ip_literal(d):
            raise top.error("domains", f"not a host name: {d!r}")
    tz = top.string("timezone", "Asia/Kolkata")
    assert tz is not None
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise top.error("timezone", f"unknown time zone {tz!r}") from None
    top.string("notes")

    start = _Reader(path, top.table_("start"), "start", _START_KEYS)
    dated = start.strings("dated_sitemaps")
    _check_templates(start, "dated_sitemaps", dated)
    urls = _Reader(path, top.table_("urls"), "urls", _URLS_KEYS)
    sel = _Reader(path, top.table_("selectors"), "selectors", _SELECTOR_KEYS)
    extraction = _Reader(path, top.table_("extraction"), "extraction", _EXTRACTION_KEYS)
    evidence_table = top.table_("evidence")
    evidence: list[tuple[str, str]] = []
    for url, note in evidence_table.items():
        if not isinstance(note, str) or not note.startswith(_EVIDENCE_LEVELS):
            raise ProfileError(path, f"evidence.{url}", "value must start with 'well evidenced' or 'best guess'")
        evidence.append((url, note))

    return SiteProfile(
        name=name,
        domains=domains,
        language=top.string("language", "hi") or "hi",
        timezone=tz,
        feeds=start.urls("feeds"),
        sitemaps=start.urls("sitemaps"),
        dated_sitemaps=dated,
        listings=start.urls("listings"),
        robots=start.boolean("robots", True),
        article_patterns=urls.regexes("article"),
        exclude_patterns=urls.regexes("exclude"),
        section_patterns=urls.regexes("section"),
        drop_params=tuple(p.lower() for p in urls.strings("drop_params")),
        examples=urls.urls("examples"),
        counterexamples=urls.urls("counterexamples"),
        selectors=Selectors(
            body=sel.css("body"),
            drop=sel.css_list("drop"),
            caption=sel.css("caption"),
            headline=sel.css("headline"),
            summary=sel.css("summary"),
            author=sel.css("author"),
            date=sel.css("date"),
            image=sel.css("image"),
            next_page=sel.css("next_page"),
        ),
        text_fallbacks=extraction.boolean("text_fallbacks", True),
        evidence=tuple(evidence),
        source=str(path),
    )


def load_profiles(directory: Path = DEFAULT_SEEDS_DIR,
                  errors: list[ProfileError] | None = None) -> dict[str, SiteProfile]:
    """Load every ``*.toml`` in ``directory`` (sorted), keyed by profile name.

    Raises ``ProfileError`` for a broken file or a name used twice, unless
    ``errors`` is given: then broken files are collected there and skipped,
    so one bad profile does not stop a crawl of the others.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ProfileError(directory, None, "seeds directory does not exist")
    profiles: dict[str, SiteProfile] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            profile = load_profile(path)
        except ProfileError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        if profile.name in profiles:
            exc = ProfileError(path, "name", f"{profile.name!r} already defined in {profiles[profile.name].source}")
            if errors is None:
                raise exc
            errors.append(exc)
            continue
        profiles[profile.name] = profile
    return profiles


def profile_for_url(profiles: Mapping[str, SiteProfile], url: str) -> SiteProfile | None:
    """The profile whose domain matches the URL's host most specifically (longest domain)."""
    host = host_of(url)
    if not host:
        return None
    best: tuple[int, SiteProfile] | None = None
    for profile in profiles.values():
        for d in profile.domains:
            if (host == d or host.endswith("." + d)) and (best is None or len(d) > best[0]):
                best = (len(d), profile)
    return best[1] if best else None
