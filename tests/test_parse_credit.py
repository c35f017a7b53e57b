"""Table-driven tests for newscrawl.parse.credit (photo caption/credit splitting)."""

from __future__ import annotations

import random
import unicodedata

import pytest

from newscrawl.parse.credit import _SLOTLIKE_LABEL_RE, credit_from_alt, split_caption_credit

# (caption, expected caption, expected credit) - caption text only, no credit element.
CAPTION_CASES: list[tuple[str | None, str | None, str | None]] = [
    # --- found by tests/test_properties.py ---
    ("Cafe\u200b\u0301 | Photo: PTI", "Caf\u00e9", "PTI"),  # NFC after the zero-width space goes
    ("PTI Photo | Photo: PTI", None, "PTI"),  # what is left of the caption only names the credit again
    ("सोशल मीडिया। फोटो: सोशल मीडिया", None, "सोशल मीडिया"),
    ("Caption | Arvind Yadav | Photo: Arvind Yadav", "Caption", "Arvind Yadav"),  # the same credit twice
    # --- labelled credit after a separator ---
    ("Elon mask | Photo- ANI", "Elon mask", "ANI"),
    ("caption | Image: Google", "caption", "Google"),
    ("caption - फोटो : IANS", "caption", "IANS"),
    ("caption | फोटो : अमर उजाला", "caption", "अमर उजाला"),
    ("caption। फोटो: अमर उजाला", "caption।", "अमर उजाला"),  # sentence stop stays
    ("caption. Photo: AP", "caption.", "AP"),
    ("caption Photo Credit: Instagram", "caption", "Instagram"),
    ("Flood waters enter homes in Patna, Photo: PTI", "Flood waters enter homes in Patna", "PTI"),
    ("Storm over Mumbai / Photo: Reuters", "Storm over Mumbai", "Reuters"),
    ("Fans celebrate the win — Image Source: X", "Fans celebrate the win", "X"),
    ("Caption Photo: Reuters", "Caption", "Reuters"),
    ("Caption | Photo: X (formerly Twitter)", "Caption", "X (formerly Twitter)"),
    ("Caption | Photo: PTI.", "Caption", "PTI"),
    ("बारिश से जलभराव | तस्वीर साभार: ट्विटर", "बारिश से जलभराव", "ट्विटर"),
    ("सोनिया गांधी तस्वीर: सोशल मीडिया", "सोनिया गांधी", "सोशल मीडिया"),
    # --- labelled credit in brackets ---
    ("कैप्शन ( फोटो- रॉयटर्स)", "कैप्शन", "रॉयटर्स"),
    ("Some caption (Photo: PTI)", "Some caption", "PTI"),
    ("Caption [Photo: PTI]", "Caption", "PTI"),
    ("Caption (Photo/ANI)", "Caption", "ANI"),
    ("Caption (Photo: PTI).", "Caption", "PTI"),
    ("Caption (Photo: PTI", "Caption", "PTI"),  # bracket never closed
    ("Caption (Source: ANI)", "Caption", "ANI"),
    ("Caption (Credit: Getty Images)", "Caption", "Getty Images"),
    ("Caption (Pic courtesy: Twitter)", "Caption", "Twitter"),
    ("Caption (Image courtesy ISRO)", "Caption", "ISRO"),
    ("caption (Image: Instagram/@virat.kohli)", "caption", "Instagram/@virat.kohli"),
    ("Caption (Photo: Amit Kumar/HT)", "Caption", "Amit Kumar/HT"),
    ("कैप्शन (फोटो: एएनआई)", "कैप्शन", "एएनआई"),
    ("Caption (सोशल मीडिया से साभार)", "Caption", "सोशल मीडिया"),
    ("Caption (Representational image: Pixabay)", "Caption", "Pixabay"),
    ("Caption (Photo)", "Caption", None),  # empty label: dropped, no credit
    # --- the whole caption is a credit ---
    ("फोटो: PTI", None, "PTI"),
    ("फोटो साभार: सोशल मीडिया", None, "सोशल मीडिया"),
    ("Image credit: Reuters", None, "Reuters"),
    ("Photo Credits: Twitter", None, "Twitter"),
    ("तस्वीर: सोशल मीडिया", None, "सोशल मीडिया"),
    ("(फोटो सोर्स- सोशल मीडिया)", None, "सोशल मीडिया"),
    ("Pic: X", None, "X"),
    ("Image Source : Twitter", None, "Twitter"),
    ("Courtesy: ISRO", None, "ISRO"),
    ("सौजन्य: इसरो", None, "इसरो"),
    ("Credit: Getty Images", None, "Getty Images"),
    ("Photo :- PTI", None, "PTI"),
    ("फोटो-पीटीआई", None, "पीटीआई"),
    ("PHOTO - ANI", None, "ANI"),
    ("Visuals: ANI", None, "ANI"),
    ("Photo Courtesy: Instagram", None, "Instagram"),
    ("Photograph: Getty", None, "Getty"),
    ("Photos by AFP", None, "AFP"),
    ("चित्र: इसरो", None, "इसरो"),
    ("इमेज क्रेडिट: सोशल मीडिया", None, "सोशल मीडिया"),
    ("फ़ोटो क्रेडिट- इंस्टाग्राम", None, unicodedata.normalize("NFC", "इंस्टाग्राम")),
    ("स्रोत: पीटीआई", None, "पीटीआई"),
    ("इंस्टाग्राम से साभार", None, "इंस्टाग्राम"),
    ("© Reuters", None, "Reuters"),
    ("(PTI)", None, "PTI"),
    ("PTI.", None, "PTI"),
    ("Photo:", None, None),
    # --- credit-slot labels, kept as written ---
    ("File photo", None, "File photo"),
    ("फाइल फोटो", None, "फाइल फोटो"),
    ("कैप्शन (फाइल फोटो)", "कैप्शन", "फाइल फोटो"),
    ("caption (Representational image)", "caption", "Representational image"),
    ("प्रतीकात्मक तस्वीर", None, "प्रतीकात्मक तस्वीर"),
    ("सांकेतिक तस्वीर", None, "सांकेतिक तस्वीर"),
    ("Representative Image", None, "Representative Image"),
    ("Rahul Gandhi (File)", "Rahul Gandhi", "File"),
    ("Caption | File photo", "Caption", "File photo"),
    ("Caption - सांकेतिक तस्वीर", "Caption", "सांकेतिक तस्वीर"),
    ("Caption (Image for representation)", "Caption", "Image for representation"),
    ("Caption (AI Generated Image)", "Caption", "AI Generated Image"),
    ("Caption (Screengrab)", "Caption", "Screengrab"),
    ("कैप्शन (वीडियो ग्रैब)", "कैप्शन", "वीडियो ग्रैब"),
    ("File photo: PTI", None, "PTI"),
    ("फाइल फोटो- पीटीआई", None, "पीटीआई"),
    ("File photo: Rahul Gandhi at a rally in Delhi", "Rahul Gandhi at a rally in Delhi", "File photo"),
    # --- bare trailing sources ---
    ("Caption (AFP)", "Caption", "AFP"),
    ("Caption (Reuters)", "Caption", "Reuters"),
    ("Caption (Getty Images)", "Caption", "Getty Images"),
    ("Caption (Agencies)", "Caption", "Agencies"),
    ("Caption (P.T.I.)", "Caption", "P.T.I."),
    ("Caption (X)", "Caption", "X"),
    ("Caption (AFP via Getty Images)", "Caption", "AFP via Getty Images"),
    ("Caption (Reuters/File)", "Caption", "Reuters/File"),
    ("Caption | PTI", "Caption", "PTI"),
    ("Caption - PTI", "Caption", "PTI"),
    ("Caption / Reuters", "Caption", "Reuters"),
    ("Caption. Reuters", "Caption.", "Reuters"),
    ("Caption © 2024 Reuters", "Caption", "Reuters"),
    # --- "<Org> Photo" credits ---
    ("Caption text.(HT Photo)", "Caption text.", "HT Photo"),
    ("Caption (Express Photo by Praveen Kumar)", "Caption", "Express Photo by Praveen Kumar"),
    ("Caption (Arvind Yadav/HT Photo)", "Caption", "Arvind Yadav/HT Photo"),
    ("Caption (PTI File Photo)", "Caption", "PTI File Photo"),
    ("कैप्शन (पीटीआई फोटो)", "कैप्शन", "पीटीआई फोटो"),
    ("कैप्शन (अमर उजाला फोटो)", "कैप्शन", "अमर उजाला फोटो"),
    # --- several credits ---
    ("Caption (File photo) | Photo: PTI", "Caption", "PTI"),
    # a source beats a label that names none; the label then says what the picture is
    ("Representative image. (Photo: Getty Images)", "Representative image", "Getty Images"),
    ("फाइल फोटो | पीटीआई", None, "पीटीआई"),
    ("Caption (Photo: PTI) | Photo: ANI", "Caption", "PTI, ANI"),
    # --- no credit at all ---
    ("A caption with no credit at all", "A caption with no credit at all", None),
    ("मुख्यमंत्री योगी आदित्यनाथ (बाएं) ने किया उद्घाटन",
     "मुख्यमंत्री योगी आदित्यनाथ (बाएं) ने किया उद्घाटन", None),
    ("Apple iPhone 16 (128GB) review", "Apple iPhone 16 (128GB) review", None),
    ("Virat Kohli (left) and Rohit Sharma (right)", "Virat Kohli (left) and Rohit Sharma (right)", None),
    ("Gold price (per 10 gram)", "Gold price (per 10 gram)", None),
    ("Caption (Team Photo)", "Caption (Team Photo)", None),
    ("कैप्शन (वायरल फोटो)", "कैप्शन (वायरल फोटो)", None),
    ("Caption (बचपन की फोटो)", "Caption (बचपन की फोटो)", None),
    ("Caption (Photo: PTI) and more text", "Caption (Photo: PTI) and more text", None),
    ("Musk posted on X", "Musk posted on X", None),
    ("Caption. X", "Caption. X", None),  # a lone "X" after a full stop is too ambiguous
    ("Vijayawada, AP", "Vijayawada, AP", None),
    ("Photo gallery of the summit", "Photo gallery of the summit", None),
    ("Photo-op at the summit", "Photo-op at the summit", None),
    ("Credit card offers this Diwali", "Credit card offers this Diwali", None),
    ("Courtesy call on the PM", "Courtesy call on the PM", None),
    ("Sources said the minister resigned", "Sources said the minister resigned", None),
    ("Modi in pictures: a look back", "Modi in pictures: a look back", None),
    ("Satellite image: smoke over Delhi", "Satellite image: smoke over Delhi", None),
    ("Rahul Gandhi with his family photo", "Rahul Gandhi with his family photo", None),
    ("सोनिया गांधी की तस्वीर: सोशल मीडिया", "सोनिया गांधी की तस्वीर: सोशल मीडिया", None),
    ("Delhi/NCR", "Delhi/NCR", None),
    ("Photo: Rahul Gandhi addressing a huge rally of farmers in Wayanad on Monday evening",
     "Photo: Rahul Gandhi addressing a huge rally of farmers in Wayanad on Monday evening", None),
    # --- messy input ---
    ("  Elon\u00a0mask\u200b |  Photo-\tANI ", "Elon mask", "ANI"),
    ("Caption &nbsp;| Photo: PTI", "Caption", "PTI"),
    ("\ufeffकैप्शन\u200d (फोटो: एएनआई)\n", "कैप्शन", "एएनआई"),
    ("\u095eोटो: PTI", None, "PTI"),  # precomposed फ़ (U+095E) in the label
    ("", None, None),
    ("   \u00a0\u200b ", None, None),
    (None, None, None),
]

