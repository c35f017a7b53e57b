"""Words and sentences in any script: the one place every rule that counts text asks.

Counting by `str.split()` and Latin full stops breaks on two families of
scripts: Devanagari ends sentences with the danda (।, ॥), and Chinese and
Japanese put no spaces between words and end sentences with full-width marks
(。？！). Every threshold in extraction and body cleaning ("80 words", "looks
like a sentence") goes through these functions so that a Hindi, an English and
a Japanese story of the same length measure alike.

Conventions (those of word processors, so counts are explainable):
* a run of letters or digits between spaces is one word;
* every CJK ideograph, kana or Thai/Lao/Khmer/Myanmar letter counts as one
  word (those scripts do not separate words with spaces);
* Hangul uses spaces, so Korean words are counted like Latin ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "SENTENCE_END_CHARS",
    "ends_sentence",
    "is_unspaced",
    "looks_like_sentence",
    "sentences",
    "word_count",
    "words",
]

# Scripts written without spaces between words: Han, kana, CJK punctuation-free letters, Thai, Lao,
# Khmer, Myanmar. Hangul (spaced) is deliberately absent.
_UNSPACED = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0002ffff"  # CJK extensions B-F
)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# A token: a run of word characters (letters, digits, combining marks such as Devanagari vowel signs),
# joined by inner apostrophes, hyphens or dots ("don't", "COVID-19", "3.5"); unspaced-script letters
# are taken one at a time.
_MARK = "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7\u0a01-\u0a03\u0a3c-\u0a51"
_TOKEN = re.compile(
    f"[{_UNSPACED}]|(?:(?![{_UNSPACED}])[\\w{_MARK}\u200c\u200d])+"
    f"(?:(?:['’\\-.]|(?<=\\d),(?=\\d))(?:(?![{_UNSPACED}])[\\w{_MARK}\u200c\u200d])+)*"
)

# Characters that end a sentence: Latin, Devanagari (danda, double danda), Arabic, Urdu, Armenian,
# Ethiopic, Myanmar, full-width CJK, the ellipsis.
SENTENCE_END_CHARS = ".!?।॥。？！…؟۔։።።၊။"
# What may follow a sentence end and still close the sentence: quotes, brackets.
_CLOSERS = "\"'”’»)]}」』）】〕›"
_END = re.compile(f"[{re.escape(SENTENCE_END_CHARS)}][{re.escape(_CLOSERS)}]*\\s*$")
# One sentence: the shortest run up to an end mark (plus closers) followed by space or the end, or up to a
# full-width end mark (CJK sentences are not separated by spaces).
_SENTENCE = re.compile(
    f".+?(?:[{re.escape(SENTENCE_END_CHARS)}]+[{re.escape(_CLOSERS)}]*(?=\\s|$)"
    f"|[。？！]+[{re.escape(_CLOSERS)}]*|$)",
    re.S,
)


def words(text: str) -> list[str]:
    """The words of a text, script-aware (see the module docstring)."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text or ""))


@lru_cache(maxsize=1024)
def word_count(text: str) -> int:
    """Number of words in any script; the `word_count` field and every length threshold use it.

    Remembered for the last texts: page-type signals, body rules and the record
    count the same paragraphs several times, and the token regex is not cheap.
    """
    return len(words(text))


def is_unspaced(text: str) -> bool:
    """True when most letters belong to a script written without spaces (Chinese, Japanese, Thai...)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    unspaced = sum(1 for ch in letters if _UNSPACED_CHAR.match(ch))
    return unspaced * 2 > len(letters)


def ends_sentence(text: str) -> bool:
    """The text ends with a sentence mark of any script (closing quotes and brackets allowed)."""
    return bool(_END.search(text or ""))


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at the end marks of any script."""
    return [p.strip() for p in _SENTENCE.findall((text or "").strip()) if p.strip()]


def looks_like_sentence(text: str, *, min_words: int = 8) -> bool:
    """Prose rather than a label, a menu entry or a headline.

    A line that ends with a sentence mark is prose; so is a long enough run of
    words that holds a sentence end inside (a paragraph whose last sentence
    lost its stop). Headlines and menu entries are short and unpunctuated.
    """
    if ends_sentence(text):
        return word_count(text) >= 2
    n = word_count(text)
    return n >= min_words * 2 or (n >= min_words and any(ch in SENTENCE_END_CHARS for ch in text))
