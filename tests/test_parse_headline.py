"""Table-driven tests for newscrawl.parse.headline."""

from __future__ import annotations

import pytest

from newscrawl.parse.headline import choose_headline, clean_text, split_bilingual, strip_site_suffix

CLEAN_CASES: list[tuple[str | None, str | None]] = [
    (None, None),
    ("", None),
    ("  \n\t\u00a0 ", None),
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("&quot;नमस्ते&quot; बोले मंत्री", '"नमस्ते" बोले मंत्री'),
    ("Modi&#39;s visit", "Modi's visit"),
    ("Modi&amp;#39;s visit", "Modi's visit"),  # double-escaped by the CMS
    ("AT&amp;T", "AT&T"),
    ("बारिश\u00a0से\u00a0राहत", "बारिश से राहत"),
    ("दिल्ली\u200b में   ठंड\n", "दिल्ली में ठंड"),
    ("\ufeffशीर्षक", "शीर्षक"),
    ("क्\u200dष और र्\u200dय", "क्\u200dष और र्\u200dय"),  # ZWJ inside a word is kept
    ("पत्\u200cनी", "पत्\u200cनी"),  # ZWNJ inside a word is kept
    ("शीर्षक \u200c", "शीर्षक"),  # a dangling joiner joins nothing
    ("क\u093c", "\u0915\u093c"),  # NFC (क़ stays decomposed)
    ("Cafe\u200b\u0301 news", "Caf\u00e9 news"),  # NFC after the zero-width space goes
    ("शीर्षक \u200c और", "शीर्षक और"),  # a joiner between spaces leaves one space
]


@pytest.mark.parametrize(("text", "expected"), CLEAN_CASES)
def test_clean_text(text: str | None, expected: str | None) -> None:
    assert clean_text(text) == expected


BILINGUAL_CASES: list[tuple[str, str | None]] = [
    (
        "Elon Musk's allegations on WhatsApp: व्हाट्सएप यूजर्स का डेटा हर रात करता है एक्सपोर्ट- एलन मस्क",
        "Elon Musk's allegations on WhatsApp",
    ),
    ("iPhone 16 Launch: भारत में कब से मिलेगा नया फोन, जानें कीमत", "iPhone 16 Launch"),
    ("X Monthly Active Users: एक्स पर सक्रिय यूजर्स की संख्या घटी", "X Monthly Active Users"),
    ("Samsung Galaxy S25 Ultra Review: कैमरा शानदार, बैटरी दमदार", "Samsung Galaxy S25 Ultra Review"),
    ("Budget 2025 &amp; Taxes: नई टैक्स व्यवस्था में क्या बदला", "Budget 2025 & Taxes"),
    ("Chandrayaan-3 : चांद पर उतरा लैंडर, WhatsApp पर बधाइयां", "Chandrayaan-3"),
    ('COVID-19: Trump Talks "Retaliation" If India Rejects Export Of Key Drug', None),
    ("सड़क हादसा:मैनपुरी में ट्रक पलटा, तीन घायल", None),
    ("'30 अगस्त को शादी में आना': WhatsApp पर आया अनोखा न्योता", None),
    ("Apple", None),
    ("Apple नया फोन लाया", None),
    ("LIVE: विधानसभा चुनाव के नतीजे", None),  # a kicker, not an English headline
    ("10:30 बजे: कैबिनेट की बैठक", None),
    ("Stock Market: Sensex up 500 points", None),
    (
        "One two three four five six seven eight nine ten eleven twelve thirteen: हिंदी का शीर्षक यहां",
        None,
    ),
    (": केवल हिंदी", None),
    ("Tech News:", None),
]


@pytest.mark.parametrize(("headline", "expected"), BILINGUAL_CASES)
def test_split_bilingual(headline: str, expected: str | None) -> None:
    assert split_bilingual(headline) == expected