# (caption, credit element, expected caption, expected credit)
ELEMENT_CASES: list[tuple[str | None, str | None, str | None, str | None]] = [
    # --- found by tests/test_properties.py: a caption that is the element's credit with a photo word ---
    ("PTI Photo", "PTI", None, "PTI"),
    ("पीटीआई फोटो", "पीटीआई", None, "पीटीआई"),
    ("Reuters Photo", "Reuters", None, "Reuters"),
    ("फाइल ABP Live", "ABP Live", None, "ABP Live"),
    ("X (PTI)", "PTI", "X", "PTI"),
    ("Caption", "Photo: Reuters", "Caption", "Reuters"),
    ("Caption", "फोटो- सोशल मीडिया", "Caption", "सोशल मीडिया"),
    ("Caption", "Image credit: Getty Images", "Caption", "Getty Images"),
    ("Caption", "Credits:", "Caption", None),
    ("Caption", "© Getty Images", "Caption", "Getty Images"),
    ("Caption", "Amit Kumar/HT Photo", "Caption", "Amit Kumar/HT Photo"),
    ("Caption", "File photo: Amit Kumar", "Caption", "Amit Kumar"),
    ("Caption", "(Photo: PTI)", "Caption", "PTI"),
    ("Caption | Photo: PTI", "PTI", "Caption", "PTI"),
    ("Caption (Amit Kumar)", "Photo- Amit Kumar", "Caption", "Amit Kumar"),
    ("Caption. PTI", "PTI", "Caption.", "PTI"),
    ("Caption (Photo: ANI)", "Photo: PTI", "Caption", "PTI"),  # the element wins
    ("Caption (File photo)", "PTI", "Caption", "PTI"),
    ("Musk posted on X", "X", "Musk posted on X", "X"),  # no delimiter: not a repeat
    ("PTI", "PTI", None, "PTI"),
    (None, "फोटो- सोशल मीडिया", None, "सोशल मीडिया"),
    ("Caption (PTI)", "Photo:", "Caption", "PTI"),  # empty element: the caption's own credit
    ("Caption", "  \u00a0 ", "Caption", None),
]


