"""Fixture cases: a saved page, its metadata and the expected record, side by side.

Layout: fixtures/<site>/<case>/{page.html[.gz], page.meta.json, expected.json, README.md}.
expected.json holds the record the page must give, or null for a page that
must give none (a listing, a video page).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.process import page_to_article
from newscrawl.profiles import SiteProfile, profile_for_url

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
