"""Body cleaning: table of block sequences → the paragraphs a reader would keep."""

from __future__ import annotations

import pytest

from newscrawl.extract.raw import Block
from newscrawl.parse.body import Context, clean_body, fold

P1 = "सैमसंग ने भारत में अपना नया फोल्डेबल स्मार्टफोन लॉन्च कर दिया है। कंपनी ने इसकी कीमत 1.5 लाख रुपये रखी है।"
P2 = "फोन में 7.6 इंच की मुख्य स्क्रीन दी गई है। इसकी बैटरी 4400mAh की है और यह 45W फास्ट चार्जिंग सपोर्ट करती है।"
P3 = "कंपनी के मुताबिक, फोन की प्री-बुकिंग आज से शुरू हो गई है और डिलीवरी अगले हफ्ते से होगी।"
EN1 = "The company said the new chip is 40 per cent faster than its predecessor and uses less power."
EN2 = "Analysts expect the launch to help the firm win back market share in India's premium segment."


def p(text: str, link_chars: int = 0, kind: str = "p") -> Block:
    return Block(text=text, kind=kind, link_chars=link_chars)


def linked(text: str, kind: str = "p") -> Block:
    return Block(text=text, kind=kind, link_chars=len(text))


CASES: list[tuple[str, list[Block], Context, list[str]]] = [
    ("plain paragraphs stay in order", [p(P1), p(P2), p(P3)], Context(), [P1, P2, P3]),
    ("यह भी पढ़ें line with its linked headline", [p(P1), p("यह भी पढ़ें : नया आईफोन लॉन्च", 20), p(P2)], Context(),
     [P1, P2]),
    ("ये भी पढ़ें with dash", [p(P1), p("ये भी पढ़ें- 5G फोन सस्ते हुए"), p(P2)], Context(), [P1, P2]),
    ("इसे भी पढ़ें", [p(P1), p("इसे भी पढ़ें: यूपीआई के नए नियम"), p(P2)], Context(), [P1, P2]),
    ("और पढ़ें", [p(P1), p("और पढ़ें: एआई से बदलेगा काम"), p(P2)], Context(), [P1, P2]),
    ("पढ़ें spelled without nukta", [p(P1), p("यह भी पढें: टेक न्यूज"), p(P2)], Context(), [P1, P2]),
    ("Also Read in English", [p(EN1), p("Also Read: New phone launched", 18), p(EN2)], Context(), [EN1, EN2]),
    ("READ MORE in capitals", [p(EN1), p("READ MORE | Chip shortage ends"), p(EN2)], Context(), [EN1, EN2]),
    ("inline also-read tail cut from a paragraph", [p(P1 + " यह भी पढ़ें : X पर नया फीचर आया", 15), p(P2)], Context(),
     [P1, P2]),
    ("related heading and its list", [p(P1), p(P2), p("संबंधित खबरें"), p("वनप्लस का नया फोन लॉन्च"),
                                      p("एप्पल ने घटाए दाम"), p("गूगल पिक्सल में नई खराबी")], Context(), [P1, P2]),
    ("related heading in English", [p(EN1), p("Related News"), linked("Google cuts prices"),
                                    linked("Apple event date")], Context(), [EN1]),
    ("trending list items made of links", [p(P1), linked("ट्रेंडिंग खबर एक", "item"), linked("ट्रेंडिंग दो", "item"),
                                           p(P2)], Context(), [P1, P2]),
    ("highlights box before the story", [p("हाइलाइट्स"), p("फोन की कीमत 1.5 लाख", kind="item"),
                                          p("प्री-बुकिंग शुरू", kind="item"), p(P1), p(P2)], Context(), [P1, P2]),
    ("a leading list is a key-points box", [p("कीमत 1.5 लाख रुपये", kind="item"), p("डिलीवरी अगले हफ्ते", kind="item"),
                                             p(P1)], Context(), [P1]),
    ("breadcrumb line", [p("होम > टेक > मोबाइल"), p(P1)], Context(breadcrumbs=("होम", "टेक", "मोबाइल")), [P1]),
    ("repeated headline and summary", [p("सैमसंग का नया फोल्डेबल फोन"), p("फोन की कीमत और फीचर्स जानिए"), p(P1)],
     Context(headline="सैमसंग का नया फोल्डेबल फोन", summary="फोन की कीमत और फीचर्स जानिए"), [P1]),
    ("photo caption with and without credit", [p("सैमसंग का फोन | फोटो: PTI"), p("सैमसंग का फोन"), p(P1)],
     Context(caption="सैमसंग का फोन", credit="PTI"), [P1]),
    ("app and follow promos", [p(P1), p("देश-दुनिया की ताजा खबरों के लिए डाउनलोड करें हमारा ऐप"),
                               p("हमें गूगल न्यूज पर फॉलो करें"), p(P2)], Context(), [P1, P2]),
    ("Track Latest News promo", [p(EN1), p("Track Latest News Live on our site and get updates"), p(EN2)], Context(),
     [EN1, EN2]),
    ("newsletter box", [p(EN1), p("Sign up for our tech newsletter"), p(EN2)], Context(), [EN1, EN2]),
    ("share and copy-link chrome", [p("शेयर"), p("कॉपी लिंक"), p(P1)], Context(), [P1]),
    ("advertisement labels", [p(P1), p("विज्ञापन"), p("Advertisement"), p(P2)], Context(), [P1, P2]),
    ("Tags line", [p(P1), p("Tags: Samsung, Foldable, Smartphone")], Context(), [P1]),
    ("टैग line", [p(P1), p("टैग्स: सैमसंग, स्मार्टफोन")], Context(), [P1]),
    ("disclaimer", [p(P1), p("डिस्क्लेमर: यह जानकारी केवल सामान्य सूचना के लिए है।")], Context(), [P1]),
    ("syndication note", [p(EN1), p("(This story has not been edited by our staff and is auto-generated from a "
                                    "syndicated feed.)")], Context(), [EN1]),
    ("byline stamp inside the article", [p("Updated: Aug 25, 2025 09:06 am IST"), p(EN1)], Context(), [EN1]),
    ("Hindi byline stamp", [p("अपडेटेड: बुधवार, 14 अगस्त 2024 06:45 PM IST"), p(P1)], Context(), [P1]),
    ("byline place and relative time", [p("मुंबई 12 दिन पहले"), p(P1)], Context(), [P1]),
    ("duplicated hidden body copy", [p(P1), p(P2), p(P1), p(P2)], Context(), [P1, P2]),
    ("a data widget at the end", [p(EN1), p(EN2), p(EN1.replace("chip", "modem")), p("World"), p("28,25,140Cases"),
                                  p("18,29,648Active"), p("7,97,826Recovered"), p("Cases worldwide: 28 lakh.")],
     Context(), [EN1, EN2, EN1.replace("chip", "modem")]),
    ("trailing subheading with nothing after", [p(P1), p(P2), p("आगे क्या", kind="head")], Context(), [P1, P2]),
    ("mid-story subheading is body", [p(P1), p("कीमत और उपलब्धता", kind="head"), p(P2)], Context(),
     [P1, "कीमत और उपलब्धता", P2]),
    ("a sentence that mentions reading is body", [p("उन्होंने कहा कि बच्चे अब फोन पर ज्यादा पढ़ते हैं और यह भी पढ़ें कि "
                                                     "यह आदत कैसे बदल रही है, इस पर लंबी बहस जारी है जिसमें शिक्षक, "
                                                     "अभिभावक और विशेषज्ञ सब शामिल हैं और रिपोर्ट में कई आंकड़े दिए गए "
                                                     "हैं जो बताते हैं कि स्क्रीन टाइम लगातार बढ़ रहा है और यह चिंता का "
                                                     "विषय है।")], Context(),
     ["उन्होंने कहा कि बच्चे अब फोन पर ज्यादा पढ़ते हैं और यह भी पढ़ें कि यह आदत कैसे बदल रही है, इस पर लंबी बहस जारी है "
      "जिसमें शिक्षक, अभिभावक और विशेषज्ञ सब शामिल हैं और रिपोर्ट में कई आंकड़े दिए गए हैं जो बताते हैं कि स्क्रीन टाइम "
      "लगातार बढ़ रहा है और यह चिंता का विषय है।"]),
    ("a story paragraph with links in it stays", [p(P1, 12), p(P2, 20)], Context(), [P1, P2]),
    # Story prose that looks like chrome to a careless rule.
    ("how-to steps with click and follow", [p("इसके लिए Settings में जाकर Privacy पर क्लिक करें।"),
                                           p("इसके बाद इन स्टेप्स को फॉलो करें और ऐप को अपडेट करें।")], Context(),
     ["इसके लिए Settings में जाकर Privacy पर क्लिक करें।", "इसके बाद इन स्टेप्स को फॉलो करें और ऐप को अपडेट करें।"]),
    ("subscribers is not subscribe", [p("Netflix के भारत में अब 1 करोड़ से ज्यादा subscribers हो गए हैं।")], Context(),
     ["Netflix के भारत में अब 1 करोड़ से ज्यादा subscribers हो गए हैं।"]),
    ("a sentence starting with रिपोर्ट and a year", [p("रिपोर्ट के मुताबिक, Apple सितंबर 2025 में नया फोन लाएगी।")],
     Context(), ["रिपोर्ट के मुताबिक, Apple सितंबर 2025 में नया फोन लाएगी।"]),
    ("By 2030 is not a byline", [p("By 2030, India will have more than a billion smartphone users, it said.")],
     Context(), ["By 2030, India will have more than a billion smartphone users, it said."]),
    ("Instagram updated is not a stamp", [p("Instagram was updated on Monday with a new teen safety mode.")],
     Context(), ["Instagram was updated on Monday with a new teen safety mode."]),
    ("a sentence that starts like the caption stays", [p("iPhone 16 की कीमत 79,900 रुपये से शुरू होती है।")],
     Context(caption="iPhone 16", credit="Apple"), ["iPhone 16 की कीमत 79,900 रुपये से शुरू होती है।"]),
    ("a linked subscribe call to action goes", [p(EN1), linked("Subscribe to our YouTube channel"), p(EN2)],
     Context(), [EN1, EN2]),
    ("QR app promo", [p(P1), p("ऐप डाउनलोड करने के लिए QR स्कैन करें")], Context(), [P1]),
    ("prose about downloading an app stays", [p("नया सिस्टम नेटवर्क स्तर पर काम करेगा। इसके लिए यूजर को कोई ऐप डाउनलोड "
                                                "करने की जरूरत नहीं होगी।")], Context(),
     ["नया सिस्टम नेटवर्क स्तर पर काम करेगा। इसके लिए यूजर को कोई ऐप डाउनलोड करने की जरूरत नहीं होगी।"]),
    ("a long newsletter box", [p(EN1), p("Get the best of our site delivered to your inbox - subscribe to the morning "
                                         "briefing. Follow us on Twitter, Instagram, Facebook, Telegram and YouTube, "
                                         "and stay in the know with what is happening in the world around you, in "
                                         "real time.", 40)], Context(), [EN1]),
]


