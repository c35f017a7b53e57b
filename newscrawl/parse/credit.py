"""Split a lead-image caption into (caption, credit).

Indian news sites rarely give the photo credit its own element. Usually it is glued onto
the caption in one of a few dozen shapes: ``"… | Photo- ANI"``, ``"… (फोटो: पीटीआई)"``,
``"…(PTI Photo)"``, ``"… (AFP)"``, ``"फोटो साभार: सोशल मीडिया"``, ``"File photo"``. This module
undoes that, so the export carries the caption text and the credit separately and neither
repeats the other.

Its vocabulary (agencies, platforms, publishers, credit labels) is data, read through
:mod:`newscrawl.parse.vocab`. It is pure (stdlib only, no Scrapy) and never raises: a
strange caption must not cost us the article. All regexes are compiled at import time; the
trailing-credit scans only look at the tail of the string, so cost stays linear even on
pathological input.

Alt text: when a page has no caption element, the caller falls back to the image's alt
text and runs it through the same parser, ``split_caption_credit(alt)``;
:func:`credit_from_alt` does exactly that after dropping placeholder alts (file names,
"image", URLs) that are not captions at all.

Decisions on ambiguous forms (see the tests for the full table):

* Sentence punctuation before a credit stays with the caption (``"Caption text.(PTI Photo)"``
  -> ``"Caption text."``; ``"कैप्शन। फोटो: PTI"`` -> ``"कैप्शन।"``); pure separators
  (``| / - – — : , ;``) are dropped.
* Credit-slot labels that name no source ("File photo", "फाइल फोटो", "Representational
  image", "प्रतीकात्मक तस्वीर", "(File)") become the credit, as written. With a value
  ("File photo: PTI") the value is the credit.
* A label followed by a long text (more than ten words) is a caption that happens to start
  with "Photo:", not a credit; it is left alone.
* A bare trailing bracket is a credit only if it names a known agency/platform or reads
  like ``<Org> Photo``; ``"(बाएं)"``, ``"(128GB)"``, ``"(Team photo)"`` are caption text.
* A separate credit element wins over a credit found in the caption; the caption's own
  trailing credit is still removed from the caption.
* Several credits in one caption (``"… (File photo) | Photo: PTI"``) are joined with ", "
  in reading order.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from newscrawl.parse import vocab

__all__ = ["credit_from_alt", "split_caption_credit"]

# --- normalisation -------------------------------------------------------------------

_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.I)
# Invisible format characters that only get in the way of matching.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# ZWJ/ZWNJ shape Devanagari conjuncts, so they are kept between Devanagari letters only.
_LOOSE_JOINER_RE = re.compile(
    "(?<![\u0900-\u097f])[\u200c\u200d]|[\u200c\u200d](?![\u0900-\u097f])"
)
_CTRL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WS_RE = re.compile(r"\s+")


def _norm(text: object) -> str | None:
    """NFC, no invisible characters, whitespace collapsed and trimmed; empty -> None."""
    if not isinstance(text, str):
        return None
    if "&" in text and _ENTITY_RE.search(text):
        text = html.unescape(text)
    text = _INVISIBLE_RE.sub("", text)
    text = _LOOSE_JOINER_RE.sub("", text)
    # After the removals: "e\u200b\u0301" is NFC, but "e\u0301" left by them is not.
    text = unicodedata.normalize("NFC", text)
    text = _CTRL_RE.sub(" ", text)
    text = _WS_RE.sub(" ", text).strip()
    return text or None


# --- vocabulary ----------------------------------------------------------------------

_DEV = "\u0900-\u097f"
_NB = rf"(?![\w{_DEV}])"  # word end that also works after Devanagari vowel signs
_NUKTA = "\u093c"


def _labels(role: str) -> tuple[str, ...]:
    """Credit-label regex fragments of one role, in file order (data/credit_labels.tsv)."""
    return vocab.words("credit_labels.tsv", role)


_HI_PHOTO = vocab.alternation(_labels("photo_hi"))
_HI_SUFFIX = vocab.alternation(_labels("credit_hi"))
_HI_FILE = vocab.alternation(_labels("file_hi"))
_EN_PHOTO = vocab.alternation(_labels("photo"))
_EN_SUFFIX = vocab.alternation(_labels("credit"))
_EN_FILE = vocab.alternation(_labels("file"))

_FILE = rf"(?:{_EN_FILE}\s+{_EN_PHOTO}|{_HI_FILE}\s+{_HI_PHOTO})"
_REPR = (
    rf"(?:{vocab.alternation(_labels('representational'))}(?:\s+{_EN_PHOTO})?"
    rf"|{vocab.alternation(_labels('symbolic'))}\s+{_EN_PHOTO}"
    rf"|{vocab.alternation(_labels('representational_hi'))}(?:\s+{_HI_PHOTO})?)"
)
# Labels that introduce a credit: "Photo:", "Image credit -", "फोटो साभार:", "Courtesy" ...
_LABEL = (
    rf"(?:{_FILE}|{_REPR}|{_EN_PHOTO}(?:\s*{_EN_SUFFIX})?|{_HI_PHOTO}(?:\s*{_HI_SUFFIX})?"
    rf"|{'|'.join(_labels('label'))})"
)
# Label/value separator: ":", ":-", "-", "–", "—", "=", "/" or plain whitespace.
_SEP = r"(?:\s*(?::\s*-|[:：=]|[-–—]+|/)\s*|\s+)"
# What may sit between caption text and a trailing labelled credit.
_DELIM_EXPLICIT = r"(?:\s*[|/,;]\s*|\s*[.।!?]\s*|\s+[-–—]+\s*|\s*[-–—]+\s+)"
_DELIM = rf"(?P<delim>{_DELIM_EXPLICIT}|\s+)"

# Whole-segment credit-slot labels that name no source; kept as written.
_SLOT_RE = re.compile(
    rf"(?:{_FILE}|{'|'.join(_labels('file'))}|{_HI_FILE}|{_REPR}"
    rf"|{_EN_PHOTO}\s+(?:used\s+)?for\s+(?:representation(?:al)?|illustration)(?:\s+purposes?)?(?:\s+only)?"
    r"|representational\s+purposes?(?:\s+only)?|(?:photo\s+)?illustration"
    rf"|(?:ai[-\s]?generated|ai)\s+{_EN_PHOTO}|stock\s+{_EN_PHOTO}"
    r"|screen\s?(?:grab|shot)|video\s+grab|(?:स्क्रीन|वीडियो)\s*(?:ग्रैब|ग्रेब|शॉट))",
    re.I,
)
_SLOTLIKE_LABEL_RE = re.compile(rf"(?:{_FILE}|{_REPR})", re.I)
# Labels strong enough to take a value after a plain space ("Courtesy ISRO", "Photo by X").
_STRONG_RE = re.compile(r"(?:courtesy|\bby|साभार|सौजन्य)(?:\s+(?:of|से))?$", re.I)
# Labels that clearly mean "credit" even without a delimiter before them.
_CREDITISH_RE = re.compile(r"credit|courtesy|source|\bby$|साभार|सौजन्य|सोर्स|स्रोत|क्रेडिट", re.I)

# Agencies, platforms and publishers a credit may name; the ambiguous ones are also ordinary
# words, not taken bare after a full stop (data/agencies.txt, platforms.txt, publishers.txt).
_KNOWN_SOURCES = (*vocab.agencies(), *vocab.platforms(), *vocab.publishers())
_AMBIGUOUS_SOURCES = vocab.ambiguous_sources()
# Words that make "<word> photo" a description rather than a credit.
_DESCRIPTIVE = frozenset(vocab.words("descriptive_words.txt"))

_KEY_STRIP_RE = re.compile(rf"[\s.\-_'’{_NUKTA}]+")


def _key(text: str) -> str:
    """Comparison key: case, dots, spaces and nukta do not matter ("P.T.I." == "pti")."""
    return _KEY_STRIP_RE.sub("", unicodedata.normalize("NFC", text).casefold())


_KNOWN_KEYS = frozenset(_key(s) for s in _KNOWN_SOURCES)
_AMBIGUOUS_KEYS = frozenset(_key(s) for s in _AMBIGUOUS_SOURCES)

_TRAIL_PHOTO_WORDS_RE = re.compile(
    rf"(?:[\s/]+(?:file|photos?|pics?|{_HI_FILE}|फ{_NUKTA}?ोटो|तस्वीर){_NB})+$", re.I
)
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
# Splits "AFP/Getty", "X/@handle", "AFP via Getty", "PTI, ANI", "PTI & Reuters".
_COMPONENT_RE = re.compile(
    r"\s*(?P<tail>[/@]|\bvia\b)\s*|\s*(?P<join>[,&+]|\band\b|और)\s*", re.I
)


def _is_known(text: str, lenient: bool = False, _depth: int = 0) -> bool:
    """Is `text` a known agency/platform? Lenient also accepts "PTI File Photo",
    "X/@handle", "AFP via Getty Images", "PTI, ANI"."""
    if _key(text) in _KNOWN_KEYS:
        return True
    if not lenient or _depth > 4 or len(text) > 100:
        return False
    stripped = _TRAIL_PHOTO_WORDS_RE.sub("", _PAREN_RE.sub("", text)).strip()
    if stripped and stripped != text and _key(stripped) in _KNOWN_KEYS:
        return True
    m = _COMPONENT_RE.search(stripped)
    if not m or not m.start():
        return False
    head, tail = stripped[: m.start()], stripped[m.end():]
    if not _is_known(head, lenient=True, _depth=_depth + 1):
        return False
    if m.group("tail"):  # a handle or photographer after the source
        return len(tail.split()) <= 5
    return bool(tail) and _is_known(tail, lenient=True, _depth=_depth + 1)


# --- regexes over whole segments -------------------------------------------------------

_LABELED_RE = re.compile(rf"(?P<label>{_LABEL}){_NB}(?:(?P<sep>{_SEP})(?P<val>.*))?", re.I)
# "इंस्टाग्राम से साभार", "सोशल मीडिया साभार", "परिवार के सौजन्य से"
_SABHAR_RE = re.compile(
    r"(?P<val>[^()]{1,60}?)\s+(?:से\s+)?साभार|(?P<val2>[^()]{1,60}?)\s+के\s+सौजन्य\s+से"
)
# "PTI Photo", "<Paper> Photo by X", "Arvind Yadav/<Paper> Photo", "PTI File", "<Paper> फोटो"
_ORG_PHOTO_RE = re.compile(
    rf"(?P<org>[^()\[\]|]{{1,60}}?)\s*/?\s*"
    rf"(?P<ph>(?:file\s+)?photo(?:graph)?s?|pics?|file|{_HI_FILE}(?:\s+फ{_NUKTA}?ोटो)?|फ{_NUKTA}?ोटो)"
    rf"{_NB}(?P<tail>\s*(?:by\s+|[:/\-–—]\s*)\S.*)?",
    re.I,
)
_COPYRIGHT_RE = re.compile(
    r"(?P<pre>.*?)\s*(?:©|\bcopyright\s*(?:©|:))\s*(?:(?:19|20)\d\d\s*)?(?P<val>[^©|]+)", re.I
)
_LEAD_SLOT_RE = re.compile(
    rf"(?P<slot>{_FILE}|{_REPR}){_NB}\s*(?::\s*-|[:：]|[-–—]+)\s*(?P<rest>.+)", re.I
)
_TRAIL_LABELED_RE = re.compile(
    rf"{_DELIM}(?P<label>{_LABEL}){_NB}(?:(?P<sep>{_SEP})(?P<val>[^|]*))?$", re.I
)
# No "," here: "Vijayawada, AP" is a place, not a credit.
_TRAIL_BARE_RE = re.compile(
    r"(?P<delim>\s*[|/]\s*|\s*[.।!?]\s*|\s+[-–—]+\s*|\s*[-–—]+\s+)(?P<val>[^|]{1,100})$"
)
_LAST_WORD_RE = re.compile(r"(\S+)\s*$")
_SENTENCE_PUNCT_RE = re.compile(r"[.।!?]")
_INITIAL_END_RE = re.compile(r"(?:^|[\s.])\w\.$")

_SEPARATORS = " |,;:=-–—/"
_QUOTES = "\"'“”‘’"
_MAX_WORDS = 10
_MAX_CHARS = 100
_TAIL_WINDOW = 160  # a trailing credit (delimiter + label + value) is never longer


def _enclosing_inner(text: str) -> str | None:
    """Inner text if `text` is one balanced bracket group, e.g. "(Photo: PTI)"."""
    if len(text) < 2 or text[0] not in "([" or text[-1] not in ")]":
        return None
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return None
    return text[1:-1].strip() if depth == 0 else None


def _clean_value(value: str) -> str:
    """Trim separators, quotes, enclosing brackets and a final full stop off a credit."""
    value = value.strip(_SEPARATORS + _QUOTES)
    inner = _enclosing_inner(value)
    if inner is not None:
        value = inner.strip(_SEPARATORS + _QUOTES)
    if value.endswith((")", "]")) and value.count("(") + value.count("[") < (
        value.count(")") + value.count("]")
    ):
        value = value[:-1]
    while value.endswith((".", "।")) and not _INITIAL_END_RE.search(value):
        value = value[:-1].rstrip()
    return value.strip(_SEPARATORS + _QUOTES)


def _clean_caption(text: str) -> str | None:
    """Trim leftover separators and a dangling "(" off the caption; keep sentence stops."""
    for _ in range(3):
        new = text.strip(_SEPARATORS).rstrip("([{ ")
        if new == text:
            break
        text = new
    return text if any(ch.isalnum() for ch in text) else None


def _too_long(value: str) -> bool:
    return len(value) > _MAX_CHARS or len(value.split()) > _MAX_WORDS


def _accept(label: str, sep: str | None, raw_value: str | None, ctx: str,
            plain_delim: bool = False) -> str | None:
    """Is LABEL SEP VALUE a credit? Return it ("" for a bare label), or None if not.

    `ctx` is "lead" (the whole caption), "bracket", "trail" or "element" (separate credit
    element); the further from an obvious credit position, the more proof we want.
    """
    value = _clean_value(raw_value or "")
    if plain_delim and not (sep and sep.strip()):
        return None  # "… view photos", "… Photo PTI": too weak without a delimiter
    if plain_delim and not (_CREDITISH_RE.search(label) or _is_known(value, lenient=True)):
        return None  # "Modi in pictures: …" is a caption, "… Photo Credit: X" is not
    if not value:
        return label if _SLOT_RE.fullmatch(label) else ""  # "… | File photo" names a slot
    if _too_long(value):
        return None
    known = _is_known(value, lenient=True)
    lower_start = value[0].isascii() and value[0].islower()
    if (sep and not sep.strip() and ctx != "element" and not known
            and (lower_start or not _STRONG_RE.search(label))):
        return None  # "Photo gallery", "Credit card offers", "Courtesy call on PM"
    if sep == "-" and lower_start:
        return None  # "Photo-op …"
    if ctx == "lead" and not known and _SLOTLIKE_LABEL_RE.fullmatch(label):
        return None  # "File photo: Rahul Gandhi at a rally" -> caption, see _LEAD_SLOT_RE
    return value


def _org_ok(org: str, ctx: str) -> bool:
    """May `org` precede "Photo" in a credit like "PTI Photo"? Rejects "Team photo"."""
    org = org.strip()
    if not org:
        return False
    if _is_known(org, lenient=True):
        return True
    if ctx not in ("bracket", "element"):
        return False
    words = org.replace("/", " ").split()
    if len(words) > 5 or (org[0].isascii() and org[0].islower()):
        return False
    return not any(w.casefold() in _DESCRIPTIVE for w in words)


def _credit_of_segment(seg: str, ctx: str, allow_bare: bool = True) -> str | None:
    """The credit if the whole `seg` is a credit ("" for an empty label), else None."""
    if ctx != "bracket":
        inner = _enclosing_inner(seg)
        if inner is not None:
            seg = inner
    seg = seg.strip(_SEPARATORS)
    core = seg.rstrip(".। ")
    if not core:
        return None
    if _SLOT_RE.fullmatch(core):
        return core
    m = _LABELED_RE.fullmatch(seg)
    if m:
        found = _accept(m["label"], m["sep"], m["val"], ctx)
        if found is not None:
            return found
    m = _SABHAR_RE.fullmatch(core)
    if m:
        value = _clean_value(m["val"] or m["val2"] or "")
        if value and not _too_long(value):
            return value
    if not allow_bare:
        return None
    m = _SOURCE_FOR_SLOT_RE.fullmatch(core)
    if m and _is_known(m["src"], lenient=True):
        return _clean_value(m["src"])  # "ANI photo for representation": the agency took it
    if _is_known(core, lenient=True) and not _too_long(core):
        return _clean_value(seg)  # keeps "P.T.I." whole
    m = _ORG_PHOTO_RE.fullmatch(core)
    if m and _org_ok(m["org"], ctx):
        return _clean_value(seg)
    return None


# "<source> photo for representation / used for illustration purposes only".
_SOURCE_FOR_SLOT_RE = re.compile(
    rf"(?P<src>.+?)\s+{_EN_PHOTO}\s+(?:used\s+)?for\s+(?:representation(?:al)?|illustration)"
    r"(?:\s+purposes?)?(?:\s+only)?",
    re.I,
)


def _trailing_bracket(text: str) -> tuple[str, str, bool] | None:
    """(before, inner, closed) for a bracket group at the very end of `text`."""
    t = text.rstrip(" .।")
    if t.endswith((")", "]")):
        depth = 0
        for i in range(len(t) - 1, -1, -1):
            ch = t[i]
            if ch in ")]":
                depth += 1
            elif ch in "([":
                depth -= 1
                if depth == 0:
                    return t[:i], t[i + 1:-1].strip(), True
        return None
    i = max(t.rfind("("), t.rfind("["))
    if i >= 0 and len(t) - i <= 120 and ")" not in t[i:] and "]" not in t[i:]:
        return t[:i], t[i + 1:].strip(), False
    return None


def _caption_before(text: str, end: int, delim: str) -> str | None:
    """Caption text before a credit; a sentence stop used as the delimiter is kept."""
    stop = _SENTENCE_PUNCT_RE.search(delim)
    return _clean_caption(text[:end].rstrip() + (stop.group() if stop else ""))


# "… / Kevin Voigt/Getty Images": a photographer's name glued to the agency by a bare slash.
_PHOTOGRAPHER_RE = re.compile(r"(?:^|\s[/|]\s|[|]\s*)(?P<name>(?:[A-Z][\w.'’-]+\s){0,2}[A-Z][\w.'’-]+)$")


def _with_photographer(text: str, end: int, delim: str, value: str) -> tuple[str | None, str]:
    """(caption, credit) for a trailing source; a name joined to it by a bare "/" is part of the credit."""
    if delim == "/":
        m = _PHOTOGRAPHER_RE.search(text, 0, end)
        if m:
            return _clean_caption(text[: m.start()]) or None, f"{m['name']}/{value}"
    return _caption_before(text, end, delim), value


def _split_once(text: str, first: bool) -> tuple[str | None, str | None]:
    """Peel one credit off `text`: (rest, credit), credit "" if only an empty label went."""
    found = _credit_of_segment(text, "lead", allow_bare=first)
    if found is not None:
        return None, found

    br = _trailing_bracket(text)
    if br is not None:
        before, inner, closed = br
        if closed:
            found = _credit_of_segment(inner, "bracket")
        else:  # "Caption (Photo: PTI" - only a labelled credit counts
            m = _LABELED_RE.fullmatch(inner)
            found = _accept(m["label"], m["sep"], m["val"], "bracket") if m else None
        if found is not None:
            return _clean_caption(before), found

    if "©" in text or "opyright" in text.casefold():
        m = _COPYRIGHT_RE.fullmatch(text)
        if m:
            value = _clean_value(m["val"])
            if value and not _too_long(value):
                return _clean_caption(m["pre"]), value

    start = max(0, len(text) - _TAIL_WINDOW)
    pos = start
    while (m := _TRAIL_LABELED_RE.search(text, pos)) is not None:
        delim = m["delim"]
        plain = not delim.strip()
        found = _accept(m["label"], m["sep"], m["val"], "trail", plain_delim=plain)
        if found is not None and plain:
            # "सोनिया गांधी की तस्वीर: …", "a photo: …": the label belongs to the sentence.
            prev = _LAST_WORD_RE.search(text, 0, m.start())
            if prev and prev.group(1).casefold() in _DESCRIPTIVE:
                found = None
        if found is not None:
            return _caption_before(text, m.start(), delim), found
        pos = m.start() + 1

    pos = start
    while (m := _TRAIL_BARE_RE.search(text, pos)) is not None:
        value = _clean_value(m["val"])
        delim = m["delim"]
        source = _SOURCE_FOR_SLOT_RE.fullmatch(value) if value else None
        if source and _is_known(source["src"], lenient=True):
            return _caption_before(text, m.start(), delim), _clean_value(source["src"])
        if value and (
            _SLOT_RE.fullmatch(value)
            or (
                len(value.split()) <= 6
                and _is_known(value, lenient=True)
                and not (_SENTENCE_PUNCT_RE.search(delim) and _key(value) in _AMBIGUOUS_KEYS)
            )
            or ((o := _ORG_PHOTO_RE.fullmatch(value)) is not None and _org_ok(o["org"], "trail"))
        ):
            return _with_photographer(text, m.start(), delim, value)
        pos = m.start() + 1

    m = _LEAD_SLOT_RE.fullmatch(text)
    if m:
        rest = _clean_caption(m["rest"])
        if rest:
            return rest, m["slot"]
    return text, None


def _split(text: str, bare_whole: bool = True) -> tuple[str | None, str | None]:
    """Peel up to three credits off the end of `text`; join them in reading order.

    `bare_whole` lets a caption that is only a source name ("PTI") become the credit; it is
    off for later passes and when the page has its own credit element ("X (PTI)" + "PTI").
    """
    credits: list[str] = []
    caption: str | None = text
    for i in range(3):
        if caption is None:
            break
        rest, found = _split_once(caption, first=bare_whole and i == 0)
        if found is None:
            break
        if found and _key(found) not in {_key(c) for c in credits}:
            credits.append(found)
        caption = rest
    return caption, ", ".join(reversed(credits)) or None


_COPYRIGHT_PREFIX_RE = re.compile(r"^(?:©|\bcopyright\b\s*©?)\s*[:\-]?\s*(?:(?:19|20)\d\d\s*)?", re.I)


def _clean_element(credit: str) -> str | None:
    """The credit named by a separate credit element: labels and © stripped."""
    credit = _COPYRIGHT_PREFIX_RE.sub("", credit).strip()
    if not credit:
        return None
    found = _credit_of_segment(credit, "element")
    if found is not None:
        return found or None
    caption, found = _split(credit)
    value = _clean_value(found or caption or "")
    return value or None


@lru_cache(maxsize=512)
def _given_credit_re(credit: str) -> re.Pattern[str]:
    """Matches a caption that ends with `credit` in brackets, after a delimiter or a label."""
    c = r"\s+".join(re.escape(w) for w in credit.split())
    lab = rf"(?:{_LABEL}{_NB}{_SEP})?"
    return re.compile(
        rf"(?P<pre>.*?)(?:\s*[(\[]\s*{lab}{c}\s*[)\]]|(?P<delim>{_DELIM_EXPLICIT}){lab}{c}"
        rf"|\s+{_LABEL}{_NB}\s*(?::\s*-|[:：]|[-–—]+)\s*{c})\s*[.।]?",
        re.I,
    )


def _strip_given(caption: str, credit: str) -> str | None:
    """Remove a separately given credit from the end of the caption, if it is repeated there."""
    if _is_credit_again(caption, credit):
        return None
    m = _given_credit_re(credit).fullmatch(caption)
    if not m:
        return caption
    stop = _SENTENCE_PUNCT_RE.search(m["delim"] or "")
    return _clean_caption(m["pre"] + (stop.group() if stop else ""))


def _split_caption_credit(caption: object, credit: object) -> tuple[str | None, str | None]:
    cap = _norm(caption)
    given = _norm(credit)
    given = _clean_element(given) if given else None
    if cap and given:
        cap = _strip_given(cap, given)
    own = None
    if cap:
        cap, own = _split(cap, bare_whole=given is None)
    if cap and own:
        cap = _strip_given(cap, own)  # the same credit twice: "… | Arvind Yadav | Photo: Arvind Yadav"
    out = given or own
    if cap and out and _is_credit_again(cap, out):
        cap = None
    return cap, out


# Photo, file, credit and copyright words around a source name: "PTI Photo", "फाइल PTI", "PTI | Copyright ©".
_SLOT_WORD = rf"(?:{_EN_FILE}|{_HI_FILE}|{_EN_PHOTO}|{_HI_PHOTO}|{_EN_SUFFIX}|{_HI_SUFFIX}|copyright){_NB}"
_SLOT_WORDS_AROUND_RE = re.compile(rf"^(?:{_SLOT_WORD}[\s/:|©\-–—]*)+|(?:[\s/:|©\-–—]+{_SLOT_WORD})+$", re.I)


def _is_credit_again(caption: str, credit: str) -> bool:
    """The caption only names (one of) the credit's sources again: "PTI", "(PTI Photo)", "फाइल PTI।"."""
    def keys(text: str) -> set[str]:
        return {_letters(text), _letters(_SLOT_WORDS_AROUND_RE.sub("", _trim(text)))} - {""}

    sources = set().union(*(keys(part) for part in (credit, *credit.split(", "))))
    return bool(keys(caption) & sources)


