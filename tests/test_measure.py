"""Words and sentences in three scripts: the counts every threshold relies on."""

from __future__ import annotations

import pytest

from newscrawl.measure import ends_sentence, is_unspaced, looks_like_sentence, sentences, word_count, words


@pytest.mark.parametrize(("text", "count"), [
    ("Elon Musk's allegations on WhatsApp", 5),
    ("COVID-19 cases rose 3.5% in New Delhi.", 7),
    ("नई दिल्ली, 25 मई (आईएएनएस)। टेस्ला के सीईओ ने कहा।", 10),
    ("क्षत्रिय योद्धा", 2),  # vowel signs and conjuncts stay inside one word
    ("दिल्‍ली में", 2),  # a zero-width joiner inside a word does not split it
    ("東京都は25日、発表した。", 10),  # each ideograph/kana a word, the number one word
    ("北京时间今天上午", 8),
    ("한국어 문장은 띄어쓰기를 합니다.", 4),  # Hangul is spaced: words, not syllables
    ("", 0),
    ("— | •", 0),
])
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count
    assert len(words(text)) == count


@pytest.mark.parametrize(("text", "expected"), [
    ("नई दिल्ली, 25 मई (आईएएनएस)। टेस्ला के सीईओ ने कहा।", ["नई दिल्ली, 25 मई (आईएएनएस)।", "टेस्ला के सीईओ ने कहा।"]),
    ("He said so. Then he left!", ["He said so.", "Then he left!"]),
    ("东京下雨了。明天会晴吗？会的！", ["东京下雨了。", "明天会晴吗？", "会的！"]),
    ("जय हो॥ फिर मिलेंगे।", ["जय हो॥", "फिर मिलेंगे।"]),
    ("“Done.” Next one.", ["“Done.”", "Next one."]),
])
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("सरकार ने योजना शुरू की।", True),
    ("The minister said it would help.", True),
    ("政府は計画を発表した。", True),
    ("यह भी पढ़ें", False),
    ("Latest News", False),
    ("Read more about the phones launched this week in India", False),  # a headline-like line
    ("Users of several apps reported failed transactions and delayed confirmations from around 6.40 am on Monday "
     "morning and later", True),  # long prose that lost its stop
])
def test_looks_like_sentence(text: str, expected: bool) -> None:
    assert looks_like_sentence(text) is expected


def test_sentence_ends_and_scripts() -> None:
    assert ends_sentence("कहा।") and ends_sentence("said.”") and ends_sentence("发表了。") and ends_sentence("क्या?")
    assert not ends_sentence("Breaking News") and not ends_sentence("")
    assert is_unspaced("政府は計画を発表した") and not is_unspaced("सरकार ने योजना") and not is_unspaced("한국어 문장")
