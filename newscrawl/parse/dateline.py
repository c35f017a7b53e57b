"""Cut the dateline ("नई दिल्ली, 25 मई (आईएएनएस)।", "NEW DELHI:") off a body.

Indian news sites open the first body paragraph with a place/date/agency
prefix. It is not part of the story text, yet it carries the place and often
the agency, so we split it off into a :class:`~newscrawl.items.Dateline`.

Precision is favoured over recall: a false dateline silently eats the first
words of an article ("दिल्ली सरकार ने कहा: ..."), while a missed one only
leaves a short prefix in the body. Hence a prefix is accepted only when the
place part looks like a place (short, capitalised / no Hindi function words)
AND it is followed by strong evidence: a day+month, an agency credit, or -- for
a bare "Place:" -- the place is in the gazetteer (``data/places.txt``) or is an
ALL-CAPS English word group (the wire-style capitals of "KOLKATA:").

Pure and stdlib-only so any extractor can use it and it is testable offline.
Its word lists (months, weekdays, agencies, desks, places, stopwords) are data
files read through :mod:`newscrawl.parse.vocab`; only the keying is done here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import TypeAlias

from newscrawl.items import Dateline
from newscrawl.parse import vocab
from newscrawl.parse.dates import IST as _IST

__all__ = ["is_agency", "is_known_place", "split_dateline"]

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Pages sprinkle ZWJ/ZWNJ after viramas ("दिल्‍ली"); nukta and
# chandrabindu are spelt inconsistently ("गुड़गांव"/"गुडगांव", "गाँव"/"गांव").
# None of these distinguish place or agency names, so lookup keys drop them.
_KEY_TABLE = str.maketrans(
    {
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
        "\u093c": None,  # nukta
        "\u0901": "\u0902",  # chandrabindu -> anusvara
        ".": None,
        "\u2019": "'",
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
    }
)
_DEV_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def _key(text: str) -> str:
    """Lookup key: spelling noise that never tells two names apart is removed."""
    text = unicodedata.normalize("NFC", text).translate(_KEY_TABLE).casefold()
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# Vocabulary: lists from data/ (via vocab), keyed by this rule's _key
# ---------------------------------------------------------------------------

_DEVANAGARI = re.compile("[\u0900-\u097f]")


def _by_script(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """(Hindi, English) names: the two scripts need different patterns (only English folds case)."""
    hindi, english = [], []
    for name in names:
        (hindi if _DEVANAGARI.search(name) else english).append(name)
    return hindi, english


_HI_MONTHS, _EN_MONTHS = _by_script(vocab.months())
_MONTHS: dict[str, int] = {_key(name): number for name, number in vocab.months().items()}
_HI_WEEKDAYS, _EN_WEEKDAYS = _by_script(vocab.weekdays())
_CALENDAR_WORDS = frozenset(_MONTHS) | frozenset(_key(w) for w in vocab.weekdays())

# Agencies and desk/bureau credits exactly as sites print them, plus the site
# names that sign datelines (matched by _key, so dots, case and nukta do not matter).
_AGENCIES = frozenset(
    _key(a) for a in (*vocab.agencies(), *vocab.desk_credits(), *vocab.dateline_publishers())
)
# Last word of a desk/bureau credit: "टेक डेस्क", "राज्य ब्यूरो".
_DESK_HEADS = frozenset(_key(w) for w in vocab.desks())

# Function words, openers and common nouns. A place part containing one is a
# sentence ("दिल्ली सरकार ने कहा", "हालांकि", "However"); only the Hindi ones
# also rule out a desk credit.
_HI_STOP, _EN_STOP = _by_script(vocab.words("stopwords.txt"))
_HI_STOPWORDS = frozenset(_key(w) for w in _HI_STOP)
_EN_STOPWORDS = frozenset(_key(w) for w in _EN_STOP)
# ALL-CAPS labels and acronyms that open paragraphs but are not places; only
# consulted when an ALL-CAPS word group is accepted without the gazetteer.
_CAPS_NOT_PLACES = frozenset(vocab.words("caps_not_places.txt"))
# Country names open section labels ("भारत: कीमत और उपलब्धता") far more often than bare datelines.
_NOT_BARE_PLACES = frozenset(_key(w) for w in vocab.words("country_labels.txt"))

_PLACES = frozenset(_key(name) for name in vocab.places())


def is_known_place(name: str) -> bool:
    """True if *name* (any script, any of its listed spellings) is in the gazetteer."""
    return _key(name) in _PLACES


# ---------------------------------------------------------------------------
# Grammar
# ---------------------------------------------------------------------------


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first, tolerating ZWJ/ZWNJ after a virama."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        parts.append("".join(re.escape(ch) + ("[\u200c\u200d]?" if ch == "\u094d" else "") for ch in word))
    return "|".join(parts)


# Devanagari letters and signs, excluding danda/double danda (terminators),
# visarga (often typed instead of ":"), and digits.
_DEV = "[\u0900-\u0902\u0904-\u0963\u0971-\u097f\ua8e0-\ua8ff\u200c\u200d]"
# A word starts with a letter (independent vowel or consonant), never a sign.
_DEV_START = "[\u0904-\u0939\u093d\u0950\u0958-\u0961\u0972-\u097f]"
_DEV_WORD = f"{_DEV_START}{_DEV}{{0,29}}(?:-{_DEV}{{1,30}}){{0,3}}"
# English place words are capitalised ("New Delhi", "NEW DELHI"); a lowercase
# word ends the place, which is what rejects "New Delhi is the capital".
_LAT_WORD = "[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’]{0,24}(?:-[A-Za-zÀ-ÖØ-öø-ÿ]{1,24}){0,3}"
_WORD = f"(?:{_DEV_WORD}|{_LAT_WORD})"
_PART = f"{_WORD}(?: {_WORD}){{0,3}}"
_PLACE = f"(?P<place>{_PART}(?: ?/ ?{_PART}){{0,2}})"
# Country qualifier in brackets after the place: "New Delhi [India], May 25 (ANI):".
_QUAL = r"(?: ?\[[^\[\]]{1,30}\])?"

_NUM = "[0-9०-९]{1,2}"
_ORD = "(?:st|nd|rd|th)?"
_NOT_LETTER = "(?![A-Za-z\u0900-\u0963\u0971-\u097f])"
_NOT_DIGIT = "(?![0-9०-९])"
_MONTH = f"(?:{_alternation(list(_HI_MONTHS))}|(?i:{_alternation(list(_EN_MONTHS))})\\.?){_NOT_LETTER}"
_WEEKDAY = f"(?:{_alternation(list(_HI_WEEKDAYS))}|(?i:{_alternation(list(_EN_WEEKDAYS))})){_NOT_LETTER}"
_DATE = (
    f"(?:{_WEEKDAY},? )?"
    f"(?:(?P<d1>{_NUM}){_ORD} (?P<m1>{_MONTH})"
    f"|(?P<m2>{_MONTH}) (?P<d2>{_NUM}){_ORD}{_NOT_DIGIT})"
    f"(?:,? (?P<y>[0-9०-९]{{4}}){_NOT_DIGIT})?"
)
_PAREN = r"\((?P<ap>[^()]{1,40})\)"
# A bare credit word; "." is allowed inside ("हि.स.") but not as its last
# character before a space, where it is the terminator ("जेएनएन. ...").
_AG_WORD = r"(?:[^\s,:;।॥|()\[\]ः.]|\.(?=\S)){1,30}"
_AG_BARE = f"(?P<ab>{_AG_WORD}(?: {_AG_WORD}){{0,3}})"
# ":" "।" "|" and visarga (typed for ":") may be doubled or followed by a
# dash (":-"); "." and dashes only count when a space or the end follows.
_TERM = r"(?P<term> ?(?:[:।॥|ः]{1,2}(?: ?[-–—])?|[.\-–—]))"
_END = r"(?:(?<=[:।॥|ः])|(?=\s|$))"

_RE_DATE = re.compile(
    f"{_PLACE}{_QUAL}(?P<dsep> ?[,.|] ?){_DATE}(?:,? ?{_PAREN}|, ?{_AG_BARE})?{_TERM}?{_END}",
)
_RE_PAREN = re.compile(f"{_PLACE}{_QUAL} ?{_PAREN}{_TERM}?{_END}")
_RE_DESK = re.compile(f"{_AG_BARE}, ?{_PLACE}{_QUAL}(?:, ?{_DATE})?{_TERM}?{_END}")
_RE_AGENCY = re.compile(f"{_PLACE}{_QUAL}, ?{_AG_BARE}{_TERM}?{_END}")
_RE_BARE = re.compile(f"{_PLACE}{_QUAL}{_TERM}{_END}")

_LATIN = re.compile("[A-Za-zÀ-ÿ]")
_LEADING_JUNK = "\u200b\u2060\ufeff"


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def is_agency(text: str, *, lenient: bool = False) -> bool:
    """True if *text* reads as an agency/desk credit ("भाषा", "टेक डेस्क", "PTI").

    ``lenient`` also accepts short unknown acronyms ("TNN", "हि.स."), which is
    only safe when a date already shows the prefix is a dateline.
    """
    text = text.strip()
    if not text or len(text) > 40:
        return False
    if "/" in text:
        return all(is_agency(p, lenient=lenient) for p in text.split("/"))
    key = _key(text)
    if key in _AGENCIES:
        return True
    words = key.split()
    if (
        1 < len(words) <= 4
        and words[-1] in _DESK_HEADS
        and not any(w in _HI_STOPWORDS for w in words)
        and not any(ch.isdigit() for ch in key)
    ):
        return True
    if lenient:
        if re.fullmatch("[A-Z]{2,6}", text):
            return True
        if "." in text and re.fullmatch(r"(?:[\u0900-\u097f]{1,4}\.){1,4}", text):
            return True
    return False


def _place_parts(place: str) -> list[str] | None:
    """Split "जयपुर/नई दिल्ली" into parts, or None if any part is not place-like."""
    parts = [p.strip() for p in place.split("/")]
    for part in parts:
        if not part or len(part) > 40:
            return None
        if _DEVANAGARI.search(part) and _LATIN.search(part):
            return None  # mixed script within one name
        key = _key(part)
        words = key.split()
        if not words or len(words) > 4 or len(key) < 2:
            return None
        if any(w in _HI_STOPWORDS or w in _EN_STOPWORDS for w in words):
            return None
        if words[0] in _CALENDAR_WORDS:  # "मंगलवार, 25 मई को ...", "May 25: ..."
            return None
        if key in _AGENCIES or (len(words) > 1 and words[-1] in _DESK_HEADS):
            return None
    return parts


def _caps_place(part: str) -> bool:
    """ALL-CAPS English word group that looks like a place, not an acronym."""
    if not part.isascii() or not part.replace(" ", "").replace("-", "").isalpha():
        return False
    if not part.isupper():
        return False
    words = part.replace("-", " ").split()
    if sum(len(w) for w in words) < 4 or any(w in _CAPS_NOT_PLACES for w in words):
        return False
    # Place names have vowels; "NTPC", "HDFC" do not.
    return all(len(w) >= 2 and re.search("[AEIOUY]", w) for w in words)




def _as_date(value: object) -> dt.date | None:
    """Publication day in India time; date, datetime or ISO string, else unknown.

    An aware UTC timestamp late on 31 December is already 1 January in India,
    which is the calendar the dateline was written in.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            # datetime.min/max with an offset cannot shift; its own day will do.
            with contextlib.suppress(OverflowError, ValueError):
                value = value.astimezone(_IST)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _resolve_date(day_s: str, month_s: str, year_s: str | None, published: dt.date | None) -> str | None:
    """ISO date of a day+month, the year taken from the text or nearest *published*.

    Datelines omit the year, so we pick the year that puts the date closest to
    the publication date ("28 दिसंबर" published 2 Jan 2025 -> 2024-12-28); ties
    go to the past, since a dateline never postdates its article by much.
    Without a year or a publication date we return None rather than guess.
    """
    month = _MONTHS.get(_key(month_s).rstrip("."))
    if month is None:
        return None
    day = int(day_s.translate(_DEV_DIGITS))
    if year_s is not None:
        try:
            return dt.date(int(year_s.translate(_DEV_DIGITS)), month, day).isoformat()
        except ValueError:
            return None
    if published is None:
        return None
    best: tuple[tuple[int, bool], dt.date] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        rank = (abs((candidate - published).days), candidate > published)
        if best is None or rank < best[0]:
            best = (rank, candidate)
    return best[1].isoformat() if best else None


