"""Property-based tests (hypothesis): every parser and the whole page → record path on hostile input.

The table tests pin known shapes; these check what must hold for *any* input:

* nothing raises; for ``page_to_article`` a ``failed/<stage>`` Outcome counts as a raise (an
  exception happened inside), and the private workers behind the parsers' catch-alls are called too;
* every text field is NFC (a dateline is when its paragraph was, as the body's paragraphs are);
* ``published``/``modified`` are ISO 8601 with seconds and an offset, or None; ``dateline.date`` is
  YYYY-MM-DD or None;
* the body does not open with the dateline it reported (``dateline.raw`` is no prefix of it; only a
  dateline without a terminator, "नई दिल्ली, 3 मई", may be followed by prose opening with the same words);
* caption and credit do not repeat each other: the credit is not left glued to the caption (the
  caption is not the credit plus label words, and does not end with it after a separator or a label:
  "Elon mask | Photo- ANI"), nor is the credit the caption plus label words. A caption may name the
  credited source in its own words ("Google Pixel 10a" credited to "Google", a fixture page), so plain
  containment is not the property;
* ``word_count`` is ``measure.word_count(body)``; ``split_dateline``'s ``raw`` + ``rest`` is its input
  modulo whitespace, and ``clean_body`` only keeps (starts of) its blocks, in order.

Inputs are built from the parsers' own vocabularies (months, weekdays, agencies, places, credit
labels) mixed with Hindi and English words, both digit systems, the punctuation datelines and
credits are made of, and hostile characters (zero-width joiners, combining marks, RTL marks,
NUL), so the interesting branches are reached and not only the "no match" path. Extraction is
fuzzed by mutating the saved fixture pages: cut, repeated and truncated bytes, injected and
unbalanced tags, lost closing tags and quotes, swapped or lying charsets, huge attributes, deep nesting.

Runs are derandomized (the same examples on every run, no example database), so CI never flakes.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl import measure
from newscrawl.extract.raw import Block, DateCandidate, RawArticle
from newscrawl.fixtures import Case, find_cases
from newscrawl.items import Article, Dateline
from newscrawl.parse import credit as credit_mod
from newscrawl.parse import dateline as dateline_mod
from newscrawl.parse import vocab
from newscrawl.parse.body import Context, clean_body
from newscrawl.parse.credit import credit_from_alt, split_caption_credit
from newscrawl.parse.dateline import split_dateline
from newscrawl.parse.dates import IST, find_visible_timestamps, parse_datetime, to_iso
from newscrawl.parse.headline import choose_headline, clean_text, split_bilingual
from newscrawl.parse.record import build_article
from newscrawl.process import page_to_article
from newscrawl.profiles import SiteProfile, load_profiles, profile_for_url

ROOT = Path(__file__).resolve().parent.parent


def props(examples: int) -> settings:
    """Derandomized and without an example database: the same examples on every run, so no flakes.

    (Hypothesis still keeps a cache in .hypothesis/, which is git-ignored.)
    """
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


# ---------------------------------------------------------------------------
# The output contract, shared by every property
# ---------------------------------------------------------------------------

ISO_SECONDS_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACES = re.compile(r"\s+")


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def assert_clean_text(value: str | None, what: str) -> None:
    """A text field: None, or NFC and not blank."""
    if value is None:
        return
    assert isinstance(value, str), what
    assert value.strip(), f"{what} is blank: {value!r}"
    assert is_nfc(value), f"{what} is not NFC: {value!r}"


# Words and marks that label a credit rather than describe the picture.
_CREDIT_WORDS = frozenset([
    "photo", "photos", "pic", "pics", "picture", "pictures", "image", "images", "file", "credit", "credits",
    "courtesy", "source", "sources", "by", "फोटो", "फ़ोटो", "फोटोज", "तस्वीर", "तस्वीरें", "साभार", "सौजन्य",
    "सोर्स", "स्रोत", "क्रेडिट", "फाइल", "फ़ाइल", "इमेज", "©", "copyright",
])
# Separators only: after "," "." "।" a name may be the caption's own ("Vijayawada, AP"; "… । Abu Dhabi");
# ":" only after a label.
_DELIMITERS = "|/-–—(["


def _key_words(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def _words(text: str) -> list[str]:
    """Runs of letters, marks and digits (and ©)."""
    return "".join(ch if ch == "©" or unicodedata.category(ch)[0] in "LMN" else " " for ch in text).split()


def _only_credit_words(text: str) -> bool:
    """Nothing but label words."""
    return all(word in _CREDIT_WORDS for word in _words(text))


def _in_credit_position(before: str) -> bool:
    """What precedes the credit is nothing or ends with a delimiter: "Elon mask | Photo- ", "Caption (", "Photo:".

    A label and a source with only a space between ("… Photo PTI") is too weak to be a credit (see
    parse/credit.py), so the caption may keep it.
    """
    before = before.rstrip()
    if not before or before[-1] in _DELIMITERS:
        return True
    words = _words(before)
    return before[-1] == ":" and bool(words) and words[-1] in _CREDIT_WORDS  # "Photo: PTI", not "नई: PTI"


def repeats_credit(caption: str, credit: str) -> bool:
    """The credit is still glued to the caption: the caption is the credit plus label words ("PTI Photo"),
    or ends with it after a delimiter or label ("Elon mask | Photo- ANI").

    A caption may name the credited source in its own words ("Google Pixel 10a" credited to "Google",
    a real fixture page); only a credit left in a credit position counts as a repeat.
    """
    cap, cred = _key_words(caption), _key_words(credit)
    if _only_credit_words(cred):
        return False  # a label that names no source ("File photo"): the caption may say what the picture is
    found = list(re.finditer(rf"(?<!\w){re.escape(cred)}(?!\w)", cap))
    if not found:
        return False
    last = found[-1]
    if _only_credit_words(cap[: last.start()] + " " + cap[last.end():]):
        return True
    return _only_credit_words(cap[last.end():]) and _in_credit_position(cap[: last.start()])


def credit_is_caption(caption: str, credit: str) -> bool:
    """The credit is only the caption plus label words ("Modi" credited "Modi Photo")."""
    cap, cred = _key_words(caption), _key_words(credit)
    if _only_credit_words(cap):
        return False  # a label as the caption ("File photo"): says what the picture is
    found = re.search(rf"(?<!\w){re.escape(cap)}(?!\w)", cred) if cap else None
    return found is not None and _only_credit_words(cred[: found.start()] + " " + cred[found.end():])


def assert_caption_credit(caption: str | None, credit: str | None) -> None:
    assert_clean_text(caption, "caption")
    assert_clean_text(credit, "credit")
    if caption and credit:
        assert not repeats_credit(caption, credit), f"caption repeats the credit: {caption!r} / {credit!r}"
        assert not credit_is_caption(caption, credit), f"credit repeats the caption: {caption!r} / {credit!r}"


def assert_dateline(dateline: Dateline | None, *, nfc: bool = True) -> None:
    """A dateline: raw trimmed, date YYYY-MM-DD or None; NFC when its input was (`nfc`)."""
    if dateline is None:
        return
    assert dateline.raw and dateline.raw == dateline.raw.strip()
    assert dateline.date is None or ISO_DATE.match(dateline.date), dateline.date
    if dateline.date is not None:
        dt.date.fromisoformat(dateline.date)
    for name in ("raw", "place", "date", "agency"):
        value = getattr(dateline, name)
        assert value is None or value.strip(), f"dateline.{name} is blank"
        if nfc:
            assert_clean_text(value, f"dateline.{name}")


def opens_with(body: str, dateline: Dateline) -> bool:
    """The body opens with the dateline it reported.

    A dateline closed by its terminator ("NEW DELHI:", "पटना, 5 मई (भाषा)।") is never story text. One
    without a terminator (a block "नई दिल्ली, 3 मई" on its own) may be followed by a story whose prose
    opens with the same words ("नई दिल्ली, 3 मई को …"); that counts only when it reads as the dateline again.
    """
    raw = dateline.raw
    if not body.startswith(raw):
        return False
    if unicodedata.category(raw[-1])[0] not in "LMN":
        return True
    again, _ = split_dateline(body.split("\n\n", 1)[0])
    return again is not None and again.raw == raw


def assert_article(article: Article) -> None:
    """Every property of an exported record."""
    for name in ("published", "modified"):
        value = getattr(article, name)
        assert value is None or ISO_SECONDS_OFFSET.match(value), f"{name}={value!r}"
    assert_dateline(article.dateline)
    if article.dateline is not None:
        assert not opens_with(article.body, article.dateline), (article.dateline, article.body[:200])
    if article.photo is not None:
        assert_caption_credit(article.photo.caption, article.photo.credit)
    for name in ("headline", "headline_en", "summary", "section"):
        assert_clean_text(getattr(article, name), name)
    for name in ("authors", "tags"):
        for value in getattr(article, name):
            assert_clean_text(value, name)
    assert is_nfc(article.body), article.body[:200]
    assert article.word_count == measure.word_count(article.body)


# ---------------------------------------------------------------------------
# Strategies: the parsers' vocabularies, Hindi, English, digits, punctuation and hostile characters
# ---------------------------------------------------------------------------

_DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")
MONTHS = sorted({*vocab.months(), *(m.title() for m in vocab.months()), *(m.upper() for m in vocab.months())})
WEEKDAYS = sorted({*vocab.weekdays(), *(w.title() for w in vocab.weekdays())})
AGENCIES = sorted({*vocab.agencies(), *vocab.desk_credits(), *vocab.dateline_publishers()})
SOURCES = sorted({*vocab.agencies(), *vocab.platforms(), *vocab.publishers()})
PLACES = sorted(vocab.places())
DESKS = [f"{head} {desk}" for head in ("टेक", "ऑनलाइन", "Tech", "राज्य") for desk in vocab.desks()]
HINDI_WORDS = [
    "नई", "दिल्ली", "कंपनी", "ने", "कहा", "फोन", "लॉन्च", "किया", "है", "और", "यह", "भी", "पढ़ें", "पढें",
    "सरकार", "में", "की", "को", "तस्वीर", "फोटो", "फ़ोटो", "साभार", "अपडेटेड", "प्रकाशित", "बजे", "शाम", "सुबह",
    "रात", "दोपहर", "घंटे", "पहले", "हालांकि", "बता", "दें", "फाइल", "प्रतीकात्मक", "सोशल", "मीडिया", "दिल्‍ली",
    "गुड़गांव", "गाँव", "शीर्षक", "खबर", "ऐप", "यूजर्स",
]
ENGLISH_WORDS = [
    "NEW", "DELHI", "New", "Delhi", "the", "said", "Photo", "photo", "Credit", "File", "Image", "Courtesy",
    "Updated", "Published", "Last", "IST", "GMT", "AM", "PM", "am", "pm", "on", "at", "by", "Read", "Also",
    "also", "read", "more", "Apple", "India", "iPhone", "LIVE", "Representational", "image", "via", "Getty",
    "Images", "and", "is", "hrs", "ago", "T", "Z", "UTC",
]
CREDIT_LABELS = [
    "Photo", "Photo:", "Photo-", "Photo :-", "Photo credit:", "Image:", "Image Credit -", "Pic:", "Picture by",
    "Courtesy", "Courtesy:", "Source:", "File photo", "File Photo:", "(File)", "Representational image",
    "Representative Image", "Symbolic photo", "फोटो:", "फ़ोटो-", "फोटो साभार:", "तस्वीर:", "साभार:", "सौजन्य",
    "फाइल फोटो", "प्रतीकात्मक तस्वीर", "सोर्स:", "©", "Copyright ©", "Screengrab", "AI generated image",
]
PUNCTUATION = ["।", "॥", ":", "|", "-", "(", ")", ",", ".", "–", "—", ":-", "/", "[", "]", ";", "ः", "&amp;",
               "&quot;", "\"", "'", "“", "”", "…", "?", "!", "»", "&#2344;", "&nbsp;"]
HOSTILE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, soft hyphen
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u202c", "\u2066", "\u2069", "\u061c",  # direction marks
    "\x00", "\x01", "\x1f", "\x7f", "\x85", "\u2028",  # NUL, controls, line separators
    "\u00a0", "\u2009", "\u3000", "\t", "\n", "\r",  # odd spaces
    "\u0301", "\u0308", "\u0327", "\u093c", "\u0901", "\u0902", "\u094d", "\u0951", "\u20dd",  # combining marks
    "e\u0301", "\u0915\u093c", "\u0921\u093c", "\u0958", "\ufb01", "\u2126", "\u1e9b\u0323",  # decomposable forms
    "\ud7ff", "\U0001f600", "\U0001f1ee\U0001f1f3", "\uffff", "\ufffd",
    "e\u200b\u0301", "c\u00ad\u0327", "a\u2060\u0308", "o\u200d\u0308", "A\ufeff\u030a",  # invisible inside é
]


def _digits(n: int, devanagari: bool) -> str:
    text = str(n)
    return text.translate(_DEVANAGARI_DIGITS) if devanagari else text


numbers = st.builds(_digits, st.integers(0, 2100), st.booleans())
years = st.builds(_digits, st.integers(1990, 2030) | st.integers(0, 9999), st.booleans())
days = st.builds(_digits, st.integers(0, 32), st.booleans())
devanagari_text = st.text(st.characters(min_codepoint=0x0900, max_codepoint=0x097F), min_size=1, max_size=6)
any_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=6)

prose_token = st.one_of(
    st.sampled_from(HINDI_WORDS),
    st.sampled_from(ENGLISH_WORDS),
    st.sampled_from(MONTHS),
    st.sampled_from(PLACES),
    st.sampled_from(SOURCES),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(HOSTILE),
    numbers,
    devanagari_text,
)
token = st.one_of(
    st.sampled_from(HINDI_WORDS),
    st.sampled_from(ENGLISH_WORDS),
    st.sampled_from(MONTHS),
    st.sampled_from(WEEKDAYS),
    st.sampled_from(AGENCIES),
    st.sampled_from(PLACES),
    st.sampled_from(SOURCES),
    st.sampled_from(CREDIT_LABELS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(HOSTILE),
    numbers,
    devanagari_text,
    any_text,
)
separator = st.sampled_from([" ", " ", " ", "", ", ", "  ", "\n", " \u200b", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn, max_tokens: int = 12, tokens: st.SearchStrategy[str] = token) -> str:
    """A run of tokens with separators: Hindi, English, vocabulary words, digits, punctuation, hostile characters."""
    parts = draw(st.lists(st.tuples(tokens, separator), max_size=max_tokens))
    return "".join(word + sep for word, sep in parts)


# Characters with no visible form that every parser drops: they may sit inside any word.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202e",
             "\u202c", "\u2066", "\u2069"]


def _sprinkle(draw: st.DrawFn, text: str, chars: list[str] = HOSTILE) -> str:
    """Maybe put hostile characters at random places of a well-formed text."""
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(chars)) + text[at:]
    return text


@st.composite
def date_phrases(draw: st.DrawFn) -> str:
    """"25 मई", "May 25", "Tuesday, 25th May, 2024" in both digit systems."""
    day, month = draw(days), draw(st.sampled_from(MONTHS))
    shape = draw(st.sampled_from(["dm", "md", "dmy", "mdy", "wdm"]))
    ordinal = draw(st.sampled_from(["", "", "th", "st"]))
    if shape == "dm":
        return f"{day}{ordinal} {month}"
    if shape == "md":
        return f"{month} {day}{ordinal}"
    if shape == "dmy":
        return f"{day} {month}{draw(st.sampled_from([' ', ', ']))}{draw(years)}"
    if shape == "mdy":
        return f"{month} {day}, {draw(years)}"
    return f"{draw(st.sampled_from(WEEKDAYS))}, {day} {month}"


# Spellings with the precomposed nukta letters (U+0958-U+095F), which NFC decomposes: "क़ादियान", "ग़ाज़ियाबाद".
_PRECOMPOSED_NUKTA = str.maketrans({"क": "\u0958", "ख": "\u0959", "ग": "\u095a", "ज": "\u095b", "ड": "\u095c",
                                    "ढ": "\u095d", "फ": "\u095e", "य": "\u095f"})
places = st.one_of(
    st.sampled_from(PLACES),
    st.sampled_from(PLACES).map(lambda place: place.translate(_PRECOMPOSED_NUKTA)),
    st.sampled_from(PLACES).map(str.upper),
    st.sampled_from(["NEW DELHI", "New Delhi", "नई दिल्ली", "KOLKATA", "BAREILLY", "मुंबई/पुणे", "Washington [US]",
                     "जयपुर / अजमेर", "भारत", "Apple", "सैमसंग ने कहा", "IPL 2024", "दिल्ली-एनसीआर"]),
    st.lists(st.sampled_from([*HINDI_WORDS, *ENGLISH_WORDS]), min_size=1, max_size=3).map(" ".join),
)
credits_in_dateline = st.one_of(
    st.sampled_from(AGENCIES), st.sampled_from(DESKS), st.sampled_from(["TNN", "हि.स.", "XYZ", "BJP", "भाजपा"]),
)
terminators = st.sampled_from(["", ":", " :", "।", " ।", "|", " |", " -", " –", " —", ".", ":-", ": -", "ः", "::",
                               "॥", ","])


@st.composite
def dateline_paragraphs(draw: st.DrawFn) -> str:
    """A paragraph that opens like a dateline (often one, often almost one), then story text."""
    place = draw(places)
    if draw(st.booleans()):
        place += draw(st.sampled_from([" [India]", "[US]", " [भारत]"]))
    date_part = ""
    if draw(st.integers(0, 3)):
        date_part = draw(st.sampled_from([", ", " | ", ",", ". ", " "])) + draw(date_phrases())
    agency = draw(credits_in_dateline)
    credit_part = draw(st.sampled_from(["", f" ({agency})", f"({agency})", f", {agency}", f", ({agency})"]))
    order = draw(st.sampled_from(["place", "desk"]))
    opening = f"{agency}, {place}{date_part}" if order == "desk" else f"{place}{date_part}{credit_part}"
    opening += draw(terminators)
    story = draw(texts())
    paragraph = f"{opening}{draw(separator)}{story}"
    if draw(st.integers(0, 5)) == 0:
        paragraph = f"{opening} {paragraph}"  # the dateline printed twice
    return _sprinkle(draw, paragraph)


published_values = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
                 timezones=st.sampled_from([IST, dt.UTC, ZoneInfo("America/Los_Angeles")])),
)

# ---------------------------------------------------------------------------
# Dateline
# ---------------------------------------------------------------------------

_LEADING_JUNK = "\u200b\u2060\ufeff"


def _squash(text: str) -> str:
    """The text with every whitespace (and the invisible characters that may lead it) removed."""
    return "".join(text.split()).lstrip(_LEADING_JUNK)


def check_split_dateline(paragraph: str, published: Any, strict: bool) -> None:
    # The private worker has no catch-all, so a bug surfaces here instead of being swallowed.
    inner = dateline_mod._split(paragraph, dateline_mod._as_date(published), strict)
    found, rest = split_dateline(paragraph, published, strict=strict)
    assert (found, rest) == inner
    if found is None:
        assert rest == paragraph
        return
    assert_dateline(found, nfc=is_nfc(paragraph))
    assert found.place and found.place in found.raw
    assert found.agency is None or found.agency in found.raw
    # rest plus raw is the input again, modulo whitespace.
    assert _squash(found.raw + " " + rest) == _squash(paragraph)
    assert rest == rest.strip()
    if is_nfc(paragraph):
        assert is_nfc(rest), rest


@props(500)
@given(paragraph=dateline_paragraphs(), published=published_values, strict=st.booleans())
def test_split_dateline_on_dateline_shapes(paragraph: str, published: Any, strict: bool) -> None:
    check_split_dateline(paragraph, published, strict)


@props(200)
@given(paragraph=texts(20), published=published_values)
def test_split_dateline_on_mixed_text(paragraph: str, published: Any) -> None:
    check_split_dateline(paragraph, published, False)


# ---------------------------------------------------------------------------
# Headline
# ---------------------------------------------------------------------------

headlines = st.one_of(
    texts(),
    st.builds(lambda en, hi: f"{en}: {hi}", texts(5), texts(8)),
    st.builds(lambda head, site: f"{head} - {site}", texts(6), st.sampled_from(vocab.publishers())),
    st.builds(lambda head, site: f"{head} | {site} Hindi News", texts(6), st.sampled_from(vocab.publishers())),
)


@props(300)
@given(text=st.one_of(st.none(), headlines, st.text(st.characters(codec="utf-8"), max_size=30)))
def test_clean_text(text: str | None) -> None:
    cleaned = clean_text(text)
    assert_clean_text(cleaned, "clean_text")
    if cleaned is not None:
        assert cleaned == cleaned.strip() and "  " not in cleaned
        if "&" not in cleaned:
            assert clean_text(cleaned) == cleaned


@props(300)
@given(headline=headlines)
def test_split_bilingual(headline: str) -> None:
    english = split_bilingual(headline)
    assert_clean_text(english, "headline_en")
    if english is not None:
        cleaned = clean_text(headline)
        assert cleaned is not None and cleaned.startswith(english)
        assert not any("\u0900" <= ch <= "\u097f" for ch in english)


@props(200)
@given(
    h1s=st.lists(headlines, max_size=3),
    og=st.none() | headlines,
    ld=st.none() | headlines,
    title=st.none() | headlines,
    sites=st.lists(st.sampled_from(vocab.publishers()) | texts(3), max_size=2),
    shown=st.lists(headlines, max_size=2),
)
def test_choose_headline(h1s: list[str], og: str | None, ld: str | None, title: str | None, sites: list[str],
                         shown: list[str]) -> None:
    chosen = choose_headline(h1s, og_title=og, ld_headline=ld, title_tag=title, site_names=sites,
                             title_parts_shown=shown)
    assert_clean_text(chosen, "headline")


# ---------------------------------------------------------------------------
# Caption and credit
# ---------------------------------------------------------------------------


NAME_WORDS = ["Arvind", "Yadav", "Rahul", "राहुल", "गांधी", "Samsung", "Google", "Apple", "सैमसंग", "Team", "टीम",
              "Reporter", "संवाददाता", "Social", "Media", "सोशल", "मीडिया", "X", "Getty", "Images", "नई", "Friday"]
# Who a credit names: a known source, a place, a person or an unknown organisation (no credit labels inside).
credit_names = st.one_of(
    st.sampled_from(PLACES),
    st.lists(st.sampled_from(NAME_WORDS) | st.sampled_from(PLACES), min_size=1, max_size=3).map(" ".join),
    st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=2).map("/".join),
)


@st.composite
def captions(draw: st.DrawFn) -> str:
    """Caption text (which may name a source, but holds no credit label), often with a credit glued on in
    one of the shapes sites use."""
    text = draw(texts(8, prose_token))
    source = draw(st.sampled_from(SOURCES) | credit_names)
    label = draw(st.sampled_from(CREDIT_LABELS))
    tail = draw(st.sampled_from([
        "", f" | {label} {source}", f" ({label} {source})", f"({source} Photo)", f" - {source}", f". {label}",
        f" {label}: {source}", f" / {source}", f" | {label}", f" ({source})", f"। {label} {source}",
        f" {source} फोटो", f" © {source}", f" {label}",
    ]))
    lead = draw(st.sampled_from(["", "", f"{label} ", f"{label}: ", f"{source} "]))
    # Invisible characters only: a combining mark fused onto "Photo" makes another word, and what such
    # a caption means is not asked (test_split_caption_credit_on_junk checks it stays clean text).
    return _sprinkle(draw, f"{lead}{text}{tail}", INVISIBLE)


credit_elements = st.one_of(
    st.none(), st.sampled_from(SOURCES), st.sampled_from(CREDIT_LABELS),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(CREDIT_LABELS), st.sampled_from(SOURCES)), texts(3),
)


@props(500)
@given(caption=st.none() | captions(), credit=credit_elements)
def test_split_caption_credit(caption: str | None, credit: str | None) -> None:
    credit_mod._split_caption_credit(caption, credit)  # the worker without the catch-all: must not raise
    assert_caption_credit(*split_caption_credit(caption, credit))


@props(200)
@given(caption=st.none() | texts(), credit=st.none() | texts(4))
def test_split_caption_credit_on_junk(caption: str | None, credit: str | None) -> None:
    """Labels anywhere, random characters: outputs stay clean text (what they mean is not asked here)."""
    credit_mod._split_caption_credit(caption, credit)
    for value in (*split_caption_credit(caption, credit), *credit_from_alt(caption)):
        assert_clean_text(value, "caption or credit")


@props(200)
@given(alt=st.none() | captions() | st.sampled_from(["image", "photo_123.jpg", "https://x.in/a.png", "thumb-1"]))
def test_credit_from_alt(alt: str | None) -> None:
    if alt is not None:
        credit_mod._split_caption_credit(credit_mod._norm(alt), None)
    assert_caption_credit(*credit_from_alt(alt))


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

offsets = st.sampled_from(["", "Z", "+05:30", "+0530", "-12:00", "+14:00", "-23:59", "+99:99", " IST", " GMT",
                           " (IST)", " UTC+5:30", " GMT-14", " EST", " pst"])


@st.composite
def iso_stamps(draw: st.DrawFn) -> str:
    """ISO 8601 stamps, mostly valid, some out of range (month 13, hour 25, year 0001 or 9999)."""
    year = draw(st.integers(1990, 2030) | st.integers(0, 9999) | st.sampled_from([1, 9999]))
    month, day = draw(st.integers(1, 12) | st.integers(0, 13)), draw(st.integers(1, 28) | st.integers(0, 32))
    hour = draw(st.integers(0, 23) | st.integers(0, 25))
    minute, second = draw(st.integers(0, 59) | st.integers(0, 61)), draw(st.integers(0, 59) | st.integers(0, 61))
    sep = draw(st.sampled_from(["T", " ", "T"]))
    time = draw(st.sampled_from(["", f"{sep}{hour:02}:{minute:02}", f"{sep}{hour:02}:{minute:02}:{second:02}",
                                 f"{sep}{hour:02}:{minute:02}:{second:02}.123456789"]))
    # A year stated elsewhere lets a placeholder year ("0001-01-01…, 2024") past the stated-year rule.
    after = draw(st.sampled_from(["", "", "", " 2024", " (2024)", " | 25 May 2024"]))
    return f"{year:04}-{month:02}-{day:02}{time}{draw(offsets) if time else ''}{after}"


@st.composite
def visible_stamps(draw: st.DrawFn) -> str:
    """Byline stamps: labels, dates in every shape, clock times, day parts, zones."""
    label = draw(st.sampled_from(["", "Updated:", "Published:", "अपडेटेड:", "प्रकाशित:", "Last Updated on",
                                  "Published by: X", "Edited By:", "Updated On", "पब्लिश्ड:", "|"]))
    day, month, year = draw(days), draw(st.sampled_from(MONTHS)), draw(years)
    date = draw(st.sampled_from([
        f"{day} {month} {year}", f"{month} {day}, {year}", f"{day}/{draw(days)}/{year}", f"{day}.{draw(days)}.{year}",
        f"{draw(st.sampled_from(WEEKDAYS))}, {day} {month} {year}", f"{day}th of {month}, {year}",
    ]))
    hour, minute = draw(st.integers(0, 25)), draw(st.integers(0, 61))
    clock = draw(st.sampled_from([
        "", f"{hour}:{minute:02} PM", f"{hour}:{minute:02} am IST", f"शाम {hour}:{minute:02} बजे",
        f"{hour}.{minute:02} hrs", f"रात {hour} बजे", f"{hour}:{minute:02}{draw(offsets)}",
    ]))
    before = draw(st.booleans())
    stamp = f"{label} {clock}, {date}" if before and clock else f"{label} {date} {clock}"
    return _sprinkle(draw, stamp + draw(st.sampled_from(["", "", " | Updated: " + date, " 2 घंटे पहले"])))


# The edges of the calendar: placeholder dates that cannot be moved to another zone.
edge_stamps = st.builds(
    "".join,
    st.tuples(st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00Z",
                               "0001-01-01", "9999-12-31T23:59", "1800-01-01T00:00:00+14:00", "2199-12-31 23:59 PST"]),
              st.sampled_from(["", " 2024", " (2024)", ", 25 May 2024"])),
)
stamp_values = st.one_of(iso_stamps(), visible_stamps(), edge_stamps, texts(10))
zones = st.sampled_from([IST, dt.UTC, ZoneInfo("Asia/Kolkata"), ZoneInfo("America/New_York"),
                         ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12")])


@props(400)
@given(value=st.none() | stamp_values, tz=zones)
def test_parse_datetime(value: str | None, tz: dt.tzinfo) -> None:
    parsed = parse_datetime(value, default_tz=tz)
    if parsed is not None:
        assert parsed.tzinfo is not None and parsed.utcoffset() is not None
        iso = to_iso(parsed)
        assert iso is not None and ISO_SECONDS_OFFSET.match(iso), iso
        # Every parsed date can be shown in any site zone (record.py converts it).
        assert ISO_SECONDS_OFFSET.match(to_iso(parsed.astimezone(tz)) or ""), parsed


@props(300)
@given(text=stamp_values, tz=zones)
def test_find_visible_timestamps(text: str, tz: dt.tzinfo) -> None:
    for kind, value in find_visible_timestamps(text, tz):
        assert kind in ("published", "modified")
        assert ISO_SECONDS_OFFSET.match(to_iso(value) or ""), value
        assert ISO_SECONDS_OFFSET.match(to_iso(value.astimezone(tz)) or ""), value


@props(300)
@given(value=st.datetimes(min_value=dt.datetime(1800, 1, 2), max_value=dt.datetime(2200, 1, 1),
                          timezones=st.none() | zones))
def test_to_iso(value: dt.datetime) -> None:
    assert ISO_SECONDS_OFFSET.match(to_iso(value) or ""), value


# ---------------------------------------------------------------------------
# Body
# ---------------------------------------------------------------------------

body_cues = st.sampled_from([
    "यह भी पढ़ें:", "ये भी पढ़ें :", "Also Read:", "Read more", "संबंधित खबरें", "Related News", "Highlights",
    "मुख्य बातें", "Tags:", "टैग्स:", "Disclaimer:", "डिस्क्लेमर:", "वीडियो:", "Updated: 25 May 2024 10:30 AM",
    "अपडेटेड: 14 अगस्त 2024 06:45 PM IST", "Home > Tech > Mobile", "2 घंटे पहले", "Follow us on Google News",
    "Download the app", "Copyright © 2024", "Author bio", "लेखक के बारे में", "***", "...",
])


@st.composite
def block_texts(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return f"{draw(body_cues)} {draw(texts(6))}"
    if kind == 1:
        return f"{draw(texts(20))} {draw(body_cues)} {draw(texts(6))}"
    if kind == 2:
        return draw(dateline_paragraphs())
    return draw(texts(25))


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    text = draw(block_texts())
    return Block(text, draw(st.sampled_from(["p", "p", "head", "item", "quote", "row"])),
                 draw(st.integers(0, len(text) + 5)))


@st.composite
def block_lists(draw: st.DrawFn) -> list[Block]:
    found = draw(st.lists(blocks(), max_size=10))
    if found and draw(st.booleans()):  # a copy of the story, as text-to-speech and print versions add
        found = found + found[: draw(st.integers(1, len(found)))]
    return found


contexts = st.builds(
    Context,
    headline=st.none() | texts(8),
    summary=st.none() | texts(10),
    caption=st.none() | captions(),
    credit=st.none() | st.sampled_from(SOURCES),
    breadcrumbs=st.lists(texts(2), max_size=3).map(tuple),
    captions=st.lists(captions(), max_size=3).map(tuple),
)


@props(250)
@given(found=block_lists(), context=contexts)
def test_clean_body(found: list[Block], context: Context) -> None:
    paragraphs = clean_body(found, context)
    # Every paragraph is (the start of) an input block, in the input order; nothing is invented.
    position = 0
    for paragraph in paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        while position < len(found) and not found[position].text.strip().startswith(paragraph):
            position += 1
        assert position < len(found), f"not from any block, or out of order: {paragraph!r}"
        position += 1


# ---------------------------------------------------------------------------
# Record: RawArticle → Article
# ---------------------------------------------------------------------------

date_candidates = st.builds(
    DateCandidate,
    kind=st.sampled_from(["published", "modified"]),
    source=st.sampled_from(["jsonld", "meta", "time", "visible", "other"]),
    value=stamp_values,
)


@st.composite
def raw_articles(draw: st.DrawFn) -> RawArticle:
    maybe = st.none() | texts(8)
    return RawArticle(
        url="https://example.in/tech/story-123456.html",
        site="example.in",
        language=draw(st.sampled_from([None, "hi", "en"])),
        h1s=draw(st.lists(headlines, max_size=2)),
        ld_headline=draw(st.none() | headlines),
        og_title=draw(st.none() | headlines),
        title_tag=draw(st.none() | headlines),
        title_parts_shown=draw(st.lists(texts(4), max_size=1)),
        site_names=draw(st.lists(st.sampled_from(vocab.publishers()), max_size=2)),
        standfirst=draw(maybe),
        descriptions=draw(st.lists(texts(10), max_size=2)),
        dates=draw(st.lists(date_candidates, max_size=4)),
        authors=draw(st.lists(texts(3), max_size=2)),
        image_url=draw(st.sampled_from([None, "https://example.in/a.jpg"])),
        image_caption=draw(st.none() | captions()),
        image_credit=draw(credit_elements),
        image_alt=draw(st.none() | captions()),
        image_title=draw(maybe),
        image_ld_caption=draw(st.none() | captions()),
        captions=draw(st.lists(captions(), max_size=2)),
        blocks=draw(block_lists()),
        lead_in=draw(st.none() | dateline_paragraphs() | st.builds(lambda p, t: f"{p}{t}", places, terminators)),
        tags=draw(st.lists(texts(2), max_size=3)),
        section=draw(maybe),
        breadcrumbs=draw(st.lists(texts(2), max_size=3)),
    )


@props(250)
@given(raw=raw_articles(), tz=zones)
def test_build_article(raw: RawArticle, tz: dt.tzinfo) -> None:
    assert_article(build_article(raw, tz=tz))


# ---------------------------------------------------------------------------
# Extraction of mutated fixture pages
# ---------------------------------------------------------------------------


@cache
def fixture_pages() -> tuple[tuple[Case, bytes], ...]:
    return tuple((case, case.page.read_bytes()) for case in find_cases(ROOT / "fixtures"))


@cache
def site_profiles() -> dict[str, SiteProfile]:
    return load_profiles(ROOT / "seeds")


INJECTED_TAGS = [
    "<div>", "</div>", "<p>", "</p>", "<h1>", "</h1>", "<h1>शीर्षक</h1>", "<article>", "</article>", "<script>",
    "</script>", "<style>", "<!--", "-->", "<![CDATA[", "<table><tr><td>", "</td></tr></table>", "<br><br>",
    "<li>", "<ul><li>", "<figure>", "<figcaption>", "</figcaption></figure>", "<noscript>", "<template>",
    "<svg><math><mi>", "</body></html>", "<html><body>", "<base href=\"javascript:alert(1)\">", "<?php ?>",
    "<figure><img src=\"x.jpg\" alt=\"Photo: PTI\"><figcaption>Elon | Photo- ANI</figcaption></figure>",
    "<img srcset=\"a.jpg 1x, , b.jpg 99999999999999999999w, c.jpg -1x\" width=\"NaN\" height=\"1e400\">",
    "<a href=\"http://[::1\">अगला</a>", "<a href=\"https://exa mple.in/%zz\">x</a>",
    "<time datetime=\"0001-01-01T00:00:00+14:00\">", "<time datetime=\"9999-12-31T23:59:59-12:00\">कल</time>",
    "<meta property=\"article:published_time\" content=\"2024-02-30T25:61:00+99:00\">",
    "<meta property=\"article:modified_time\" value=\"१४ अगस्त २०२४\">",
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":[{}],\"datePublished\":1}</script>",
    "<script type=\"application/ld+json\">{\"@type\":[\"NewsArticle\",null],\"image\":{\"url\":[[]]},\"author\":7,"
    "\"articleBody\":\"नई दिल्ली, 25 मई (आईएएनएस)।\"}</script>",
    "<script type=\"application/ld+json\">[[[[{\"@graph\":[{\"@type\":\"NewsArticle\"}]}]]]]</script>",
    "<meta charset=\"shift_jis\">", "<meta charset=\"utf-16\">", "<meta charset=\"x-bogus\">",
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">",
    "<p>नई दिल्ली, 25 मई (आईएएनएस)। नई दिल्ली, 25 मई (आईएएनएस)। कहानी यहाँ से शुरू होती है।</p>",
    "<p>यह भी पढ़ें: <a href=\"/x\">एक और खबर</a></p>", "<h2>Related News</h2>",
    "&#27;", "&#x1;&#0;", "&#65535;", "&#xD800;", "<div class=\"x\" {{ attrs }}>", "<p {% if x %}hidden{% endif %}>",
    "<title>", "<textarea>", "<plaintext>", "<meta property=\"og:image\" content=\"https://[cdn]/i/{{ image }}.jpg\">",
]
# What a lost byte leaves: an unclosed title, heading or attribute value.
UNCLOSABLE = [b"</title>", b"</h1>", b"</a>", b"</p>", b"</script>", b"</figcaption>", b"\"", b"'", b">"]
CHARSET_LABELS = ["utf-8", "UTF8", "iso-8859-1", "windows-1252", "shift_jis", "utf-16", "utf-16le", "koi8-r",
                  "gb18030", "x-bogus", "", "\"utf-8", "utf-8; charset=latin-1"]
REENCODINGS = ["latin-1", "cp1252", "utf-16", "utf-16-be", "utf-8-sig", "shift_jis", "gb18030", "iso-8859-15"]
UNICODE_INSERTS = st.one_of(texts(8), devanagari_text, st.sampled_from(HOSTILE),
                            st.text(st.characters(codec="utf-8"), min_size=1, max_size=20))


def _at(draw: st.DrawFn, body: bytes) -> int:
    return draw(st.integers(0, len(body)))


def _delete(draw: st.DrawFn, body: bytes) -> bytes:
    a = _at(draw, body)
    return body[:a] + body[a + draw(st.integers(1, 4000)):]


def _duplicate(draw: st.DrawFn, body: bytes) -> bytes:
    a = _at(draw, body)
    piece = body[a:a + draw(st.integers(1, 6000))]
    at = _at(draw, body)
    return body[:at] + piece * draw(st.integers(1, 3)) + body[at:]


def _truncate(draw: st.DrawFn, body: bytes) -> bytes:
    return body[:_at(draw, body)]


def _inject_tag(draw: st.DrawFn, body: bytes) -> bytes:
    at = _at(draw, body)
    return body[:at] + draw(st.sampled_from(INJECTED_TAGS)).encode() + body[at:]


def _unclose(draw: st.DrawFn, body: bytes) -> bytes:
    """Drop one closing tag or quote: the rest of the page becomes a title, a heading or an attribute."""
    needle = draw(st.sampled_from(UNCLOSABLE))
    found = [m.start() for m in re.finditer(re.escape(needle), body)]
    if not found:
        return body
    at = draw(st.sampled_from(found))
    return body[:at] + body[at + len(needle):]


def _swap_charset(draw: st.DrawFn, body: bytes) -> bytes:
    label = draw(st.sampled_from(CHARSET_LABELS)).encode()
    return re.sub(rb"(?i)(charset\s*=\s*[\"']?)[\w-]*", lambda m: m.group(1) + label, body)


def _reencode(draw: st.DrawFn, body: bytes) -> bytes:
    text = body.decode("utf-8", errors="replace")
    return text.encode(draw(st.sampled_from(REENCODINGS)), errors=draw(st.sampled_from(["replace", "ignore"])))


def _bom(draw: st.DrawFn, body: bytes) -> bytes:
    boms = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"\xef\xbb"]
    return draw(st.sampled_from(boms)) + body


def _unicode(draw: st.DrawFn, body: bytes) -> bytes:
    at = _at(draw, body)  # may split a multi-byte sequence: hostile bytes too
    return body[:at] + draw(UNICODE_INSERTS).encode("utf-8") + body[at:]


def _raw_bytes(draw: st.DrawFn, body: bytes) -> bytes:
    at = _at(draw, body)
    return body[:at] + draw(st.binary(min_size=1, max_size=16) | st.just(b"\x00" * 64)) + body[at:]


def _huge_attribute(draw: st.DrawFn, body: bytes) -> bytes:
    size = draw(st.sampled_from([10_000, 200_000, 1_000_000]))
    name = draw(st.sampled_from(["class", "alt", "src", "content", "datetime", "srcset", "style", "data-x"]))
    fill = draw(st.sampled_from(["a", "अ", " ", "\"", "1x, "]))
    tag = draw(st.sampled_from(["div", "img", "meta", "time", "p"]))
    at = _at(draw, body)
    return body[:at] + f"<{tag} {name}=\"{fill * (size // len(fill))}\">".encode() + body[at:]


def _deep_nesting(draw: st.DrawFn, body: bytes) -> bytes:
    depth = draw(st.sampled_from([300, 1000, 5000]))
    tag = draw(st.sampled_from(["div", "b", "span", "p", "li", "table"]))
    closed = draw(st.booleans())
    inner = "नई दिल्ली, 25 मई (भाषा)। कहानी।"
    nest = f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if closed else "")
    at = _at(draw, body)
    return body[:at] + nest.encode() + body[at:]


MUTATIONS: list[Callable[[st.DrawFn, bytes], bytes]] = [
    _delete, _duplicate, _truncate, _inject_tag, _unclose, _swap_charset, _reencode, _bom, _unicode, _raw_bytes,
    _huge_attribute, _deep_nesting,
]
CONTENT_TYPES = [None, "text/html", "text/html; charset=utf-8", "text/html; charset=ISO-8859-1",
                 "text/html; charset=utf-16", "text/html; charset=shift_jis", "text/html; charset=x-bogus",
                 "text/html; charset=\"", "application/json", "text/html; charset=utf-8; charset=latin1"]


@st.composite
def mutated_pages(draw: st.DrawFn) -> tuple[Case, bytes, dict[str, Any]]:
    case, body = draw(st.sampled_from(fixture_pages()))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        body = mutation(draw, body)
    headers = dict(case.meta.get("headers") or {})
    if draw(st.booleans()):
        content_type = draw(st.sampled_from(CONTENT_TYPES))
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        if content_type is not None:
            headers["Content-Type"] = content_type
    return case, body, headers


# Characters lxml cannot write back, and how a page may carry them (raw, or as any kind of numeric reference).
_UNWRITABLE = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]
_REFERENCE_STYLES = [lambda c: chr(c), lambda c: f"&#{c};", lambda c: f"&#00{c}", lambda c: f"&#x{c:X};",
                     lambda c: f"&#X{c:04x}"]
_NEAR_MISSES = ["&#9;", "&#10;", "&#13;", "&#x0A;", "&#32;", "&#39;", "&#x27;", "&#2325;", "&#111;", "&#x1F600;",
                "&#65533;", "&#xFFFD;", "&#xD800;", "&#", "&#x;", "&amp;#27;"]


@props(300)
@given(st.lists(st.one_of(texts(12), devanagari_text, st.sampled_from(HOSTILE), st.sampled_from(_NEAR_MISSES),
                          st.builds(lambda c, style: style(c), st.sampled_from(_UNWRITABLE),
                                    st.sampled_from(_REFERENCE_STYLES))), max_size=12))
def test_the_source_check_never_misses_a_character_lxml_cannot_write(pieces: list[str]) -> None:
    """Texts are scrubbed only when the source may hold such a character: a miss would let one through."""
    from newscrawl.extract.clean import _NOT_XML_CHARS, may_hold_unwritable
    from newscrawl.extract.decode import parse_html

    source = f"<html><body><div title=\"t\">{''.join(pieces)}</div><p>end</p></body></html>"
    tree = parse_html(source)
    if tree is None or may_hold_unwritable(source):
        return
    texts_of_tree = [t for el in tree.iter() for t in (el.text, el.tail) if t]
    assert not any(_NOT_XML_CHARS.search(t) for t in texts_of_tree), source


@props(220)
@given(page=mutated_pages(), with_profile=st.booleans())
def test_mutated_fixture_pages_never_fail(page: tuple[Case, bytes, dict[str, Any]], with_profile: bool) -> None:
    case, body, headers = page
    url = case.meta["url"]
    profile = profile_for_url(site_profiles(), url) if with_profile else None
    outcome = page_to_article(url, body, headers, fetched_at=case.meta.get("fetched_at"), profile=profile)
    assert not (outcome.reason or "").startswith("failed/"), f"{case.name}: {outcome.reason}: {outcome.detail}"
    if outcome.article is not None:
        assert_article(outcome.article)


@pytest.mark.parametrize("case", find_cases(ROOT / "fixtures"), ids=lambda c: c.name)
def test_unmutated_fixture_pages_hold_the_properties(case: Case) -> None:
    body = case.page.read_bytes()
    url = case.meta["url"]
    outcome = page_to_article(url, body, case.meta.get("headers") or {}, fetched_at=case.meta.get("fetched_at"),
                              profile=profile_for_url(site_profiles(), url))
    assert not (outcome.reason or "").startswith("failed/"), outcome.detail
    if outcome.article is not None:
        assert_article(outcome.article)
