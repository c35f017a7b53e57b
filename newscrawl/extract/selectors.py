"""A site profile's CSS overrides for extraction, as one typed value.

Profiles (seeds/*.toml `[selectors]`) name the containers a generic extractor
gets wrong on their site. Extraction receives this frozen dataclass, never a
dict read by string keys, so a misspelt override fails when the profile loads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selectors:
    """CSS overrides for extraction; ``None``/empty means "use the generic extractor"."""

    body: str | None = None
    drop: tuple[str, ...] = ()
    caption: str | None = None
    headline: str | None = None
    summary: str | None = None
    author: str | None = None
    date: str | None = None
    image: str | None = None
    next_page: str | None = None

    def texts(self) -> dict[str, str]:
        """The overrides whose matched text replaces or fills a field (headline, summary, caption, author, date)."""
        fields = {"headline": self.headline, "summary": self.summary, "caption": self.caption,
                  "author": self.author, "date": self.date}
        return {key: css for key, css in fields.items() if css}


NO_SELECTORS = Selectors()