def _date_of(m: re.Match[str], published: dt.date | None) -> str | None:
    """Date from the named groups of a match that may contain _DATE."""
    groups = m.groupdict()
    day = groups.get("d1") or groups.get("d2")
    month = groups.get("m1") or groups.get("m2")
    if not day or not month:
        return None
    return _resolve_date(day, month, groups.get("y"), published)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def split_dateline(paragraph: str, published: dt.date | dt.datetime | None = None, *,
                   strict: bool = False) -> tuple[Dateline | None, str]:
    """Cut the dateline prefix off the first body paragraph.

    Returns ``(dateline or None, rest)`` where *rest* is the paragraph with
    whitespace collapsed and the prefix and its separator punctuation removed.
    Without a dateline the paragraph is returned unchanged. ``strict`` (for a
    block that is not the first of the body) accepts a bare "PLACE:" only
    when the place is in the gazetteer. Never raises: a parser bug must not
    cost us the article.
    """
    try:
        return _split(paragraph, _as_date(published), strict)
    except Exception:  # pragma: no cover - defensive; every known input is handled
        return None, paragraph


def _split(paragraph: str, published: dt.date | None, strict: bool = False) -> tuple[Dateline | None, str]:
    """Try the dateline shapes from most to least evidence; first accepted wins."""
    if not isinstance(paragraph, str):
        return None, paragraph
    text = " ".join(paragraph.split()).lstrip(_LEADING_JUNK).strip()
    if not text:
        return None, paragraph
    for attempt in (_try_date, _try_paren, _try_desk, _try_agency, _try_bare):
        found = _try_bare(text, published, strict) if attempt is _try_bare else attempt(text, published)
        if found is not None:
            dateline, end = found
            return dateline, text[end:].lstrip()
    return None, paragraph