@pytest.mark.parametrize(("blocks", "context", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_clean_body(blocks: list[Block], context: Context, expected: list[str]) -> None:
    assert clean_body(blocks, context) == expected


def test_there_are_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize(("a", "b"), [("पढ़ें", "पढें"), ("पढ़ें", "पढें"), ("ज़रूर", "जरूर"),
                                      ("Also  Read", "also read"), ("स\u200dमस्या", "समस्या")])
def test_fold_ignores_nukta_case_and_joiners(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_empty_input() -> None:
    assert clean_body([]) == []
    assert clean_body([p("   "), p("।")]) == []


JA1 = "東京都は二十五日、新しい通信網の整備計画を発表した。"
JA2 = "来年度中にすべての区市町村で利用できるようにすると明らかにした。"
ZH1 = "桃園機場昨天凌晨發生墜樓事件，警方正在調查原因。"
REFRAIN = "सवाल: क्या यह सुरक्षित है?"
EN_PROSE = ("Customers can sign up for the new broadband plan from Monday, the company said, adding that the first "
            "three months would be free for students and senior citizens in rural areas.")

# Rules keyed on structure and position, measured per script (issue: body recall and leaks).
STRUCTURE_CASES: list[tuple[str, list[Block], Context, list[str]]] = [
    ("Japanese paragraphs are not stub lines", [p(JA1), p(JA2)], Context(), [JA1, JA2]),
    ("a one-sentence Chinese story survives the tail trim", [p(ZH1)], Context(), [ZH1]),
    ("an inline image's caption printed as a body line", [p(P1), p("गांव में बाढ़ का दृश्य"), p(P2)],
     Context(captions=("गांव में बाढ़ का दृश्य",)), [P1, P2]),
    ("the caption followed by its credit", [p(P1), p("गांव में बाढ़ का दृश्य। फोटो: पीटीआई"), p(P2)],
     Context(captions=("गांव में बाढ़ का दृश्य",)), [P1, P2]),
    ("a line that legitimately repeats stays", [p(P1), p(REFRAIN), p(P2), p(REFRAIN), p(P3)], Context(),
     [P1, REFRAIN, P2, REFRAIN, P3]),
    ("a second copy of the story goes", [p(P1), p(P2), p(P3), p(P1), p(P2), p(P3)], Context(), [P1, P2, P3]),
    ("a long repeated paragraph is a copy", [p(EN_PROSE), p(EN1), p(EN_PROSE)], Context(), [EN_PROSE, EN1]),
    ("promo words inside real prose stay", [p(EN1), p(EN_PROSE)], Context(), [EN1, EN_PROSE]),
    ("a short sign-up promo goes", [p(EN1), p("Sign up for our daily tech newsletter"), p(EN2)], Context(),
     [EN1, EN2]),
    ("real-time update promo goes", [p(EN1), p("Get real-time updates and result insights on the exam here."),
                                     p(EN2)], Context(), [EN1, EN2]),
    ("site promo footer goes", [p(EN1), p("Visit our tech desk for the latest on gadgets, apps and the internet.")],
     Context(), [EN1]),
    ("opinion disclaimer goes", [p(EN1), p(EN2), p("Views expressed above are the author's own.")], Context(),
     [EN1, EN2]),
    ("investment disclaimer goes", [p(EN1), p("Please consult a certified financial advisor before making any "
                                              "investment decision.")], Context(), [EN1]),
    ("copyright line goes", [p(EN1), p("Copyright © 2008 Example Media Limited. All rights reserved.")], Context(),
     [EN1]),
]


@pytest.mark.parametrize(("name", "blocks", "context", "expected"), STRUCTURE_CASES,
                         ids=[c[0] for c in STRUCTURE_CASES])
def test_structure_rules(name: str, blocks: list[Block], context: Context, expected: list[str]) -> None:
    assert clean_body(blocks, context) == expected


@pytest.mark.parametrize("line", [
    "뉴스 > 경제 > 기업·CEO",
    "Home / India / Politics",
    "Submitted on Mon, 2019-01-21 13:49",
    "見出し、記事、写真の無断転載を禁じます Copyright © The Daily.",
    "© 2013 Example Network. Example Systems, Inc.",
])
def test_page_furniture_lines_go(line: str) -> None:
    assert clean_body([p(EN1), p(line), p(EN2)]) == [EN1, EN2]


def test_more_from_this_section_heading_ends_the_story() -> None:
    blocks = [p(P1), p(P2), p("इस सेक्शन से और.."), p("काबुल में धमाका, कई लोगों की मौत"), p("पाकिस्तान में चुनाव की तारीख तय")]
    assert clean_body(blocks) == [P1, P2]