def _assert_clean(value: str | None) -> None:
    """Outputs are NFC, whitespace-collapsed, trimmed, and never empty."""
    if value is None:
        return
    assert value
    assert value == value.strip()
    assert "  " not in value
    assert value == unicodedata.normalize("NFC", value)
    assert "\u200b" not in value and "\u00a0" not in value


@pytest.mark.parametrize(("caption", "want_caption", "want_credit"), CAPTION_CASES)
def test_split_caption(caption: str | None, want_caption: str | None,
                       want_credit: str | None) -> None:
    got = split_caption_credit(caption)
    assert got == (want_caption, want_credit)
    for part in got:
        _assert_clean(part)


@pytest.mark.parametrize(("caption", "credit", "want_caption", "want_credit"), ELEMENT_CASES)
def test_split_with_credit_element(caption: str | None, credit: str | None,
                                   want_caption: str | None, want_credit: str | None) -> None:
    assert split_caption_credit(caption, credit) == (want_caption, want_credit)


def test_case_count() -> None:
    """The table is the spec; keep it large."""
    assert len(CAPTION_CASES) + len(ELEMENT_CASES) >= 40


def test_output_is_nfc() -> None:
    # "क़" precomposed (U+0958) is not NFC; the caption must come back normalised.
    caption, credit = split_caption_credit("\u0958िला | फोटो: पीटीआई")
    assert caption == unicodedata.normalize("NFC", "\u0958िला")
    assert credit == "पीटीआई"


