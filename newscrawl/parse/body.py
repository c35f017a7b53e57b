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
from functools import lru_cache

from newscrawl.extract.raw import Block
from newscrawl.measure import ends_sentence
from newscrawl.measure import word_count as _count
from newscrawl.parse import vocab
from newscrawl.parse.credit import split_caption_credit

_NUKTA_LETTERS = str.maketrans({
    "\u0958": "\u0915", "\u0959": "\u0916", "\u095a": "\u0917", "\u095b": "\u091c",
    "\u095c": "\u0921", "\u095d": "\u0922", "\u095e": "\u092b", "\u095f": "\u092f",
})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u093c"), None)


@lru_cache(maxsize=1024)  # the blocks of a page or two: paragraphs are long, keep the cache small
def fold(text: str) -> str:
    """Matching form: no nukta, no zero-width characters, case-folded, spaces collapsed.

    Hindi pages spell पढ़ें with and without the nukta, precomposed or not
    (NFC keeps ढ़ decomposed), so cues are matched on this folded form. Every
    rule folds the same blocks again, so folds are remembered (a pure function of the text).
    """
    text = unicodedata.normalize("NFC", text).translate(_NUKTA_LETTERS).translate(_INVISIBLE)
    return re.sub(r"\s+", " ", text).strip().casefold()


# Cues live in data/*.txt (read through vocab), written in folded form: पढें, not पढ़ें.
_READ_MORE = vocab.cue_pattern("read_more.txt")
_READ_MORE_START = re.compile(rf"^[\s\-–—•*>|]*{_READ_MORE}\s*(?:[:：|\-–—>»]|$)?", re.I)
_READ_MORE_INLINE = re.compile(rf"(?:(?<=[.।!?\"”'’)\]])|(?<=\s))\s*{_READ_MORE}\s*[:：|\-–—>»]", re.I)

