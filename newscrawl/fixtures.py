"""Fixture cases: a saved page, its metadata and the expected record, side by side.

Layout: fixtures/<site>/<case>/{page.html[.gz], page.meta.json, expected.json, README.md}.
expected.json holds the record the page must give, or null for a page that
must give none (a listing, a video page).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter

from newscrawl.extract.page import url_hint
from newscrawl.process import page_to_article
from newscrawl.profiles import SiteProfile, profile_for_url
from newscrawl.spiders.replay import sidecar_of
from newscrawl.warc import is_warc, read_pages

EXPECTED = "expected.json"


@dataclass
class Case:
    """One fixture folder."""

    folder: Path
    page: Path
    meta: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}"

    @property
    def expected_path(self) -> Path:
        return self.folder / EXPECTED

    def expected(self) -> Any:
        return json.loads(self.expected_path.read_text(encoding="utf-8"))

    def actual(self, profiles: dict[str, SiteProfile] | None = None) -> dict[str, Any] | None:
        """The record the project's code makes of this page now."""
        url = self.meta["url"]
        outcome = page_to_article(
            url, self.page.read_bytes(), self.meta.get("headers") or {},
            fetched_at=self.meta.get("fetched_at"),
            profile=profile_for_url(profiles or {}, url),
        )
        return record_dict(outcome.article) if outcome.article else None


def record_dict(item: Any) -> dict[str, Any]:
    """The record as exported (nested dataclasses become dicts, key order kept)."""
    return json.loads(json.dumps(ItemAdapter(item).asdict(), ensure_ascii=False))


def dumps(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def find_cases(root: Path) -> list[Case]:
    cases = []
    for meta_path in sorted(root.rglob("page.meta.json")):
        folder = meta_path.parent
        page = next((p for p in (folder / "page.html", folder / "page.html.gz") if p.exists()), None)
        if page is None:
            continue
        cases.append(Case(folder, page, json.loads(meta_path.read_text(encoding="utf-8"))))
    return cases


def diff(case: Case, actual: Any) -> str:
    """A unified diff of expected.json against what the code makes now ('' when equal)."""
    old = case.expected_path.read_text(encoding="utf-8") if case.expected_path.exists() else ""
    new = dumps(actual)
    if old == new:
        return ""
    return "".join(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"{case.name}/{EXPECTED} (expected)", tofile=f"{case.name}/{EXPECTED} (now)",
    ))


_SAFE = re.compile(r"[^a-z0-9._-]+")


def safe_name(text: str, fallback: str = "case") -> str:
    """A folder name that can never leave its parent: lower-case letters, digits, '.', '_', '-'; no dot first."""
    name = _SAFE.sub("-", text.lower()).strip(".-_")[:80]
    return name or fallback


def new_case(source: Path, case: str, root: Path, *, url: str | None = None,
             profiles: dict[str, SiteProfile] | None = None) -> Path:
    """Turn one page (a saved file, or one URL of a WARC) into fixtures/<site>/<case>/ with its current record.

    expected.json holds what the code makes *now*: review it (and write README.md) before committing.
    """
    body, meta = _page_from(source, url)
    site = safe_name(urlsplit(meta["url"]).hostname or "", "site").removeprefix("www.")
    folder = (root / site / safe_name(case)).resolve()
    if not folder.is_relative_to(root.resolve()):
        raise ValueError(f"{case!r} would leave {root}")  # cannot happen with safe names; checked anyway
    if folder.exists():
        raise FileExistsError(f"{folder} already exists")
    folder.mkdir(parents=True)
    (folder / "page.html").write_bytes(body)
    (folder / "page.meta.json").write_text(dumps(meta), encoding="utf-8")
    made = Case(folder, folder / "page.html", meta)
    made.expected_path.write_text(dumps(made.actual(profiles)), encoding="utf-8")
    (folder / "README.md").write_text(f"# {site} / {folder.name}\nSaved from {source.name}: say what this case "
                                      "tests, and review expected.json, before committing.\n", encoding="utf-8")
    return folder


def _page_from(source: Path, url: str | None) -> tuple[bytes, dict[str, Any]]:
    """(body, meta) of the page: one URL of an archive, or a saved page with its sidecar."""
    if is_warc(source):
        if not url:
            raise ValueError("a WARC holds many pages: give --url")
        page = next((p for p in read_pages(source, lambda _: None) if p.url == url), None)
        if page is None:
            raise LookupError(f"no HTML 200 response for {url} in {source}")
        return page.body, {"url": page.url, "fetched_at": page.fetched_at, "headers": page.headers}
    body = source.read_bytes()
    sidecar = sidecar_of(source)
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    meta["url"] = url or meta.get("url") or url_hint(body.decode("utf-8", "replace"))
    if not meta["url"]:
        raise ValueError(f"no URL for {source}: give --url")
    meta.setdefault("fetched_at", datetime.now(UTC).isoformat(timespec="seconds"))
    return body, meta