def test_credit_not_repeated_in_caption() -> None:
    for caption, *_ in CAPTION_CASES:
        got_caption, got_credit = split_caption_credit(caption)
        if got_caption and got_credit:
            assert got_caption.casefold() != got_credit.casefold()
            assert not got_caption.endswith(f"({got_credit})")


def test_idempotent_on_clean_caption() -> None:
    """Splitting an already split caption finds nothing more.

    Except a caption that is only a source-less label ("Representative image", kept as the caption
    because a real source took the credit): alone, such a label is a credit.
    """
    for caption, *_ in CAPTION_CASES:
        got_caption, _credit = split_caption_credit(caption)
        if got_caption and "(" not in got_caption and not _SLOTLIKE_LABEL_RE.fullmatch(got_caption):
            assert split_caption_credit(got_caption) == (got_caption, None)


@pytest.mark.parametrize(
    ("alt", "want"),
    [
        ("Rahul Gandhi in Wayanad | Photo: PTI", ("Rahul Gandhi in Wayanad", "PTI")),
        ("प्रधानमंत्री नरेंद्र मोदी (फाइल फोटो)", ("प्रधानमंत्री नरेंद्र मोदी", "फाइल फोटो")),
        ("image", (None, None)),
        ("फोटो", (None, None)),
        ("IMG_20240514_1234.jpg", (None, None)),
        ("https://example.com/a.png", (None, None)),
        ("thumb-1234", (None, None)),
        (None, (None, None)),
    ],
)
def test_credit_from_alt(alt: str | None, want: tuple[str | None, str | None]) -> None:
    assert credit_from_alt(alt) == want


