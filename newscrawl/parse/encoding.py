"""Mojibake: UTF-8 text that was once read as windows-1252 ("à¤¨" for "न", "â€™" for "’").

Pages carry it when a CMS double-encoded them upstream, whatever charset the
crawler picks. Runs of such characters that turn back into valid UTF-8 are
repaired in place; a record that still holds replacement characters or
mojibake afterwards is not exported (validate: bad_encoding).
"""

from __future__ import annotations

import re

__all__ = ["has_bad_encoding", "repair_mojibake"]

# Characters UTF-8 bytes become when read as windows-1252, in runs of two or more.
_LATIN_RUN = re.compile("[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                        "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")


def _repaired(run: str) -> str | None:
    """The UTF-8 text a windows-1252 run stood for, or None when it is just Latin text."""
    try:
        text = run.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return text if any(ord(ch) > 0x7F for ch in text) else None


def repair_mojibake(text: str | None) -> str | None:
    """Every run that round-trips to valid UTF-8 replaced by what it stood for ("Â©" → "©")."""
    if not text:
        return text
    return _LATIN_RUN.sub(lambda m: _repaired(m.group()) or m.group(), text)


def has_bad_encoding(text: str | None) -> bool:
    """Replacement characters, or mojibake left in the text."""
    if not text:
        return False
    return "\ufffd" in text or any(_repaired(run) for run in _LATIN_RUN.findall(text))
