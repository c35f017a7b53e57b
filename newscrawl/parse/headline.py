"""Headline text: cleaning, site-suffix removal, bilingual split, and choice.

A page offers its headline several times (visible <h1>, JSON-LD ``headline``,
``og:title``, ``<title>``), each with its own noise: logo h1s, SEO ``<title>``
suffixes (" - <Brand> Hindi News Live"), double-escaped entities, stray
NBSP/zero-width spaces. These helpers reduce that to the headline a reader saw.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from newscrawl.parse import vocab

__all__ = ["choose_headline", "clean_text", "split_bilingual", "strip_site_suffix"]

# --- clean_text --------------------------------------------------------------

_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
# Invisible characters with no meaning in a headline. ZWNJ/ZWJ (U+200C/U+200D)
# are kept: inside Devanagari they select conjunct/half forms.
_DROP_RE = re.compile("[\u200b\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACE_RE = re.compile(r"\s+")  # str patterns: covers NBSP, thin and ideographic spaces
_JOINERS = "\u200c\u200d"
_LOOSE_JOINER_RE = re.compile(f" [{_JOINERS}]+|[{_JOINERS}]+ ")


def clean_text(text: str | None) -> str | None:
    """Normalise text scraped from markup; '' or whitespace-only → None.

    Entities are decoded twice at most because CMSs often double-escape
    ("&amp;quot;"); a second pass only changes text that still holds an entity.
    """
    if text is None:
        return None
    text = html.unescape(text)
    if _ENTITY_RE.search(text):
        text = html.unescape(text)
    text = _DROP_RE.sub("", text)
    # After the drop: "e\u200b\u0301" is NFC, but "e\u0301" left by the drop is not.
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_RE.sub(" ", text)
    # A joiner next to a space or at an edge joins nothing ("a \u200c b" is "a b", one space).
    text = _SPACE_RE.sub(" ", _LOOSE_JOINER_RE.sub(" ", text))
    text = text.strip(" " + _JOINERS)
    return text or None


# --- split_bilingual ---------------------------------------------------------

_MAX_EN_WORDS = 12
# Section kickers, not headlines: "LIVE: ..." has no English headline to offer (data/kickers.txt).
_KICKERS = frozenset(vocab.words("kickers.txt"))
_COLON_RE = re.compile("[:\uff1a]")


def _is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff"


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


def split_bilingual(headline: str) -> str | None:
    """'English phrase: हिंदी शीर्षक' → 'English phrase'.

    Hindi sites often lead with an English SEO phrase; it is worth keeping as
    ``headline_en``. None unless the part before the first ':' is Latin-script
    (≤ 12 words, digits/punctuation allowed) and the rest is mostly Devanagari.
    """
    text = clean_text(headline)
    if not text:
        return None
    parts = _COLON_RE.split(text, maxsplit=1)
    if len(parts) != 2:
        return None
    left, right = parts[0].strip(), parts[1].strip()
    if not left or not right:
        return None
    if any(_is_devanagari(ch) for ch in left):
        return None
    if not any(_is_latin_letter(ch) for ch in left):
        return None
    if len(left.split()) > _MAX_EN_WORDS or left.casefold() in _KICKERS:
        return None
    deva = sum(1 for ch in right if _is_devanagari(ch))
    latin = sum(1 for ch in right if _is_latin_letter(ch))
    if deva < 3 or deva <= latin:
        return None
    return left


# --- strip_site_suffix -------------------------------------------------------

# Publisher brands seen in <title> suffixes (data/publishers.txt); callers add their own via site_names.
_KNOWN_SITES = vocab.publishers()
# Separators around a suffix: spaced dashes, pipes (spacing optional), », ::, ·.
_SEPARATOR_RE = re.compile(r"\s+[-\u2013\u2014]\s+|\s*\|\s*|\s+[»·]\s+|\s+::\s+")
_DOMAIN_RE = re.compile(
    r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|in|net|org|co\.in|news|tv|live)$",
    re.IGNORECASE,
)
_MAX_SUFFIX_WORDS = 8


def _key(text: str) -> str:
    """Comparison key: case, spacing, punctuation, nukta and joiners ignored."""
    text = unicodedata.normalize("NFC", text).casefold().replace("\u093c", "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


# Words that pad a brand in a suffix ("<Brand> Hindi News Live"); a tail made only of
# these is a generic label ("हिंदी न्यूज़, Hindi News"). Stored as _key()s (data/title_filler.txt).
_FILLER = frozenset(_key(w) for w in vocab.words("title_filler.txt"))


def _words(text: str) -> tuple[str, ...]:
    return tuple(key for key in map(_key, text.split()) if key)


def _sites(site_names: Iterable[str]) -> set[tuple[str, ...]]:
    """Known and caller-given site names as tuples of word keys."""
    sites = {*_KNOWN_SITE_WORDS, *(_words(name) for name in site_names if name)}
    sites.discard(())
    return sites


_KNOWN_SITE_WORDS = frozenset(_words(name) for name in _KNOWN_SITES if name)  # keyed once, not per page


def _is_site_name(text: str, sites: set[tuple[str, ...]]) -> bool:
    key = _key(text)
    return any("".join(site) == key for site in sites)  # "AajTak" == "Aaj Tak"


def _is_site_tail(tail: str, sites: set[tuple[str, ...]]) -> bool:
    """True when a title segment is a brand and/or generic 'Hindi News' filler."""
    words = _words(tail)
    if not words:
        return True  # a dangling separator
    if len(words) > _MAX_SUFFIX_WORDS:
        return False
    if _DOMAIN_RE.match(tail) or _is_site_name(tail, sites):
        return True
    if all(word in _FILLER for word in words):
        return True
    # Brand padded with filler only; "Hindustan Zinc के शेयर" stays a headline.
    for site in sites:
        size = len(site)
        for i in range(len(words) - size + 1):
            if words[i : i + size] == site and all(word in _FILLER for word in words[:i] + words[i + size :]):
                return True
    return False


def _split_suffixes(title: str, site_names: Iterable[str]) -> tuple[str, list[str]]:
    """Peel site suffixes off the end of a title; return (head, removed tails)."""
    sites = _sites(site_names)
    head, removed = title, []
    while True:
        matches = list(_SEPARATOR_RE.finditer(head))
        if not matches:
            break
        last = matches[-1]
        candidate, tail = head[: last.start()].strip(), head[last.end() :].strip()
        if not candidate or not _is_site_tail(tail, sites):
            break
        head = candidate
        if tail:
            removed.append(tail)
    return head, removed


def strip_site_suffix(title: str, site_names: Iterable[str] = ()) -> str:
    """Drop ' - Site Name' / ' | Hindi News' / ' | हिंदी न्यूज़' style suffixes of a <title>.

    Only tails naming a known/given site or a generic news label are dropped,
    so a headline's own ' - ' or ' | ' survives. Never returns an empty head.
    """
    text = clean_text(title) or ""
    return _split_suffixes(text, site_names)[0]


# --- choose_headline ---------------------------------------------------------

_MATCH_THRESHOLD = 0.6
_MAX_COMPARED = 2000  # characters of a comparison key; headlines are far shorter
_SHORT_WORDS = 3  # an h1 this short that matches nothing is a logo/section label


def _similarity(a: str, b: str) -> float:
    """How alike two headlines are, ignoring spacing/punctuation; containment counts."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    shorter, longer = sorted((ka, kb), key=len)
    if shorter in longer and len(shorter) >= 0.5 * len(longer):
        return 0.95
    if len(longer) > _MAX_COMPARED:
        return 0.0  # not a headline (an unclosed <h1> that swallowed the page): SequenceMatcher is quadratic
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()


