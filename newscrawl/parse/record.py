"""RawArticle → Article: the parsing steps, in the order their inputs need.

Dates come first (the dateline's year depends on the publication date), then
headline, photo and body (the body drops repeats of headline, summary and
caption), and the dateline is cut from the cleaned body last.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, tzinfo

from newscrawl.extract.raw import RawArticle
from newscrawl.items import Article, Dateline, Photo
from newscrawl.parse.body import Context, clean_body, joined, word_count
from newscrawl.parse.credit import credit_from_alt, split_caption_credit
from newscrawl.parse.dateline import split_dateline
from newscrawl.parse.dates import IST, find_visible_timestamps, parse_datetime, to_iso
from newscrawl.parse.encoding import repair_mojibake
from newscrawl.parse.headline import choose_headline, clean_text, split_bilingual

_TRUST = {"jsonld": 0, "meta": 1, "time": 2, "visible": 3}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def build_article(raw: RawArticle, *, tz: tzinfo = IST) -> Article:
    """Parse every field of one article; pure, so replay and live crawls agree."""
    published, modified = resolve_dates(raw, tz)
    headline = repair_mojibake(clean_text(choose_headline(
        raw.h1s, og_title=raw.og_title, ld_headline=raw.ld_headline, title_tag=raw.title_tag,
        site_names=raw.site_names, title_parts_shown=raw.title_parts_shown,
    )))
    summary = repair_mojibake(
        clean_text(raw.standfirst) or next((clean_text(d) for d in raw.descriptions if clean_text(d)), None))
    photo = build_photo(raw, headline)
    paragraphs = clean_body(raw.blocks, Context(
        headline=headline,
        summary=clean_text(raw.standfirst),
        caption=photo.caption if photo else None,
        credit=photo.credit if photo else None,
        breadcrumbs=tuple(raw.breadcrumbs),
        captions=tuple(raw.captions),
    ))
    paragraphs = [_nfc(p) for p in paragraphs]
    dateline, paragraphs = cut_dateline(paragraphs, published)
    if dateline is None and raw.lead_in and paragraphs:
        dateline = lead_in_dateline(raw.lead_in, paragraphs[0], published)
        if dateline is not None:
            paragraphs = _without_repeats(dateline, paragraphs, published)
    body = joined(paragraphs)
    return Article(
        url=raw.url,
        canonical_url=raw.canonical_url or raw.og_url,
        site=raw.site,
        language=raw.language,
        headline=headline,
        headline_en=split_bilingual(headline) if headline else None,
        summary=summary,
        dateline=dateline,
        published=to_iso(published.astimezone(tz)) if published else None,
        modified=to_iso(modified.astimezone(tz)) if modified else None,
        authors=[a for a in (clean_text(x) for x in raw.authors) if a],
        photo=photo,
        body=body,
        tags=[t for t in (clean_text(x) for x in raw.tags) if t],
        section=clean_text(raw.section),
        word_count=word_count(body),
        fetched_at=raw.fetched_at,
    )


PREBODY_MAX_BLOCKS = 4
PREBODY_MAX_WORDS = 60


def cut_dateline(paragraphs: list[str], published: datetime | None) -> tuple[Dateline | None, list[str]]:
    """Find the dateline that opens the story and cut it off.

    The story may be preceded by a dek, a byline or a highlights box that the
    cleaning did not recognise; a dateline in one of the first few short
    blocks marks where the story starts, so what comes before it goes.
    """
    for i, para in enumerate(paragraphs[: PREBODY_MAX_BLOCKS + 1]):
        dateline, rest = split_dateline(para, published, strict=i > 0)
        if dateline is not None:
            return dateline, _without_repeats(dateline, ([rest] if rest else []) + paragraphs[i + 1:], published)
        if len(para.split()) > PREBODY_MAX_WORDS:
            break
    return None, paragraphs


def _without_repeats(dateline: Dateline, paragraphs: list[str], published: datetime | None) -> list[str]:
    """The same dateline printed again right after itself ("NEW DELHI: NEW DELHI: …") is cut too: read as a
    dateline again, or as the same text closed by its terminator ("NEW DELHI: -, …")."""
    raw = dateline.raw
    while paragraphs:
        first = paragraphs[0]
        again, rest = split_dateline(first, published)
        if again is None or again.raw != raw:
            if not (first.startswith(raw) and not _wordish(raw[-1:])):
                break
            rest = first[len(raw):].lstrip(" ,;:|-–—।").strip()
        paragraphs = ([rest] if rest else []) + paragraphs[1:]
    return paragraphs


def _wordish(char: str) -> bool:
    """A letter, a mark (Devanagari vowel signs) or a digit."""
    return bool(char) and unicodedata.category(char)[0] in "LMN"


def lead_in_dateline(lead_in: str, first: str, published: datetime | None) -> Dateline | None:
    """A dateline printed in its own element before the first paragraph (not part of the body text)."""
    lead_in = _nfc(lead_in)  # as the body paragraphs are: "क़" (U+0958) is "क" + nukta
    dateline, _ = split_dateline(f"{lead_in} {first}", published)
    if dateline is not None and dateline.raw.rstrip() == lead_in.rstrip():
        return dateline
    return None


def resolve_dates(raw: RawArticle, tz: tzinfo = IST) -> tuple[datetime | None, datetime | None]:
    """Published and modified from the most trusted source that parses; the two stay apart."""
    found: dict[str, tuple[int, datetime, bool]] = {}  # kind → (trust rank, value, has a time of day)
    for cand in raw.dates:
        rank = _TRUST.get(cand.source, 9)
        if cand.source == "visible":
            pairs = [(kind, dt, True) for kind, dt in find_visible_timestamps(cand.value, tz)]
        else:
            dt = parse_datetime(cand.value, default_tz=tz)
            pairs = [(cand.kind, dt, not _DATE_ONLY.match(cand.value.strip()))] if dt else []
        for kind, dt, timed in pairs:
            best = found.get(kind)
            if best is None or rank < best[0]:
                found[kind] = (rank, dt, timed)
            elif not best[2] and timed and dt.astimezone(tz).date() == best[1].date():
                found[kind] = (best[0], dt, True)  # same day, but this one says when
    published = found["published"][1] if "published" in found else None
    modified = found["modified"][1] if "modified" in found else None
    return published, modified


def build_photo(raw: RawArticle, headline: str | None) -> Photo | None:
    """Lead image: figcaption/credit element first, then JSON-LD caption, then alt text."""
    caption, credit = split_caption_credit(raw.image_caption, raw.image_credit)
    if not caption and not credit:
        for fallback, split in ((raw.image_ld_caption, split_caption_credit), (raw.image_title, credit_from_alt),
                                (raw.image_alt, credit_from_alt)):
            text = clean_text(fallback)
            if text and (not headline or text.casefold() != headline.casefold()):
                caption, credit = split(text)  # alt text: file names and placeholders are not captions
                if caption or credit:
                    break
    if not raw.image_url and not caption and not credit:
        return None
    return Photo(url=raw.image_url, caption=caption, credit=credit)


def _nfc(text: str) -> str:
    """NFC, with mojibake runs a CMS double-encoded upstream repaired ("Â©" → "©")."""
    return unicodedata.normalize("NFC", repair_mojibake(text) or "")