_FUZZ_PIECES = [
    "(", ")", "[", "]", "|", ":", ":-", "-", "–", "/", ".", "।", " ", "\u00a0", "\u200b",
    "\u200d", "\u093c", "Photo", "फोटो", "PTI", "X", "साभार", "File", "©", "credit", "by",
    "@", "a", "क", "से", "Getty Images", "\n", "&nbsp;",
]


def test_fuzz_never_raises() -> None:
    rng = random.Random(20240514)
    for _ in range(2000):
        text = "".join(rng.choice(_FUZZ_PIECES) for _ in range(rng.randint(0, 25)))
        element = rng.choice([None, "", text[:6], "Photo: PTI", "(", "©"])
        caption, credit = split_caption_credit(text, element)
        for part in (caption, credit):
            assert part is None or isinstance(part, str)
            _assert_clean(part)
        credit_from_alt(text)


@pytest.mark.parametrize("bad", [123, b"Photo: PTI", ["x"], object()])
def test_non_string_input(bad: object) -> None:
    assert split_caption_credit(bad) == (None, None)  # type: ignore[arg-type]
    assert split_caption_credit("Caption", bad) == ("Caption", None)  # type: ignore[arg-type]


def test_long_input_is_survived() -> None:
    """Pathological 50,000-character captions finish and give clean parts (speed: benchmarks, never asserted)."""
    pieces = ["Photo: a ", "(((( ", "| Photo ", "a. b. c. ", "कैप्शन । फोटो "]
    for piece in pieces:
        text = piece * (50_000 // len(piece))
        for part in (*split_caption_credit(text), *split_caption_credit(text, "PTI")):
            assert part is None or part == part.strip()


# Credit forms first missed on real pages nobody here had annotated (issue: lead photo and credit).
NEW_FORMS: list[tuple[str | None, str | None, str | None, str | None]] = [
    ("Photograph: (OTV)", None, None, "OTV"),
    ("ANI photo for representation.", None, None, "ANI"),
    ("Smoke over the city. ANI photo for representation.", None, "Smoke over the city.", "ANI"),
    ("Actor at the event (Image: Instagram/@rashmika)", None, "Actor at the event", "Instagram/@rashmika"),
    (None, "Express Photo", None, "Express Photo"),  # a credit element and no caption at all
    ("Team at the launch. Express Photo by Amit Mehra", None, "Team at the launch.", "Express Photo by Amit Mehra"),
    ("Representational image | Hindustan Times", None, None, "Hindustan Times"),  # site-name credit under a label
    ("Deniz Aytekin / Kevin Voigt/GettyImages", None, "Deniz Aytekin", "Kevin Voigt/GettyImages"),  # name/agency
    ("Minister Rao | John Smith/AFP", None, "Minister Rao", "John Smith/AFP"),
    ("Fans cheer in Delhi/PTI", None, "Fans cheer in Delhi", "PTI"),
    ("Periodos de vacaciones del año escolar. Foto: Andina", None, "Periodos de vacaciones del año escolar.", "Andina"),
    ("Spieler jubeln | Foto: dpa", None, "Spieler jubeln", "dpa"),
    # a named source beats a source-less label
    ("AI boosts cognition [File] | Photo Credit: REUTERS", None, "AI boosts cognition", "REUTERS"),
]


@pytest.mark.parametrize(("caption", "credit", "want_caption", "want_credit"), NEW_FORMS)
def test_new_credit_forms(caption: str | None, credit: str | None, want_caption: str | None,
                          want_credit: str | None) -> None:
    assert split_caption_credit(caption, credit) == (want_caption, want_credit)