def choose_headline(
    h1s: Sequence[str],
    *,
    og_title: str | None = None,
    ld_headline: str | None = None,
    title_tag: str | None = None,
    site_names: Iterable[str] = (),
    title_parts_shown: Sequence[str] = (),
) -> str | None:
    """Prefer the visible h1; fall back to JSON-LD headline, then og:title, then <title>.

    The h1 is what readers saw, so it wins as shown (even if og:title differs
    only in spacing around ':'). With several h1s the one that best matches
    the metadata wins; h1s that are a site name, or are short and match nothing
    while metadata exists, are skipped as logos/section labels.
    """
    site_names = list(site_names)
    og_head, og_removed = _split_suffixes(clean_text(og_title) or "", site_names)
    title_head, title_removed = _split_suffixes(clean_text(title_tag) or "", site_names)
    ld_head = clean_text(ld_headline) or ""
    refs = [ref for ref in (ld_head, og_head, title_head) if ref]
    # Tails peeled off og/title name this site even if the caller did not.
    sites = _sites([*site_names, *og_removed, *title_removed])

    candidates: list[str] = []
    for raw in h1s:
        text = clean_text(raw)
        if not text:
            continue
        if len(text.split()) <= 4 and _is_site_name(text, sites):
            continue
        candidates.append(text)

    if candidates:
        if not refs:
            return candidates[0]
        scored = [(_similarity(text, ref), -i, text) for i, text in enumerate(candidates) for ref in refs]
        best_score, _, best = max(scored)
        if best_score >= _MATCH_THRESHOLD:
            return _without_stamp(best, refs)
        substantial = [text for text in candidates if len(text.split()) > _SHORT_WORDS]
        if substantial:
            return substantial[0]

    shown = [part for part in map(clean_text, title_parts_shown) if part and not _is_site_tail(part, sites)]
    if shown and not ld_head and not og_head:
        return shown[0]  # no h1 and no metadata headline: the part of <title> the page shows
    return refs[0] if refs else None


_STAMP_DIGIT = re.compile(r"\d")


def _without_stamp(h1: str, refs: Sequence[str]) -> str:
    """An h1 that wraps a dated byline after the headline ("Headline India, Updated Nov 06, 2012 …"):
    keep the part the metadata headline names, when the rest carries a date."""
    for ref in refs:
        if len(ref) < len(h1) and h1.casefold().startswith(ref.casefold()):
            rest = h1[len(ref):]
            if (rest[:1].isspace() or rest[:1] in ",|-–—:") and _STAMP_DIGIT.search(rest):
                return h1[: len(ref)].rstrip()
    return h1
