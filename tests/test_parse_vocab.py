"""The parse vocabulary (newscrawl/parse/data/ read through newscrawl.parse.vocab).

Every list lives once, as data; these tests keep the files well formed and prove the rules
share them: a spelling added to a file reaches every rule that reads it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from newscrawl.extract.raw import Block
from newscrawl.parse import vocab
from newscrawl.parse.body import clean_body
from newscrawl.parse.credit import split_caption_credit
from newscrawl.parse.dateline import is_agency, split_dateline
from newscrawl.parse.dates import parse_datetime
from newscrawl.parse.headline import strip_site_suffix

from .conftest import ROOT

DATA = vocab.DATA_DIR
FILES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".txt", ".tsv"))


def _header(name: str) -> str:
    """The opening comment block of a data file, as one line of prose."""
    block = (DATA / name).read_text(encoding="utf-8").split("\n\n")[0]
    return " ".join(line.lstrip("#").strip() for line in block.splitlines())


CUE_FILES = sorted(name for name in FILES if name.endswith(".txt") and "regex fragment" in _header(name))
# Files whose second field is a set of tags; the tags each file may use.
TAGS = {
    "agencies.txt": {"ambiguous"},
    "platforms.txt": {"ambiguous"},
    "publishers.txt": {"ambiguous", "dateline"},
    "credit_labels.tsv": {"photo", "photo_hi", "credit", "credit_hi", "file", "file_hi", "representational",
                          "symbolic", "representational_hi", "label"},
    "timestamp_labels.tsv": {"published", "modified"},
    "day_parts.tsv": {"am", "pm", "evening", "night"},
}
SOURCE_FILES = ("agencies.txt", "platforms.txt", "publishers.txt")
DEVANAGARI = re.compile("[\u0900-\u097f]")


def test_data_dir_holds_the_expected_files() -> None:
    for name in ("months.tsv", "weekdays.txt", "agencies.txt", "desks.txt", "publishers.txt", "platforms.txt",
                 "places.txt", "read_more.txt", "chrome_lines.txt", "day_parts.tsv"):
        assert name in FILES
    body_cues = ("read_more", "related_headings", "highlights_headings", "tail_headings", "tag_labels", "promo",
                 "promo_short", "footer", "media_labels", "app_promo", "call_to_action", "disclaimer", "syndication",
                 "byline_stamp", "byline_label")
    assert sorted(f"{cue}.txt" for cue in body_cues) == CUE_FILES


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_a_header(name: str) -> None:
    assert (DATA / name).read_text(encoding="utf-8").startswith("# "), "each file opens with what it is"
    header = _header(name)
    assert "parse/" in header and "Format" in header, "the header names its reader and its format"
    assert vocab.rows(name), "no entries"
    for row in vocab.rows(name):
        assert all(row), f"empty field in {row!r}"
        assert len(row) <= 2, f"at most one attribute field: {row!r}"


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_entries(name: str) -> None:
    rows = vocab.rows(name)
    # A regex fragment may serve two roles in credit_labels.tsv; anywhere else an entry is listed once.
    keys = rows if name == "credit_labels.tsv" else [row[0] for row in rows]
    assert [k for k, n in Counter(keys).items() if n > 1] == []


@pytest.mark.parametrize("name", FILES)
def test_every_line_is_nfc(name: str) -> None:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        assert unicodedata.is_normalized("NFC", line), repr(line)


@pytest.mark.parametrize("name", sorted(TAGS))
def test_tags_are_known(name: str) -> None:
    for row in vocab.rows(name):
        if len(row) > 1:
            assert set(row[1].split(",")) <= TAGS[name], row


@pytest.mark.parametrize("name", [*CUE_FILES, "credit_labels.tsv", "timestamp_labels.tsv"])
def test_regex_fragments_compile_without_groups(name: str) -> None:
    for fragment in vocab.words(name):
        assert re.compile(fragment).groups == 0, fragment  # groups would shift the rules' own
    assert re.compile(vocab.cue_pattern(name))


def test_months_cover_every_month_in_both_languages() -> None:
    months = vocab.months()
    assert set(months.values()) == set(range(1, 13))
    for number in range(1, 13):
        names = [n for n, m in months.items() if m == number]
        assert any(DEVANAGARI.search(n) for n in names), number
        assert any(n.isascii() and n.isalpha() for n in names), number
    assert all(n == n.lower() for n in months if n.isascii()), "English names in lower case"
    assert {"फरवरी", "फ़रवरी", "फरबरी", "अप्रील", "अक्टुबर", "sept"} <= set(months)


def test_months_file_rejects_a_bad_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "months.tsv").write_text("# test\nजनवरी\t13\n", encoding="utf-8")
    monkeypatch.setattr(vocab, "DATA_DIR", tmp_path)
    vocab.rows.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"months\.tsv"):
            vocab.months()
    finally:
        monkeypatch.undo()
        vocab.rows.cache_clear()


def test_weekdays_and_day_parts() -> None:
    assert len([w for w in vocab.weekdays() if w.isascii()]) == 7
    assert {"सोमवार", "रविवार", "बृहस्पतिवार"} <= set(vocab.weekdays())
    parts = vocab.day_parts()
    assert all(parts.values()) and "शाम" in parts["evening"]


def test_a_source_is_listed_in_one_file_only() -> None:
    seen = Counter(name for file in SOURCE_FILES for name in vocab.words(file))
    assert [name for name, n in seen.items() if n > 1] == []
    assert set(vocab.ambiguous_sources()) <= set(seen)


def test_package_data_ships_every_data_file() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["newscrawl"]
    for name in FILES:
        assert any(Path("parse/data", name).match(p) for p in patterns), name


# --- one list, every rule -------------------------------------------------------------------


STORY = "खबर का पहला अनुच्छेद काफी लंबा है ताकि यह कहानी का हिस्सा माना जाए और हटे नहीं।"


@pytest.mark.parametrize("name", list(vocab.months()))
def test_every_month_spelling_is_read_by_dateline_dates_and_body(name: str) -> None:
    number = vocab.months()[name]
    published = parse_datetime(f"5 {name} 2024")
    assert published is not None and published.month == number
    dateline, rest = split_dateline(f"पटना, 5 {name} (भाषा)। खबर", date(2024, number, 6))
    assert dateline is not None and dateline.date == f"2024-{number:02d}-05"
    assert rest == "खबर"
    assert clean_body([Block(text=f"अपडेटेड: 5 {name} 2024"), Block(text=STORY)]) == [STORY]  # a byline stamp


@pytest.mark.parametrize("name", vocab.agencies())
def test_every_agency_is_a_dateline_credit_and_a_photo_credit(name: str) -> None:
    assert is_agency(name)
    assert split_caption_credit(f"मंच पर नेता ({name})") == ("मंच पर नेता", name)


@pytest.mark.parametrize("name", vocab.publishers())
def test_every_publisher_is_a_title_suffix_and_a_photo_credit(name: str) -> None:
    assert strip_site_suffix(f"मंच पर नेता का भाषण - {name}") == "मंच पर नेता का भाषण"
    assert split_caption_credit(f"मंच पर नेता ({name})") == ("मंच पर नेता", name)


_PROBE = """
import json, sys
from pathlib import Path
from newscrawl.parse import vocab
vocab.DATA_DIR = Path(sys.argv[1])
from datetime import date
from newscrawl.extract.raw import Block
from newscrawl.parse.body import clean_body
from newscrawl.parse.dateline import split_dateline
from newscrawl.parse.dates import parse_datetime
dateline, _ = split_dateline("पटना, 5 ऑगस्ट (भाषा)। खबर", date(2024, 8, 6))
body = clean_body([Block(text="अपडेटेड: 5 ऑगस्ट 2024"), Block(text=sys.argv[2])])
print(json.dumps([str(parse_datetime("5 ऑगस्ट 2024")), dateline and dateline.date, body]))
"""


def test_a_month_added_to_the_file_reaches_every_rule(tmp_path: Path) -> None:
    """One list: a new spelling in months.tsv is read by the dateline, date and byline-stamp rules alike.

    Runs in a fresh interpreter so the rules build their patterns from the edited copy of data/.
    """
    stamp = "अपडेटेड: 5 ऑगस्ट 2024"
    assert parse_datetime("5 ऑगस्ट 2024") is None  # not a listed spelling today
    assert split_dateline("पटना, 5 ऑगस्ट (भाषा)। खबर", date(2024, 8, 6))[0] is None
    assert clean_body([Block(text=stamp), Block(text=STORY)]) == [stamp, STORY]
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "months.tsv").open("a", encoding="utf-8") as f:
        f.write("ऑगस्ट\t8\n")
    done = subprocess.run([sys.executable, "-c", _PROBE, str(data), STORY], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    published, dateline_date, body = json.loads(done.stdout)
    assert published == "2024-08-05 00:00:00+05:30"
    assert dateline_date == "2024-08-05"
    assert body == [STORY]  # the stamp line is recognised as a byline and dropped