def _is_letter(ch: str) -> bool:
    """A letter, a mark (Devanagari vowel signs) or a digit."""
    return unicodedata.category(ch)[0] in "LMN"


def _letters(text: str) -> str:
    """Letters, marks and digits only: punctuation around a name does not make it another name."""
    return "".join(ch for ch in _key(text) if _is_letter(ch))


def _trim(text: str) -> str:
    """The text without the brackets, stops and symbols around it: "(PTI Photo)." -> "PTI Photo"."""
    start, end = 0, len(text)
    while start < end and not _is_letter(text[start]):
        start += 1
    while end > start and not _is_letter(text[end - 1]):
        end -= 1
    return text[start:end]


def _safe_norm(text: object) -> str | None:
    try:
        return _norm(text)
    except Exception:  # last resort, see split_caption_credit
        return None


def split_caption_credit(caption: str | None,
                         credit: str | None = None) -> tuple[str | None, str | None]:
    """Split a lead-image caption into (caption, credit). `credit` is the text of a separate
    credit element next to the image when the page has one.

    Both outputs are NFC, whitespace-collapsed and trimmed, None when empty, and neither
    repeats the other. Never raises: on an internal error the inputs come back normalised.
    """
    try:
        return _source_over_label(*_split_caption_credit(caption, credit))
    except Exception:  # a bad caption must not cost us the article
        return _safe_norm(caption), _safe_norm(credit)


