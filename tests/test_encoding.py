"""Text integrity: a wrong declared charset is detected, and no record with U+FFFD or mojibake is exported."""

from __future__ import annotations

import pytest

from newscrawl.extract.decode import decode_page
from newscrawl.parse.encoding import has_bad_encoding, repair_mojibake
from newscrawl.process import page_to_article

STORY = ("The café owner said the naïve plan would cost €5 million – “too much” for the town’s budget. "
         "Residents met on Tuesday to discuss the proposal and asked the council for a second opinion. ") * 3
PAGE = (f"<html><head><meta charset='utf-8'><title>Café plan</title>"
        f"<meta property='og:type' content='article'></head><body><h1>Café plan “too costly”</h1>"
        f"<article><p>{STORY}</p><p>{STORY}</p></article></body></html>")
URL = "https://e.in/city/cafe-plan-too-costly-2214900.html"


@pytest.mark.parametrize(("body", "content_type", "how", "text"), [
    (PAGE.encode("cp1252"), "text/html; charset=utf-8", "detected", "Café plan “too costly”"),
    ("नई दिल्ली".encode(), "text/html; charset=ISO-8859-1", "detected", "नई दिल्ली"),
    ("<meta charset='utf-8'>नई".encode(), None, "meta", "नई"),
    ("नई".encode("utf-16"), None, "bom", "नई"),
    (PAGE.encode("utf-8"), "text/html; charset=utf-8", "declared", "Café plan"),
])
def test_the_first_charset_that_fits_the_bytes_wins(body: bytes, content_type: str | None, how: str,
                                                    text: str) -> None:
    decoded = decode_page(body, {"Content-Type": content_type} if content_type else {})
    assert decoded.how == how and text in decoded.text and "\ufffd" not in decoded.text
    assert (decoded.note is not None) == (how == "detected")


def test_a_page_in_windows_1252_declared_as_utf8_is_exported_correctly() -> None:
    outcome = page_to_article(URL, PAGE.encode("cp1252"), {"Content-Type": "text/html; charset=utf-8"})
    assert outcome.article is not None
    assert outcome.article.headline == "Café plan “too costly”" and "naïve" in outcome.article.body


@pytest.mark.parametrize("text", ["Ã©tÃ© chaud", "à¤¨à¤ˆ à¤¦à¤¿à¤²à¥à¤²à¥€", "itâ€™s", "broken \ufffd byte"])
def test_mojibake_and_replacement_characters_are_bad(text: str) -> None:
    assert has_bad_encoding(text)


@pytest.mark.parametrize("text", ["Café naïve", "à la carte", "नई दिल्ली", "Jürgen Müller — “Zürich”", "£100, €5"])
def test_real_accents_and_quotes_are_fine(text: str) -> None:
    assert not has_bad_encoding(text)


def test_a_record_holding_mojibake_is_dropped_not_exported() -> None:
    garbled = PAGE.encode("utf-8").decode("cp1252", errors="replace")  # a page double-encoded upstream
    outcome = page_to_article(URL, garbled)
    assert outcome.article is None and outcome.reason == "dropped/bad_encoding"


@pytest.mark.parametrize(("text", "repaired"), [
    ("Â© 2008 The Daily", "© 2008 The Daily"),
    ("itâ€™s done", "it’s done"),
    ("सरकार".encode().decode("cp1252") + " " + "कीमत".encode().decode("cp1252"), "सरकार कीमत"),
    ("Café naïve à la carte", "Café naïve à la carte"),
])
def test_mojibake_runs_are_repaired_in_place(text: str, repaired: str) -> None:
    assert repair_mojibake(text) == repaired and not has_bad_encoding(repaired)


def test_isolated_mojibake_in_a_page_is_repaired_not_dropped() -> None:
    page = PAGE.replace("</article>", "<p>The cafÃ© owner said the council had not answered his letters since May, "
                                      "and that he would write again.</p></article>")
    outcome = page_to_article(URL, page.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})
    assert outcome.article is not None
    assert "The café owner said the council" in outcome.article.body and "Ã" not in outcome.article.body
