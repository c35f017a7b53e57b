"""Class and id tests shared by every scan: one regex verdict per distinct attribute value, remembered.

A page has thousands of classed elements but only hundreds of distinct class
strings, and a site repeats them on every page; each scan over the tree (embeds,
bylines, captions, standfirsts, players) asks a cache instead of running its
regex again. The verdict is a pure function of the pattern and the string.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=8192)  # distinct class strings of a site number in the hundreds
def matches(pattern: re.Pattern[str], value: str) -> bool:
    """Whether ``pattern`` is found in ``value`` (re.search), remembered per (pattern, value)."""
    return pattern.search(value) is not None