def _source_over_label(caption: str | None, credit: str | None) -> tuple[str | None, str | None]:
    """"Representative image. (Photo: Getty Images)": the agency is the credit; a label that names no
    source ("File photo", "प्रतीकात्मक तस्वीर") is then what the picture is, so it becomes the caption
    when there is no other. A label alone stays the credit."""
    if not credit or ", " not in credit:
        return caption, credit
    parts = [p.strip() for p in credit.split(", ") if p.strip()]
    labels = [p for p in parts if _SLOTLIKE_LABEL_RE.fullmatch(p) or _SLOT_RE.fullmatch(p)]
    sources = [p for p in parts if p not in labels]
    if not labels or not sources:
        return caption, credit
    return caption or ", ".join(labels), ", ".join(sources)


_JUNK_ALT_RE = re.compile(
    r"(?:https?://\S+|\S+\.(?:jpe?g|png|gif|webp|avif|svg|bmp)(?:\?\S*)?|\d+|[\w-]*\d{3,}[\w-]*"
    rf"|{vocab.alternation([re.escape(w) for w in vocab.words('placeholder_alts.txt')])}(?:[\s_-]*\d+)?)",
    re.I,
)


def credit_from_alt(alt: str | None) -> tuple[str | None, str | None]:
    """Caption fallback from an image's alt text: (caption, credit) as split_caption_credit
    gives, but (None, None) for placeholder alts (file names, URLs, "image", "thumb")."""
    try:
        text = _norm(alt)
        if text is None or _JUNK_ALT_RE.fullmatch(text):
            return None, None
        return split_caption_credit(text)
    except Exception:  # same contract as split_caption_credit
        return None, None