_Found: TypeAlias = tuple[Dateline, int] | None


def _make(m: re.Match[str], *, date: str | None, agency: str | None) -> _Found:
    """The Dateline for an accepted match, plus where the body text resumes."""
    raw = m.group(0).strip()
    place = m.group("place").strip()
    return Dateline(raw=raw, place=place, date=date, agency=agency), m.end()


def _try_date(text: str, published: dt.date | None) -> _Found:
    """Place + day/month (+ credit): "पटना, 5 मई (भाषा)।", "Kolkata, May 25 (PTI)".

    The date is strong evidence, so the place need not be in the gazetteer.
    """
    m = _RE_DATE.match(text)
    if not m or _place_parts(m.group("place")) is None:
        return None
    agency = m.group("ap") or m.group("ab")
    if m.group("ap") and not is_agency(m.group("ap"), lenient=True):
        return None
    if m.group("ab") and not is_agency(m.group("ab")):
        return None
    # A bare "Place, 25 मई" must end the paragraph, or its date must have been
    # introduced by "|" (the "नई दिल्ली | 12 अगस्त 2024" style); otherwise it is
    # prose: "हालांकि, 25 मई को ...".
    if not m.group("term") and not agency and m.end() != len(text) and "|" not in m.group("dsep"):
        return None
    return _make(m, date=_date_of(m, published), agency=agency and agency.strip())


