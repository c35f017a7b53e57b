"""Body cleaning: keep the article paragraphs, drop everything a reader skips.

trafilatura removes most page chrome, but on Hindi news pages it keeps inline
"यह भी पढ़ें" lines, related-story lists, promos, captions, byline stamps and
highlight boxes. These rules are text cues (Hindi and English) plus link
density and position, so they work on sites never seen before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newscrawl.extract.raw import Block
from newscrawl.parse.credit import split_caption_credit

_NUKTA_LETTERS = str.maketrans({
    "\u0958": "\u0915", "\u0959": "\u0916", "\u095a": "\u0917", "\u095b": "\u091c",
    "\u095c": "\u0921", "\u095d": "\u0922", "\u095e": "\u092b", "\u095f": "\u092f",
})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u093c"), None)


def fold(text: str) -> str:
    """Matching form: no nukta, no zero-width characters, case-folded, spaces collapsed.

    Hindi pages spell पढ़ें with and without the nukta, precomposed or not
    (NFC keeps ढ़ decomposed), so cues are matched on this folded form.
    """
    text = unicodedata.normalize("NFC", text).translate(_NUKTA_LETTERS).translate(_INVISIBLE)
    return re.sub(r"\s+", " ", text).strip().casefold()


# Cues are written in folded form (no nukta): पढें, not पढ़ें.
_READ_MORE = (
    r"(?:(?:यह|ये|इसे|इन्हें|इसको|साथ ही|यहाँ|यहां|और|अवश्य)\s+(?:भी\s+)?पढें|पढें\s+भी|(?:यह|ये)\s+भी\s+देखें|"
    r"ज(?:रूर|़रूर)\s+पढें|इसके\s+अलावा\s+पढें|also\s+read|read\s+also|read\s+more|must\s+read|also\s+see|"
    r"also\s+watch|read\s+here|watch\s+video|watch|वीडियो\s+देखें|देखें\s+वीडियो|related\s*:)"
)
_READ_MORE_START = re.compile(rf"^[\s\-–—•*>|]*{_READ_MORE}\s*(?:[:：|\-–—>»]|$)?", re.I)
_READ_MORE_INLINE = re.compile(rf"(?:(?<=[.।!?\"”'’)\]])|(?<=\s))\s*{_READ_MORE}\s*[:：|\-–—>»]", re.I)

_RELATED_HEADING = re.compile(
    r"^(?:संबंधित|सम्बंधित|संबंधित\s+खबरें?|related(?:\s+(?:news|stories|articles|posts|topics))?|"
    r"recommended(?:\s+(?:stories|for you|news))?|you may (?:also )?like|more (?:news|stories|from)\b.*|"
    r"trending(?:\s+(?:news|stories|now|topics))?|top (?:news|stories)|latest (?:news|stories)|"
    r"ताजा\s+खबरें?|ताजा\s+समाचार|लेटेस्ट\s+(?:खबरें?|न्यूज)|ट्रेंडिंग(?:\s+(?:खबरें?|न्यूज))?|"
    r"खबरें\s+और\s+भी\s+हैं|और\s+खबरें|अन्य\s+खबरें|मिलती[-\s]+जुलती\s+खबरें|टॉप\s+(?:खबरें?|न्यूज)|"
    r"सबसे\s+ज्यादा\s+पढी\s+गई|most\s+(?:read|popular|viewed)|popular\s+(?:news|stories)|"
    r"about\s+the\s+author|लेखक\s+के\s+बारे\s+में|comments?|टिप्पणियाँ|टिप्पणियां|कमेंट्स?)\s*[:.…]*$",
    re.I,
)
_HIGHLIGHTS_HEADING = re.compile(
    r"^(?:highlights|key highlights|key points|key takeaways|in short|quick read|story highlights|"
    r"हाइलाइट्स|हाईलाइट्स|खास बातें|मुख्य बातें|मुख्य बिंदु|संक्षेप में|एक नजर में|शॉर्ट में)\s*[:.]*$",
    re.I,
)
# Headings after which nothing is the story: an appended summary in another language, author bio,
# comments. The rest is cut only when it is short next to the story (so a mid-story "Summary" survives).
_TAIL_HEADING = re.compile(
    r"^(?:english summary|summary in english|about the author|लेखक के बारे में|लेखक परिचय|comments?|"
    r"टिप्पणियां|टिप्पणियाँ|कमेंट्स?|कमेंट करें|आपकी राय|your (?:view|opinion)s?|poll)\s*[:.]*$",
    re.I,
)
_TAGS_LINE = re.compile(r"^(?:tags?|टैग्स?|टैग|topics?|keywords?|विषय|first published|source)\s*[:：]", re.I)
# Promos that are never story text, whatever else the line says.
_PROMO = re.compile(
    r"track latest news|download (?:the|our)\b.{0,40}\bapp|(?:हमें|us)\s+(?:फॉलो|follow)|follow us on|"
    r"newsletter|न्यूजलेटर|whatsapp\s*(?:channel|चैनल)|(?:telegram|टेलीग्राम)\s*(?:channel|चैनल)|"
    r"google news\s*(?:पर|on)|गूगल\s+न्यूज\s+पर|copy link|कॉपी\s+लिंक|story continues below|"
    r"लाइव\s+अपडेट्स?\s+के\s+लिए|(?:हिंदी|हिन्दी)\s+(?:न्यूज|समाचार).{0,30}(?:पढें|के लिए)|देश-दुनिया की ताजा|"
    r"get (?:the )?latest .{0,40} news|for (?:the )?latest .{0,40} news|sign up for|साइन अप करें|"
    r"(?:in|to) your inbox|stay in the know|"
    r"इनबॉक्स में|get the day's|पूरी खबर .{0,30} ऐप पर|पढिए पूरा|(?:पढिए|पढिये|पढें|देखें)[^।.]{0,40} ऐप पर|"
    r"ऐप (?:इंस्टॉल|इन्स्टॉल) करें|कोड स्कैन|qr (?:कोड )?स्कैन|"
    r"खबर अभी बाकी|(?:के लिए|for)\s+पढते\s+रहें|पढते\s+रहें\s+\S+$|stay tuned (?:to|with)|^latest \w+ news\b|"
    r"read (?:the )?full story|scan (?:the|this) (?:qr )?code|continue reading (?:on|in) (?:the|our) app",
    re.I,
)
# App plugs read like story prose about apps ("यूजर को कोई ऐप डाउनलोड करने की जरूरत नहीं"): only a short line.
_APP_PROMO = re.compile(r"डाउनलोड करें.{0,40}ऐप|ऐप डाउनलोड कर(?:ें|ने)|download (?:the|our) app", re.I)
# Calls to action that are also ordinary how-to prose ("Settings में जाकर Privacy पर क्लिक करें।"):
# chrome only on a short line that is mostly a link.
_CALL_TO_ACTION = re.compile(r"click here|यहां\s+क्लिक|यहाँ\s+क्लिक|क्लिक\s+करें|फॉलो\s+करें|\bsubscribe\b|"
                             r"सब्सक्राइब|शेयर\s+करें|share this", re.I)
_DISCLAIMER = re.compile(r"^[\s(\[*]*(?:disclaimer|अस्वीकरण|डिस्क्लेमर|डिसक्लेमर)\b", re.I)
# Syndication notes ("this story is auto-generated from a syndicated feed") close many agency stories.
_SYNDICATION = re.compile(r"syndicated feed|auto-?generated from|सिंडिकेट(?:ेड)? फीड|ऑटो-?जेनरेट|एजेंसी फीड|"
                          r"फीड से (?:सीधे|ली|लिया)|(?:has not been|नहीं) (?:been )?edited|संपादन नहीं किया|"
                          r"संपादित नहीं (?:किया|की)", re.I)
_CHROME_EXACT = frozenset(fold(s) for s in (
    "विज्ञापन", "advertisement", "advertisment", "ad", "sponsored", "प्रायोजित", "share", "शेयर", "comments",
    "स्क्रॉल करें", "scroll to continue with content", "continue reading", "आगे पढें", "और पढें", "read more",
    "loading...", "loading", "हाइलाइट्स", "highlights", "key highlights", "खास बातें", "मुख्य बातें", "also read",
    "यह भी पढें", "ये भी पढें", "listen to this article", "यह खबर सुनें", "खबर सुनें", "audio", "photo", "video",
))
_BYLINE_STAMP = re.compile(
    r"^(?:(?:last\s+)?updated|published(?:\s+on)?|posted(?:\s+on)?|first published|अपडेटेड|अपडेट|प्रकाशित|"
    r"पब्लिश्ड)\s*(?:[:：]|on\b)?.{0,140}$",
    re.I,
)
_BYLINE_LABEL = re.compile(
    r"(?:updated|published|edited by|written by|posted on|अपडेटेड|प्रकाशित|पब्लिश्ड)\s*(?:[:：]|on\b|by\b)", re.I
)
_RELATIVE_TIME = re.compile(r"(?:\d+|कुछ|एक|few|an?)\s*(?:ही\s+)?(?:क्षण|सेकंड|मिनट|घंटे|घंटा|दिन|हफ्ते|महीने|साल|seconds?|"
                            r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s*(?:पहले|ago)\s*$", re.I)
# A real timestamp: a clock time, or a month name with a day and a year.
_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|जनवरी|फरवरी|मार्च|अप्रैल|अप्रेल|मई|जून|जुलाई|"
           r"अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर")
_HAS_TIME = re.compile(
    rf"\d{{1,2}}:\d{{2}}|\b\d{{1,2}}\s+(?:{_MONTHS})\s*,?\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}", re.I
)
_SENTENCE_END = re.compile(r"[.।!?\"”’'…)\]॥:]\s*$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Context:
    """What the page says elsewhere, so the body can drop its repeats."""

    headline: str | None = None
    summary: str | None = None
    caption: str | None = None
    credit: str | None = None
    breadcrumbs: Sequence[str] = ()


def clean_body(blocks: Sequence[Block], context: Context = Context()) -> list[str]:
    """The article paragraphs, in order, from raw blocks."""
    repeats = _repeat_keys(context)
    caption_key = fold(context.caption) if context.caption and len(context.caption) >= 8 else None
    paragraphs: list[str] = []
    seen: set[str] = set()
    in_related = False
    started = False
    for index, block in enumerate(blocks):
        text = block.text.strip()
        key = fold(text)
        if not key:
            continue
        if _TAIL_HEADING.match(key) and paragraphs and _tail_is_short(blocks[index + 1:], paragraphs):
            break
        if _RELATED_HEADING.match(key) or _HIGHLIGHTS_HEADING.match(key):
            in_related = True
            continue
        if in_related:
            if _is_headline_like(block) or (block.kind == "item" and len(key.split()) <= 30):
                continue
            in_related = False
        if not started and block.kind == "item":
            continue  # a list before the first paragraph is a highlights box, not the story
        if _drop(block, key, repeats):
            continue
        if caption_key and key.startswith(caption_key) and _is_caption_line(text, caption_key):
            continue  # the caption followed by its credit in any wording
        text = _cut_inline_read_more(text)
        if not text:
            continue
        key = fold(text)
        if key in seen:
            continue  # a duplicated body copy (e.g. a text-to-speech version) or a repeated line
        seen.add(key)
        paragraphs.append(text)
        started = True
    return _trim_tail(paragraphs)


def _tail_is_short(after: Sequence[Block], kept: list[str]) -> bool:
    """What follows a tail heading is an appendix when it is under 40% of the story kept so far."""
    return sum(len(b.text.split()) for b in after) < 0.4 * sum(len(p.split()) for p in kept)


def _is_caption_line(text: str, caption_key: str) -> bool:
    """The caption again with a credit after it ("कैप्शन | फोटो: PTI"), not a sentence that starts alike."""
    caption, credit = split_caption_credit(text)
    return bool(credit) and caption is not None and fold(caption).rstrip(" .।|-") == caption_key.rstrip(" .।|-")


def _repeat_keys(context: Context) -> set[str]:
    keys: set[str] = set()
    for value in (context.headline, context.summary, context.caption):
        if value:
            keys.add(fold(value))
    if context.caption and context.credit:
        for sep in (" ", "", " | ", " - ", " : ", ". "):
            keys.add(fold(f"{context.caption}{sep}{context.credit}"))
            keys.add(fold(f"{context.caption}{sep}({context.credit})"))
    if context.credit:
        keys.add(fold(context.credit))
    crumbs = [c for c in context.breadcrumbs if c]
    if crumbs:
        keys.add(fold(" ".join(crumbs)))
        for sep in (" > ", " / ", " » ", " | ", " › "):
            keys.add(fold(sep.join(crumbs)))
    return keys


def _drop(block: Block, key: str, repeats: set[str]) -> bool:
    if key in repeats or key in _CHROME_EXACT:
        return True
    if _READ_MORE_START.match(key):
        return True
    if _TAGS_LINE.match(key) or _DISCLAIMER.match(key):
        return True
    words = len(key.split())
    if words <= 60 and _PROMO.search(key):
        return True
    if words <= 15 and _APP_PROMO.search(key):
        return True
    if words <= 20 and block.link_density > 0.3 and _CALL_TO_ACTION.search(key):
        return True
    if words <= 60 and _SYNDICATION.search(key):
        return True
    if words <= 25 and _BYLINE_STAMP.match(key) and _HAS_TIME.search(key):
        return True
    if words <= 30 and _BYLINE_LABEL.search(key) and _HAS_TIME.search(key):
        return True
    if words <= 8 and _RELATIVE_TIME.search(key):
        return True  # "मुंबई 12 दिन पहले": a byline's place and relative time
    if block.link_density > 0.6 and words <= 40:
        return True  # navigation, tag clouds, related links
    if block.kind == "item" and block.link_density > 0.3:
        return True
    return not _WORD.search(key)  # punctuation or symbols only


def _cut_inline_read_more(text: str) -> str:
    """Remove a "… यह भी पढ़ें : <linked headline>" tail inside a paragraph."""
    folded = fold(text)
    match = _READ_MORE_INLINE.search(folded)
    if not match or match.start() == 0:
        return text
    # Map the folded offset back: folding only removes characters, so count kept ones.
    cut = _unfolded_offset(text, match.start())
    head = text[:cut].rstrip()
    tail_words = len(folded[match.end():].split())
    if tail_words > 40:
        return text  # a long tail is story text that merely mentions "read"
    return head


def _unfolded_offset(text: str, folded_offset: int) -> int:
    """Offset in `text` whose folded prefix has length `folded_offset`."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        if len(fold(text[:mid])) < folded_offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _is_headline_like(block: Block) -> bool:
    """Short, unpunctuated or link-dominated lines: the entries of a related-stories list."""
    words = len(block.text.split())
    if block.link_density > 0.5:
        return True
    return words <= 35 and not _SENTENCE_END.search(block.text)


def _trim_tail(paragraphs: list[str]) -> list[str]:
    """Drop a trailing data widget (a run of stub lines) and trailing subheadings with nothing after them."""
    run_start, run = None, 0
    for i, para in enumerate(paragraphs):
        if len(para.split()) <= 3 and not _SENTENCE_END.search(para):
            if run == 0:
                run_start = i
            run += 1
            if run >= 4 and run_start is not None:
                before = sum(len(p.split()) for p in paragraphs[:run_start])
                after = sum(len(p.split()) for p in paragraphs[run_start:])
                if after < 0.4 * before:
                    paragraphs = paragraphs[:run_start]
                    break
        else:
            run = 0
    while paragraphs and len(paragraphs[-1].split()) <= 6 and not _SENTENCE_END.search(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def word_count(text: str) -> int:
    return len(text.split())


def joined(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(paragraphs)
