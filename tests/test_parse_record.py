"""Assembling the record: where the story starts, which date wins, which caption is used."""

from __future__ import annotations

from datetime import datetime

import pytest

from newscrawl.extract.raw import DateCandidate, RawArticle
from newscrawl.parse.dateline import split_dateline
from newscrawl.parse.dates import IST
from newscrawl.parse.record import build_photo, cut_dateline, resolve_dates

PUB = datetime(2025, 5, 3, 10, 0, tzinfo=IST)
STORY = "कंपनी ने मंगलवार को अपना नया स्मार्टफोन लॉन्च किया और इसकी कीमत 15,999 रुपये रखी गई है।"


def test_dateline_in_the_first_block() -> None:
    dateline, paras = cut_dateline([f"नई दिल्ली, 3 मई (भाषा)। {STORY}", STORY], PUB)
    assert dateline is not None and dateline.agency == "भाषा" and dateline.date == "2025-05-03"
    assert paras == [STORY, STORY]


def test_a_dek_and_byline_before_the_dateline_go() -> None:
    dek = "सरकार ने नई नीति का ऐलान किया"
    dateline, paras = cut_dateline([dek, "Edited by X", "NEW DELHI:", STORY], PUB)
    assert dateline is not None and dateline.place == "NEW DELHI"
    assert paras == [STORY]


@pytest.mark.parametrize("label", ["PHAGWARA:", "WHATSAPP:", "PRICE:", "भारत:"])
def test_a_caps_label_later_in_the_body_does_not_cut_the_opening(label: str) -> None:
    opening = ["पहला छोटा पैराग्राफ है।", "दूसरा छोटा पैराग्राफ है।"]
    dateline, paras = cut_dateline([*opening, f"{label} {STORY}"], PUB)
    assert dateline is None
    assert paras[:2] == opening


def test_unknown_caps_town_is_a_dateline_only_at_the_start() -> None:
    assert split_dateline("PHAGWARA: Police arrested two men.")[0] is not None
    assert split_dateline("PHAGWARA: Police arrested two men.", strict=True)[0] is None


def raw_with(*dates: tuple[str, str, str]) -> RawArticle:
    return RawArticle(url="https://e.in/x", dates=[DateCandidate(*d) for d in dates])


def test_trust_order_of_dates() -> None:
    published, modified = resolve_dates(raw_with(
        ("published", "meta", "2025-05-03T09:00:00+05:30"),
        ("published", "jsonld", "2025-05-03T08:00:00+05:30"),
        ("modified", "jsonld", "2025-05-04T08:00:00+05:30"),
    ))
    assert published == datetime(2025, 5, 3, 8, 0, tzinfo=IST)
    assert modified == datetime(2025, 5, 4, 8, 0, tzinfo=IST)


def test_a_precise_time_beats_a_date_only_value_of_the_same_day() -> None:
    published, _ = resolve_dates(raw_with(
        ("published", "jsonld", "2025-05-03"),
        ("published", "meta", "2025-05-03T09:15:00+05:30"),
    ))
    assert published == datetime(2025, 5, 3, 9, 15, tzinfo=IST)


def test_visible_stamps_are_the_last_resort() -> None:
    published, modified = resolve_dates(raw_with(
        ("visible", "visible", "प्रकाशित: 14 अगस्त 2024 11:05 AM IST अपडेटेड: 14 अगस्त 2024 06:45 PM IST"),
    ))
    assert published == datetime(2024, 8, 14, 11, 5, tzinfo=IST)
    assert modified == datetime(2024, 8, 14, 18, 45, tzinfo=IST)


@pytest.mark.parametrize(
    ("alt", "caption"),
    [
        ("UPI Lite की नई सीमा", "UPI Lite की नई सीमा"),
        ("IMG_20240525_1234.jpg", None),
        ("news-thumb-1234", None),
        ("https://cdn.e.in/img/1.jpg", None),
        ("नया फोन", None),  # repeats the headline
    ],
)
def test_alt_text_as_caption_only_when_it_is_a_caption(alt: str, caption: str | None) -> None:
    raw = RawArticle(url="https://e.in/x", image_url="https://cdn.e.in/1.jpg", image_alt=alt)
    photo = build_photo(raw, "नया फोन")
    assert photo is not None and photo.caption == caption