SUFFIX_CASES: list[tuple[str, tuple[str, ...], str]] = [
    ("मानसून ने दी दस्तक - Amar Ujala Hindi News Live", (), "मानसून ने दी दस्तक"),
    ("बारिश से राहत | Jagran", (), "बारिश से राहत"),
    ("शेयर बाजार में उछाल - Navbharat Times", (), "शेयर बाजार में उछाल"),
    ("क्रिकेट: भारत ने सीरीज जीती | हिंदी न्यूज़, Hindi News", (), "क्रिकेट: भारत ने सीरीज जीती"),
    ("दिल्ली में ठंड बढ़ी - Aaj Tak", (), "दिल्ली में ठंड बढ़ी"),
    ("दिल्ली में ठंड बढ़ी - AajTak", (), "दिल्ली में ठंड बढ़ी"),
    ("संसद सत्र आज से - News18 हिंदी", (), "संसद सत्र आज से"),
    ("नई रेल लाइन मंजूर - Hindi News - Aaj Tak", (), "नई रेल लाइन मंजूर"),
    ("गांव में मेला | Gaon Samachar", ("Gaon Samachar",), "गांव में मेला"),
    ("गांव में मेला | Gaon Samachar", (), "गांव में मेला | Gaon Samachar"),
    ("पुल का उद्घाटन | example-news.in", (), "पुल का उद्घाटन"),
    ("IPL 2024 | मुंबई ने जीता मैच", (), "IPL 2024 | मुंबई ने जीता मैच"),
    ("मंत्री बोले - यह झूठी खबर है", (), "मंत्री बोले - यह झूठी खबर है"),
    ("बाजार - Hindustan Zinc के शेयर चढ़े", (), "बाजार - Hindustan Zinc के शेयर चढ़े"),
    ("COVID-19 के नए मामले", (), "COVID-19 के नए मामले"),
    ("Jagran", (), "Jagran"),  # never strip to nothing
    ("  Tom &amp; Jerry लौटे\u00a0- Aaj Tak ", (), "Tom & Jerry लौटे"),
]


@pytest.mark.parametrize(("title", "sites", "expected"), SUFFIX_CASES)
def test_strip_site_suffix(title: str, sites: tuple[str, ...], expected: str) -> None:
    assert strip_site_suffix(title, sites) == expected


CHOOSE_CASES: list[tuple[list[str], dict[str, str | None], str | None]] = [
    # a single visible h1 wins
    (["नदी में बढ़ा जलस्तर"], {"og_title": "नदी में बढ़ा जलस्तर, अलर्ट जारी"}, "नदी में बढ़ा जलस्तर"),
    # logo h1 equal to a known site name is skipped
    (
        ["Amar Ujala", "मानसून ने दी दस्तक"],
        {"title_tag": "मानसून ने दी दस्तक - Amar Ujala Hindi News Live"},
        "मानसून ने दी दस्तक",
    ),
    # logo h1 learnt from the <title> suffix (site not in the built-in list)
    (
        ["Gaon Khabar", "बाढ़ का खतरा बढ़ा"],
        {"og_title": "बाढ़ का खतरा बढ़ा - Gaon Khabar"},
        "बाढ़ का खतरा बढ़ा",
    ),
    # logo h1 from caller-given site names
    (["Desh Darpan", "किसानों को राहत"], {"site_names": ["Desh Darpan"]}, "किसानों को राहत"),
    # several h1s: the one matching the metadata wins
    (
        ["राज्य", "कैबिनेट ने नई नीति को दी मंजूरी", "ताज़ा खबरें और अपडेट यहां देखें"],
        {"ld_headline": "कैबिनेट ने नई नीति को मंजूरी दी"},
        "कैबिनेट ने नई नीति को दी मंजूरी",
    ),
    # h1 differs only in spacing around ':' → keep the h1 as shown
    (
        ["सड़क हादसा:मैनपुरी में ट्रक पलटा"],
        {"og_title": "सड़क हादसा: मैनपुरी में ट्रक पलटा"},
        "सड़क हादसा:मैनपुरी में ट्रक पलटा",
    ),
    # empty and whitespace h1s are skipped; entities decoded
    (["", " \u00a0 ", "Tom &amp; Jerry लौटे"], {}, "Tom & Jerry लौटे"),
    # a short h1 matching nothing is a section label → JSON-LD
    (["देश"], {"ld_headline": "चुनाव आयोग ने तारीखें घोषित कीं"}, "चुनाव आयोग ने तारीखें घोषित कीं"),
    # a real Hindi h1 beats an English SEO og:title it does not resemble
    (
        ["व्हाट्सएप ने जोड़ा नया फीचर, जानें कैसे करें इस्तेमाल"],
        {"og_title": "WhatsApp new feature: how to use it"},
        "व्हाट्सएप ने जोड़ा नया फीचर, जानें कैसे करें इस्तेमाल",
    ),
    # no h1: JSON-LD, then og:title, then <title>, suffixes removed
    (
        [],
        {"ld_headline": "एलडी शीर्षक", "og_title": "ओजी शीर्षक | Jagran", "title_tag": "टाइटल - Aaj Tak"},
        "एलडी शीर्षक",
    ),
    ([], {"og_title": "ओजी शीर्षक | Jagran", "title_tag": "टाइटल - Aaj Tak"}, "ओजी शीर्षक"),
    ([], {"title_tag": "टाइटल शीर्षक - Navbharat Times"}, "टाइटल शीर्षक"),
    (["Aaj Tak"], {}, None),
    ([], {}, None),
    # the <title> part the page shows is cleaned like every other candidate (found by tests/test_properties.py)
    ([], {"title_parts_shown": ["\u0958ानून  बदला "]}, "\u0915\u093cानून बदला"),
]