def _try_paren(text: str, published: dt.date | None) -> _Found:
    """Place + bracketed credit: "NEW DELHI (Reuters) -", "नई दिल्ली (एएनआई):".

    Without a date the bracket is the only evidence, so it must be a known credit.
    """
    m = _RE_PAREN.match(text)
    if not m or _place_parts(m.group("place")) is None:
        return None
    if not is_agency(m.group("ap")):
        return None  # "भाजपा (BJP): ..." is a party, not a dateline
    return _make(m, date=None, agency=m.group("ap").strip())


def _try_desk(text: str, published: dt.date | None) -> _Found:
    """Credit-first order, the desk before the place: "टेक डेस्क, नई दिल्ली।"."""
    m = _RE_DESK.match(text)
    if not m or not is_agency(m.group("ab")):
        return None
    if _place_parts(m.group("place")) is None:
        return None
    if not m.group("term") and m.end() != len(text):
        return None
    return _make(m, date=_date_of(m, published), agency=m.group("ab").strip())


def _try_agency(text: str, published: dt.date | None) -> _Found:
    """Place + comma + credit: "प्रयागराज, जेएनएन।", "नई दिल्ली, ऑनलाइन डेस्क।"."""
    m = _RE_AGENCY.match(text)
    if not m or _place_parts(m.group("place")) is None:
        return None
    if not is_agency(m.group("ab")):
        return None  # "Google, Microsoft and Meta ..."
    if not m.group("term") and m.end() != len(text):
        return None
    return _make(m, date=None, agency=m.group("ab").strip())


def _try_bare(text: str, published: dt.date | None, strict: bool = False) -> _Found:
    """A bare place and terminator: "वाराणसी।", "NEW DELHI:", "भोपाल. ".

    Nothing but the name vouches for it, so it must be in the gazetteer or be
    an ALL-CAPS English word group (wire-style capitals, "BAREILLY:"; not in strict
    mode); countries are labels here, not datelines.
    """
    m = _RE_BARE.match(text)
    if not m:
        return None
    parts = _place_parts(m.group("place"))
    if parts is None:
        return None
    term = m.group("term").strip()
    if any(_key(p) in _NOT_BARE_PLACES for p in parts):
        return None  # "भारत: कीमत और उपलब्धता" is a section label, not a dateline
    known = any(_key(p) in _PLACES for p in parts)
    caps = not strict and all(_caps_place(p) for p in parts)
    if term[:1] in "-–—":
        # "मुंबई - पुणे एक्सप्रेसवे ..." is prose; only the wire style
        # "NEW DELHI -" is trusted with a bare dash.
        if not (known or caps) or not all(p.isupper() for p in parts):
            return None
    elif term == ".":
        # A Hindi place closed by a full stop, "भोपाल. ..."; an English "Delhi." is a sentence end.
        if not known or not all(_DEVANAGARI.search(p) for p in parts):
            return None
    elif not (known or caps):
        return None  # "बता दें:", "Apple:", "सैमसंग ने कहा:"
    return _make(m, date=None, agency=None)
