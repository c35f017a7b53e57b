"""Article text as blocks, via trafilatura plus a container walker for selector overrides.

trafilatura removes navigation and most related-story lists on pages it has
never seen; its XML output keeps paragraph, heading, list and link structure,
which the body-cleaning step needs (link density, "यह भी पढ़ें" lines).
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree, html

from newscrawl.extract.raw import Block

_WS = re.compile(r"\s+")
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "ul", "ol",
     "table", "figure", "header", "footer", "aside", "main", "pre", "dl", "dd", "dt"}
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "iframe", "svg", "button", "form", "figure", "figcaption",
                        "template", "select", "input", "textarea", "video", "audio", "object", "embed"})


def collapse(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def trafilatura_blocks(tree: html.HtmlElement, headline: str | None = None, *, fallbacks: bool = True) -> list[Block]:
    """Blocks of the main text as trafilatura sees it (data tables as rows; comments and images excluded).

    trafilatura's default mode sometimes returns a whole table-layout page as
    one block (menus, headline and all). Then its recall mode, which scores
    paragraphs differently, is asked instead.
    """
    blocks = _run_trafilatura(tree, favor_recall=False, fallbacks=fallbacks)
    if _degenerate(blocks, headline):
        recall = _run_trafilatura(tree, favor_recall=True, fallbacks=fallbacks)
        if recall and not _degenerate(recall, headline):
            return recall
    return blocks


_PIPE_RUN = re.compile(r"(?:\s\|\s[^|]{1,40}){6,}")


def _degenerate(blocks: list[Block], headline: str | None) -> bool:
    """Output that is page chrome glued together: pipe-separated menus, or the headline inside a huge block."""
    for block in blocks[:3]:
        words = len(block.text.split())
        if _PIPE_RUN.search(block.text):
            return True
        if headline and words > 150 and collapse(headline) in block.text:
            return True
    return False


def _run_trafilatura(tree: html.HtmlElement, *, favor_recall: bool, fallbacks: bool) -> list[Block]:
    # trafilatura copies a tree it is given and only resolves link targets (which nothing here reads) with a URL.
    xml = trafilatura.extract(
        tree,
        url=None,
        output_format="xml",
        include_links=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=False,
        deduplicate=False,
        favor_recall=favor_recall,
        fast=not fallbacks,
    )  # an exception here propagates: the caller counts it as failed/extract, never as "not an article"
    if not xml:
        return []
    try:
        doc = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return []
    if doc is None:
        return []
    main = doc.find("main")
    if main is None:
        return []
    blocks: list[Block] = []
    _walk_xml(main, blocks)
    return blocks


def _walk_xml(el: etree._Element, out: list[Block]) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("p", "head", "quote"):
            kind = {"p": "p", "head": "head", "quote": "quote"}[tag]
            out.extend(_split_lines(child, kind))
        elif tag == "list":
            for item in child.iter("item"):
                out.extend(_split_lines(item, "item"))
        elif tag in ("div", "main", "section"):
            _walk_xml(child, out)
        # graphics, code: not article prose
        if child.tail and child.tail.strip() and tag not in ("p", "head", "quote", "list"):
            out.append(Block(collapse(child.tail)))


def _split_lines(el: etree._Element, kind: str) -> list[Block]:
    """Split a block at <lb/>: many Indian sites separate paragraphs with <br> only."""
    parts: list[list[tuple[str, bool]]] = [[]]

    def visit(node: etree._Element, in_link: bool) -> None:
        if node.text:
            parts[-1].append((node.text, in_link))
        for sub in node:
            subtag = sub.tag if isinstance(sub.tag, str) else ""
            if subtag == "lb":
                parts.append([])
            else:
                visit(sub, in_link or subtag == "ref")
            if sub.tail:
                parts[-1].append((sub.tail, in_link))

    visit(el, False)
    return [b for b in (_block(p, kind) for p in parts) if b.text]


# Marks a paragraph that clean.rows_as_paragraphs made from a data-table row: it comes back as a "row" block.
ROW_MARK = "\ue000"


def _block(pieces: list[tuple[str, bool]], kind: str) -> Block:
    text = collapse("".join(t for t, _ in pieces))
    if ROW_MARK in text:
        text, kind = collapse(text.replace(ROW_MARK, "")), "row"
    link = collapse("".join(t for t, in_link in pieces if in_link))
    return Block(text=text, kind=kind, link_chars=len(link))


def _dom_row(tr: html.HtmlElement) -> list[Block]:
    """A table row of a known body container (a layout table the story sits in), cells joined by " | "."""
    cells = [visible_text(cell) for cell in tr.xpath("./td | ./th")]
    cells = [c for c in cells if c]
    if not cells:
        return []
    links = sum(len(collapse(a.text_content())) for a in tr.xpath(".//a"))
    return [Block(" | ".join(cells), kind="row", link_chars=links)]


def reach(chars: int) -> str:
    """An XPath predicate false when ``visible_text`` of the element is surely shorter than ``chars``.

    visible_text keeps a subset of the element's text and adds at most two
    spaces per element, so the string length plus twice the element count
    bounds it: a scan rules most short elements out in C, before Python sees them.
    """
    return f"string-length(.) + 2 * count(.//*) + 2 >= {int(chars)}"


_NOT_SHOWN = frozenset({"script", "style", "noscript", "template"})


def visible_text(el: html.HtmlElement) -> str:
    """Text as a reader sees it: inline pieces joined without added spaces, <br> and blocks as spaces."""
    if not len(el):  # most elements asked about (links, cells, captions) hold text alone
        return "" if el.tag in _NOT_SHOWN else collapse(el.text)
    parts: list[str] = []

    def visit(node: html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _NOT_SHOWN:
            return
        if tag == "br" or tag in _BLOCK_TAGS:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for sub in node:
            visit(sub)
            if sub.tail:
                parts.append(sub.tail)
        if tag in _BLOCK_TAGS:
            parts.append(" ")

    visit(el)
    return collapse("".join(parts))


def container_blocks(container: html.HtmlElement) -> list[Block]:
    """Blocks of a known body container (profile selector override), walked in document order."""
    blocks: list[Block] = []
    pieces: list[tuple[str, bool]] = []

    def flush(kind: str = "p") -> None:
        if pieces:
            block = _block(pieces, kind)
            if block.text:
                blocks.append(block)
            pieces.clear()

    def visit(node: html.HtmlElement, in_link: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br":
            flush()
            return
        if tag == "tr":
            flush()
            blocks.extend(_dom_row(node))
            return
        is_block = tag in _BLOCK_TAGS or tag == "caption"
        if is_block:
            flush()
        if node.text:
            pieces.append((node.text, in_link or tag == "a"))
        for sub in node:
            visit(sub, in_link or tag == "a")
            if sub.tail:
                pieces.append((sub.tail, in_link or tag == "a"))
        if is_block:
            kind = "head" if tag in ("h2", "h3", "h4", "h5", "h6", "caption") else "item" if tag == "li" else "p"
            flush(kind)

    visit(container, False)
    flush()
    return blocks