@pytest.mark.parametrize(("h1s", "meta", "expected"), CHOOSE_CASES)
def test_choose_headline(h1s: list[str], meta: dict[str, object], expected: str | None) -> None:
    assert choose_headline(h1s, **meta) == expected  # type: ignore[arg-type]


def test_without_an_h1_the_title_part_the_page_shows_wins() -> None:
    title = "The Hindu : Business : BSNL offers insurance cover to subscribers"
    assert choose_headline([], title_tag=title,
                           title_parts_shown=["BSNL offers insurance cover to subscribers", "Business"]) == \
        "BSNL offers insurance cover to subscribers"
    # metadata headlines still come first
    assert choose_headline([], og_title="Og headline here", title_tag=title,
                           title_parts_shown=["BSNL offers insurance cover to subscribers"]) == "Og headline here"


def test_an_h1_wrapping_a_dated_byline_keeps_the_headline() -> None:
    h1 = "Murthy says he did not fund the party India, Updated Nov 06, 2012 at 04:03pm IST"
    assert choose_headline([h1], title_tag="Murthy says he did not fund the party India") == \
        "Murthy says he did not fund the party India"
    assert choose_headline(["Budget 2026 explained"], og_title="Budget 2026") == "Budget 2026 explained"


def test_extraction_finds_the_shown_title_part() -> None:
    from newscrawl.extract.page import extract

    page = ("<html><head><title>Lukla Airport to be renamed- Travel-News By Industry-The Daily</title></head><body>"
            "<div>News By Industry</div><p class='heading1'><arttitle>Lukla Airport to be renamed</arttitle><br>"
            "<span>15 Jan, 2008</span></p></body></html>")
    raw = extract("https://e.in/a-2701212.cms", page)
    assert raw.title_parts_shown[0] == "Lukla Airport to be renamed"


def test_page_sized_candidates_are_not_compared_character_by_character(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by tests/test_properties.py: an unclosed <h1> and og:title swallowing the page were compared
    with SequenceMatcher (quadratic: 84 s for 27,000 characters); a key that long is no headline."""
    from newscrawl.parse import headline

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("SequenceMatcher on page-sized text")

    monkeypatch.setattr(headline, "SequenceMatcher", refuse)
    h1 = " ".join(f"शब्द{i % 50}" for i in range(1500))
    og = " ".join(f"खबर{i % 40} शब्द{i % 7}" for i in range(750))
    assert choose_headline([h1], og_title=og) == h1