_RELATED_HEADING = re.compile(rf"^{vocab.cue_pattern('related_headings.txt')}\s*[:.…]*$", re.I)
_HIGHLIGHTS_HEADING = re.compile(rf"^{vocab.cue_pattern('highlights_headings.txt')}\s*[:.]*$", re.I)
# Headings after which nothing is the story: an appended summary in another language, author bio,
# comments. The rest is cut only when it is short next to the story (so a mid-story "Summary" survives).
_TAIL_HEADING = re.compile(rf"^{vocab.cue_pattern('tail_headings.txt')}\s*[:.]*$", re.I)
_TAGS_LINE = re.compile(rf"^{vocab.cue_pattern('tag_labels.txt')}\s*[:：]", re.I)
# Promos that are never story text, whatever else the line says.
_PROMO = vocab.cue("promo.txt")
# Promo phrases that also occur in story prose ("customers can sign up for the plan"): chrome only on a short line.
_PROMO_SHORT = vocab.cue("promo_short.txt")
# Page furniture: copyright lines, print/e-mail buttons, browser notices, opinion and investment disclaimers.
_FOOTER = vocab.cue("footer.txt")
# App plugs read like story prose about apps ("यूजर को कोई ऐप डाउनलोड करने की जरूरत नहीं"): only a short line.
_APP_PROMO = vocab.cue("app_promo.txt")
# Calls to action that are also ordinary how-to prose ("Settings में जाकर Privacy पर क्लिक करें।"):
# chrome only on a short line that is mostly a link.
_CALL_TO_ACTION = vocab.cue("call_to_action.txt")
_DISCLAIMER = re.compile(rf"^[\s(\[*]*{vocab.cue_pattern('disclaimer.txt')}\b", re.I)
# Syndication notes ("this story is auto-generated from a syndicated feed") close many agency stories.
_SYNDICATION = vocab.cue("syndication.txt")
# The title line of an embedded video or photo set: "वीडियो: बैंकिंग से जुड़े 5 नए नियम".
_MEDIA_TITLE = re.compile(rf"^{vocab.cue_pattern('media_labels.txt')}\s*[:：|]", re.I)
_CHROME_EXACT = frozenset(fold(s) for s in vocab.words("chrome_lines.txt"))
_BYLINE_STAMP = re.compile(rf"^{vocab.cue_pattern('byline_stamp.txt')}\s*(?:[:：]|on\b)?.{{0,140}}$", re.I)
_BYLINE_LABEL = re.compile(rf"{vocab.cue_pattern('byline_label.txt')}\s*(?:[:：]|on\b|by\b)", re.I)
_RELATIVE_TIME = re.compile(r"(?:\d+|कुछ|एक|few|an?)\s*(?:ही\s+)?(?:क्षण|सेकंड|मिनट|घंटे|घंटा|दिन|हफ्ते|महीने|साल|seconds?|"
                            r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s*(?:पहले|ago)\s*$", re.I)


def _month_pattern() -> str:
    """Month names as a stamp writes them: an English word that opens like a month ("Sept.", "August"),
    or a Hindi spelling (folded) from data/months.tsv."""
    names = vocab.months()
    english = dict.fromkeys(name[:3] for name in names if name.isascii())
    hindi = dict.fromkeys(fold(name) for name in names if not name.isascii())
    return rf"(?:{'|'.join(english)})[a-z]*\.?|{'|'.join(map(re.escape, hindi))}"


# A real timestamp: a clock time, or a month name with a day and a year.
_MONTHS = _month_pattern()
_HAS_TIME = re.compile(
    rf"\d{{1,2}}:\d{{2}}|\b\d{{1,2}}\s+(?:{_MONTHS})\s*,?\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}", re.I
)
_WORD = re.compile(r"\w+")
_CRUMB_SEPARATOR = re.compile(r"\s[>»›/]\s")
_DIGIT = re.compile(r"\d")


def _ends_block(text: str) -> bool:
    """A block that ends like a sentence in any script, or a lead-in ending with a colon."""
    return ends_sentence(text) or text.rstrip().endswith((":", "：", ")", "]", "）", "\"", "”", "’", "'"))


@dataclass(frozen=True)
class Context:
    """What the page says elsewhere, so the body can drop its repeats."""

    headline: str | None = None
    summary: str | None = None
    caption: str | None = None
    credit: str | None = None
    breadcrumbs: Sequence[str] = ()
    captions: Sequence[str] = ()  # every image caption and alt text on the page: never a body line


def clean_body(blocks: Sequence[Block], context: Context = Context()) -> list[str]:
    """The article paragraphs, in order, from raw blocks."""
    repeats = _repeat_keys(context)
    caption_keys = _caption_keys(context)
    copies = _copied_blocks(blocks)
    paragraphs: list[str] = []
    in_related = False
    started = False
    for index, block in enumerate(blocks):
        text = block.text.strip()
        key = fold(text)
        if not key or index in copies:
            continue
        if _TAIL_HEADING.match(key) and paragraphs and _tail_is_short(blocks[index + 1:], paragraphs):
            break
        if _RELATED_HEADING.match(key) or _HIGHLIGHTS_HEADING.match(key):
            in_related = True
            continue
        if in_related:
            if _is_headline_like(block) or (block.kind == "item" and _count(key) <= 30):
                continue
            in_related = False
        if not started and block.kind in ("item", "row"):
            continue  # a list or table before the first paragraph is a highlights or data box, not the story
        if _drop(block, key, repeats) or _is_caption(text, key, caption_keys):
            continue
        text = _cut_inline_read_more(text)
        if text:
            paragraphs.append(text)
            started = True
    return _trim_tail(paragraphs)


def _caption_keys(context: Context) -> set[str]:
    """Folded captions (lead image first) long enough to recognise as a line of their own."""
    captions = [context.caption, *context.captions]
    return {fold(c).rstrip(" .।|-") for c in captions if c and len(c) >= 8}


def _is_caption(text: str, key: str, caption_keys: set[str]) -> bool:
    """A caption printed as a body line, alone or followed by its credit in any wording."""
    bare = key.rstrip(" .।|-")
    if bare in caption_keys:
        return True
    return any(bare.startswith(c) for c in caption_keys) and _is_caption_line(text, caption_keys)


_COPY_MIN_WORDS = 25  # a repeated paragraph this long is a copy of the story, not a refrain


def _copied_blocks(blocks: Sequence[Block]) -> set[int]:
    """Indexes of blocks that repeat an earlier block as part of a copy of the story.

    Pages carry a second copy of the text (a text-to-speech or print version):
    drop a repeat when it is a long paragraph or sits next to another repeat.
    A short line that legitimately recurs in the story (a refrain, a repeated
    question) is kept.
    """
    first: dict[str, int] = {}
    repeats: list[int] = []
    for index, block in enumerate(blocks):
        key = fold(block.text)
        if key in first:
            repeats.append(index)
        else:
            first[key] = index
    marked = set(repeats)
    return {i for i in repeats if _count(blocks[i].text) >= _COPY_MIN_WORDS or {i - 1, i + 1} & marked}


def _tail_is_short(after: Sequence[Block], kept: list[str]) -> bool:
    """What follows a tail heading is an appendix when it is under 40% of the story kept so far."""
    return sum(_count(b.text) for b in after) < 0.4 * sum(_count(p) for p in kept)


def _is_caption_line(text: str, caption_keys: set[str]) -> bool:
    """The caption again with a credit after it ("कैप्शन | फोटो: PTI"), not a sentence that starts alike."""
    caption, credit = split_caption_credit(text)
    return bool(credit) and caption is not None and fold(caption).rstrip(" .।|-") in caption_keys


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
    """Whether a block is something a reader skips: a repeat, chrome, a promo, a stamp or a link line."""
    if key in repeats or key in _CHROME_EXACT or _READ_MORE_START.match(key):
        return True
    if _TAGS_LINE.match(key) or _DISCLAIMER.match(key):
        return True
    words = _count(key)
    return _is_promo(block, key, words) or _is_stamp_or_label(block, key, words) or _is_link_line(block, key, words)


def _is_promo(block: Block, key: str, words: int) -> bool:
    """Promos, footers and syndication notes; weaker cues count only on short lines."""
    if words <= 60 and (_PROMO.search(key) or _SYNDICATION.search(key)):
        return True
    if words <= 20 and (_PROMO_SHORT.search(key) or _FOOTER.search(key)):
        return True
    if words <= 15 and _APP_PROMO.search(key):
        return True
    return words <= 20 and block.link_density > 0.3 and bool(_CALL_TO_ACTION.search(key))


def _is_stamp_or_label(block: Block, key: str, words: int) -> bool:
    """Byline stamps, media titles, breadcrumb trails and relative times."""
    if words <= 25 and _BYLINE_STAMP.match(key) and _HAS_TIME.search(key):
        return True
    if words <= 30 and _BYLINE_LABEL.search(key) and _HAS_TIME.search(key):
        return True
    if words <= 15 and _MEDIA_TITLE.match(key) and not ends_sentence(key):
        return True  # the title of an embedded video or photo set
    if block.kind != "row" and words <= 12 and len(_CRUMB_SEPARATOR.findall(key)) >= 2 and not _DIGIT.search(key):
        return True  # a breadcrumb trail: "News > Economy > Companies"
    return words <= 8 and bool(_RELATIVE_TIME.search(key))  # "मुंबई 12 दिन पहले": a byline's place and time


def _is_link_line(block: Block, key: str, words: int) -> bool:
    """Navigation, tag clouds and related links; symbol-only lines."""
    if block.link_density > 0.6 and words <= 40:
        return True
    if block.kind in ("item", "row") and block.link_density > 0.3:
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
    tail_words = _count(folded[match.end():])
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
    if block.link_density > 0.5:
        return True
    return _count(block.text) <= 35 and not _ends_block(block.text)


def _trim_tail(paragraphs: list[str]) -> list[str]:
    """Drop a trailing data widget (a run of stub lines) and trailing subheadings with nothing after them."""
    run_start, run = None, 0
    for i, para in enumerate(paragraphs):
        if _count(para) <= 3 and not _ends_block(para):
            if run == 0:
                run_start = i
            run += 1
            if run >= 4 and run_start is not None:
                before = sum(_count(p) for p in paragraphs[:run_start])
                after = sum(_count(p) for p in paragraphs[run_start:])
                if after < 0.4 * before:
                    paragraphs = paragraphs[:run_start]
                    break
        else:
            run = 0
    while paragraphs and _count(paragraphs[-1]) <= 6 and not _ends_block(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def word_count(text: str) -> int:
    """Words in any script (newscrawl.measure): the exported `word_count`."""
    return _count(text)


def joined(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(paragraphs)
