"""Cheaper forms of tree scans give what the plain form gave: cue scans over distinct attribute values
(extract/attrs.AttrValues), the chrome rule walked up in Python (extract/meta.in_chrome), and the source
check that lets texts go unscrubbed (extract/clean.may_hold_unwritable)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from newscrawl.extract.attrs import AttrValues
from newscrawl.extract.clean import may_hold_unwritable, remove
from newscrawl.extract.decode import parse_html
from newscrawl.extract.meta import CHROME_ANCESTOR, in_chrome

PAGE = """<html class="root-caption"><head><title>t</title></head><body class="caption-body">
<div id="a" class="story-caption">one</div>
<p id="b"><span class="x" id="photo-caption">two</span></p>
<div id="c" class="story-caption" style="display: none">three</div>
<aside><div id="d" class="Caption box">four</div></aside>
<div id="e" class="plain" style="color: red">five</div>
<div id="f" class="o'clock &quot;caption&quot;">six</div>
</body></html>"""

CAPTION = re.compile(r"caption", re.I)


def _ids(elements: list[html.HtmlElement]) -> list[str]:
    return [el.get("id") or el.tag for el in elements]


def _every_element(tree: html.HtmlElement, pattern: re.Pattern[str], attrs: tuple[str, ...]) -> list[str]:
    """What the scans did before: every element of the body, each attribute tested."""
    return _ids([el for el in tree.xpath("//body//*") if any(pattern.search(el.get(a, "")) for a in attrs)])


@pytest.mark.parametrize(("pattern", "attrs", "expected"), [
    (CAPTION, ("class",), ["a", "c", "d", "f"]),
    (CAPTION, ("class", "id"), ["a", "photo-caption", "c", "d", "f"]),
    (CAPTION, ("id",), ["photo-caption"]),
    (re.compile(r"display\s*:\s*none"), ("style",), ["c"]),
    (re.compile(r"nothing-matches"), ("class", "id"), []),
])
def test_elements_are_those_a_scan_of_every_element_finds_in_document_order(
        pattern: re.Pattern[str], attrs: tuple[str, ...], expected: list[str]) -> None:
    tree = html.document_fromstring(PAGE)
    found = _ids(AttrValues(tree).elements(pattern, attrs))
    assert found == expected == _every_element(tree, pattern, attrs)


def test_the_body_scope_leaves_out_the_root_and_the_body_itself_and_the_page_scope_does_not() -> None:
    tree = html.document_fromstring(PAGE)
    values = AttrValues(tree)
    assert "html" not in _ids(values.elements(CAPTION)) and "body" not in _ids(values.elements(CAPTION))
    assert _ids(values.elements(CAPTION, in_body=False))[:2] == ["html", "body"]


def test_values_read_before_an_edit_still_find_exactly_what_is_in_the_page_after_it() -> None:
    """Values are read once, after the last attribute edit; removals later only make them a superset."""
    tree = html.document_fromstring(PAGE)
    values = AttrValues(tree)
    remove(tree.get_element_by_id("a"))
    remove(tree.get_element_by_id("d").getparent())
    assert _ids(values.elements(CAPTION)) == ["c", "f"] == _every_element(tree, CAPTION, ("class",))


def test_a_condition_matches_the_same_elements_inside_a_bigger_xpath() -> None:
    tree = html.document_fromstring(PAGE)
    condition, variables = AttrValues(tree).condition(CAPTION, ("class", "id"))
    assert _ids(tree.xpath(f"//body//div[{condition}]", **variables)) == ["a", "c", "d", "f"]
    assert AttrValues(tree).condition(re.compile("nothing-matches"), ("class",)) == ("", {})


FIXTURE_PAGES = sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("*/*/page.html"))
CHROME_CASES = """<html><body><header><a id="h">x</a></header><article><header><p id="ah">y</p></header>
<div><nav><span id="n">z</span></nav><p id="story">s</p></div></article><aside><header><b id="ash">w</b></header>
</aside><footer><article><header><i id="fah">v</i></header></article></footer><p id="out">o</p></body></html>"""


def test_in_chrome_is_the_chrome_rule_on_chosen_cases() -> None:
    tree = html.document_fromstring(CHROME_CASES)
    verdicts = {el.get("id"): in_chrome(el) for el in tree.iter() if el.get("id")}
    assert verdicts == {"h": True, "ah": False, "n": True, "story": False, "ash": True, "fah": True, "out": False}


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_in_chrome_agrees_with_the_chrome_xpath_on_every_element(page: Path) -> None:
    """The XPath form stays in use inside bigger queries: the two must never drift apart."""
    tree = parse_html(page.read_text(encoding="utf-8", errors="replace"))
    assert tree is not None
    for el in tree.iter():
        if isinstance(el.tag, str):
            assert in_chrome(el) == bool(el.xpath(CHROME_ANCESTOR)), tree.getroottree().getpath(el)


@pytest.mark.parametrize(("source", "expected"), [
    ("<p>नई दिल्ली, 25 मई (आईएएनएस)। plain text &amp; &#2325; &#x27; &#9; &#10; &#13;</p>", False),
    ("<p>&#65533; &#xFFFD; &#x1F600; &#111; &#32; &amp;#27; &#x;</p>", False),  # near misses
    ("<p>esc\x1bape</p>", True),
    ("<p>&#27;</p>", True),
    ("<p>&#0027</p>", True),  # no semicolon, leading zeros
    ("<p>&#x1B;</p>", True),
    ("<p>&#X0c</p>", True),
    ("<p>&#xFFFE;</p>", True),
    ("<p>&#65535;</p>", True),
])
def test_the_source_check_asks_for_a_scrub_only_when_a_text_may_hold_an_unwritable_character(
        source: str, expected: bool) -> None:
    """The property test shows the check never misses one; this shows it does not ask on ordinary pages."""
    assert may_hold_unwritable(source) is expected


@pytest.mark.parametrize("page", FIXTURE_PAGES[:12], ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_no_fixture_page_asks_for_a_scrub(page: Path) -> None:
    assert not may_hold_unwritable(page.read_text(encoding="utf-8", errors="replace"))
