"""Class and id tests shared by every scan: one regex verdict per distinct attribute value, remembered.

A page has thousands of classed elements but only hundreds of distinct class
strings, and a site repeats them on every page; each scan over the tree (embeds,
bylines, captions, standfirsts, players) asks a cache instead of running its
regex again. The verdict is a pure function of the pattern and the string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lxml import etree


@lru_cache(maxsize=32768)  # a site's distinct class strings number in the hundreds; a mixed replay, more
def matches(pattern: re.Pattern[str], value: str) -> bool:
    """Whether ``pattern`` is found in ``value`` (re.search), remembered per (pattern, value)."""
    return pattern.search(value) is not None


_VALUES = {name: etree.XPath(f"//@{name}", smart_strings=False) for name in ("class", "id", "style", "src")}


class AttrValues:
    """The distinct class, id, style and src values of a page, read once in C.

    A scan for a cue (a caption class, a byline id, a player) used to loop in
    Python over every classed element; now it tests each distinct value once and
    asks the tree, in one XPath, for the elements holding a value that matched.
    Most cues match nothing on most pages, so most scans end at the distinct
    values. Read after the last attribute edit (``make_writable``): later edits
    only remove elements or add ones without these attributes, so the values
    stay a superset and a query on the current tree stays exact.
    """

    def __init__(self, tree: etree._Element) -> None:
        self.values = {name: frozenset(read(tree)) for name, read in _VALUES.items()}
        self.tree = tree

    def hits(self, attr: str, test: Callable[[str], bool]) -> list[str]:
        """The distinct values of ``attr`` that pass ``test``."""
        return [value for value in self.values[attr] if test(value)]

    def matching(self, attr: str, pattern: re.Pattern[str]) -> list[str]:
        """The distinct values of ``attr`` in which ``pattern`` is found.

        Class and id values repeat across a site's pages, so their verdicts are
        remembered; styles and sources mostly do not repeat, so they are searched.
        """
        if attr in ("class", "id"):
            return [value for value in self.values[attr] if matches(pattern, value)]
        search = pattern.search
        return [value for value in self.values[attr] if search(value) is not None]

    def condition(self, pattern: re.Pattern[str], attrs: tuple[str, ...]) -> tuple[str, dict[str, str]]:
        """An XPath condition (with its variables) true for elements whose ``attrs`` match ``pattern``; "" for none."""
        names, variables = _numbered({attr: self.matching(attr, pattern) for attr in attrs})
        return " or ".join(f"@{attr}=${name}" for attr in names for name in names[attr]), variables

    def elements(self, pattern: re.Pattern[str], attrs: tuple[str, ...] = ("class",), *,
                 in_body: bool = True) -> list[Any]:
        """Elements with an attribute of ``attrs`` matching ``pattern``, in document order, inside the body
        (as ``//body//*``) or anywhere in the page."""
        return self.holding({attr: self.matching(attr, pattern) for attr in attrs}, in_body=in_body)

    def holding(self, found: dict[str, list[str]], *, in_body: bool = True) -> list[Any]:
        """Elements holding one of the given values (per attribute), in document order.

        The XPath reaches them from their attributes: libxml2 then compares only
        attribute values, about a tenth of the time of a predicate on every element.
        """
        path, variables = self.path_of(found, in_body=in_body)
        return self.tree.xpath(path, **variables) if path else []

    @staticmethod
    def path_of(found: dict[str, list[str]], *, in_body: bool = True) -> tuple[str, dict[str, str]]:
        """An XPath to the elements holding one of the given values, and its variables ("" for none)."""
        scope = "//body/descendant::*/" if in_body else "//"
        names, variables = _numbered(found)
        paths = [f"{scope}@{attr}[{' or '.join(f'. = ${name}' for name in names[attr])}]/.." for attr in names]
        return " | ".join(paths), variables


def _numbered(found: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """XPath variable names for the values (per attribute, attributes without values left out), and the variables."""
    names: dict[str, list[str]] = {}
    variables: dict[str, str] = {}
    for attr, values in found.items():
        for value in values:
            name = f"v{len(variables)}"
            variables[name] = value
            names.setdefault(attr, []).append(name)
    return names, variables
