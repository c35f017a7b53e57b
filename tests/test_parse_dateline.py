"""Table tests for newscrawl.parse.dateline.

Every row is (paragraph, published, expected Dateline or None, expected rest).
The example sentences are invented; only the dateline shapes mirror real sites.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from newscrawl.items import Dateline
from newscrawl.parse import dateline as dateline_mod
from newscrawl.parse.dateline import is_agency, is_known_place, split_dateline

IST = dt.timezone(dt.timedelta(hours=5, minutes=30), "IST")


def D(raw: str, place: str | None, date: str | None = None, agency: str | None = None) -> Dateline:
    """Short constructor so the tables stay one row per case."""
    return Dateline(raw=raw, place=place, date=date, agency=agency)


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


# ---------------------------------------------------------------------------
# Datelines that must be found
# ---------------------------------------------------------------------------

POSITIVE = [
    # --- the forms named in the brief -------------------------------------
    pytest.param(
        "नई दिल्ली, 25 मई : टेस्ला के प्रमुख ने एक नया दावा किया है।",
        d(2024, 5, 26),
        D("नई दिल्ली, 25 मई :", "नई दिल्ली", "2024-05-25"),
        "टेस्ला के प्रमुख ने एक नया दावा किया है।",
        id="hi-place-date-colon",
    ),
    pytest.param(
        "नई दिल्ली, 25 मई (आईएएनएस)। सरकार ने नई डिजिटल नीति जारी की।",
        d(2024, 5, 25),
        D("नई दिल्ली, 25 मई (आईएएनएस)।", "नई दिल्ली", "2024-05-25", "आईएएनएस"),
        "सरकार ने नई डिजिटल नीति जारी की।",
        id="hi-place-date-ians-danda",
    ),
    pytest.param(
        "मुंबई, 3 जून (भाषा) शेयर बाजार में सोमवार को तेजी रही।",
        d(2024, 6, 3),
        D("मुंबई, 3 जून (भाषा)", "मुंबई", "2024-06-03", "भाषा"),
        "शेयर बाजार में सोमवार को तेजी रही।",
        id="hi-place-date-bhasha-no-terminator",
    ),
    pytest.param(
        "प्रयागराज, जेएनएन। शहर में सफाई अभियान शुरू हो गया है।",
        d(2020, 11, 28),
        D("प्रयागराज, जेएनएन।", "प्रयागराज", None, "जेएनएन"),
        "शहर में सफाई अभियान शुरू हो गया है।",
        id="hi-place-comma-jnn",
    ),
    pytest.param(
        "वाराणसी। घाटों पर सुबह से श्रद्धालुओं की भीड़ रही।",
        d(2020, 4, 16),
        D("वाराणसी।", "वाराणसी"),
        "घाटों पर सुबह से श्रद्धालुओं की भीड़ रही।",
        id="hi-bare-place-danda",
    ),
    pytest.param(
        "नई दिल्ली: राजधानी में पारा 45 डिग्री के पार पहुंच गया।",
        d(2024, 6, 1),
        D("नई दिल्ली:", "नई दिल्ली"),
        "राजधानी में पारा 45 डिग्री के पार पहुंच गया।",
        id="hi-bare-place-colon",
    ),
    pytest.param(
        "नई दिल्ली | 12 अगस्त 2024 केंद्र ने नई योजना का एलान किया।",
        None,
        D("नई दिल्ली | 12 अगस्त 2024", "नई दिल्ली", "2024-08-12"),
        "केंद्र ने नई योजना का एलान किया।",
        id="hi-pipe-date-with-year",
    ),
    pytest.param(
        "पटना, १५ सितंबर (वार्ता)। गंगा का जलस्तर फिर बढ़ने लगा है।",
        d(2024, 9, 16),
        D("पटना, १५ सितंबर (वार्ता)।", "पटना", "2024-09-15", "वार्ता"),
        "गंगा का जलस्तर फिर बढ़ने लगा है।",
        id="hi-devanagari-digits-varta",
    ),
    pytest.param(
        "लखनऊ, 5 जनवरी (एजेंसी) प्रदेश में ठंड और कोहरा बढ़ गया।",
        d(2025, 1, 5),
        D("लखनऊ, 5 जनवरी (एजेंसी)", "लखनऊ", "2025-01-05", "एजेंसी"),
        "प्रदेश में ठंड और कोहरा बढ़ गया।",
        id="hi-agency-paren-no-terminator",
    ),
    pytest.param(
        "नई दिल्ली, एजेंसी। रिजर्व बैंक ने ब्याज दरें स्थिर रखीं।",
        d(2024, 6, 7),
        D("नई दिल्ली, एजेंसी।", "नई दिल्ली", None, "एजेंसी"),
        "रिजर्व बैंक ने ब्याज दरें स्थिर रखीं।",
        id="hi-place-comma-agency",
    ),
    pytest.param(
        "टेक डेस्क, नई दिल्ली। एक नया बजट स्मार्टफोन बाजार में आया है।",
        d(2024, 6, 7),
        D("टेक डेस्क, नई दिल्ली।", "नई दिल्ली", None, "टेक डेस्क"),
        "एक नया बजट स्मार्टफोन बाजार में आया है।",
        id="hi-desk-first-jagran",
    ),
    pytest.param(
        "नई दिल्ली, ऑनलाइन डेस्क। चुनाव आयोग ने तारीखों की घोषणा की।",
        d(2024, 3, 16),
        D("नई दिल्ली, ऑनलाइन डेस्क।", "नई दिल्ली", None, "ऑनलाइन डेस्क"),
        "चुनाव आयोग ने तारीखों की घोषणा की।",
        id="hi-place-online-desk",
    ),
    pytest.param(
        "NEW DELHI: The finance ministry on Monday released fresh data.",
        d(2024, 7, 1),
        D("NEW DELHI:", "NEW DELHI"),
        "The finance ministry on Monday released fresh data.",
        id="en-caps-place-colon",
    ),
    pytest.param(
        "WASHINGTON: Officials said the talks would resume next week.",
        d(2024, 7, 19),
        D("WASHINGTON:", "WASHINGTON"),
        "Officials said the talks would resume next week.",
        id="en-caps-world-capital",
    ),
    pytest.param(
        "New Delhi, May 25 (PTI) The government on Saturday announced a new policy.",
        d(2024, 5, 25),
        D("New Delhi, May 25 (PTI)", "New Delhi", "2024-05-25", "PTI"),
        "The government on Saturday announced a new policy.",
        id="en-pti-month-first",
    ),
    pytest.param(
        "Kolkata, Aug 12 (IANS) - Heavy rain lashed the city on Monday.",
        d(2024, 8, 12),
        D("Kolkata, Aug 12 (IANS) -", "Kolkata", "2024-08-12", "IANS"),
        "Heavy rain lashed the city on Monday.",
        id="en-ians-dash",
    ),
    pytest.param(
        "BENGALURU, May 3 (Reuters) - An Indian software firm beat profit estimates.",
        d(2024, 5, 3),
        D("BENGALURU, May 3 (Reuters) -", "BENGALURU", "2024-05-03", "Reuters"),
        "An Indian software firm beat profit estimates.",
        id="en-reuters-date-dash",
    ),
    pytest.param(
        "Washington/ New Delhi: US officials warned of new tariffs.",
        d(2020, 4, 7),
        D("Washington/ New Delhi:", "Washington/ New Delhi"),
        "US officials warned of new tariffs.",
        id="en-two-places-slash",
    ),
    pytest.param(
        "NEW DELHI (Reuters) - India's central bank kept rates unchanged.",
        d(2024, 6, 7),
        D("NEW DELHI (Reuters) -", "NEW DELHI", None, "Reuters"),
        "India's central bank kept rates unchanged.",
        id="en-reuters-no-date",
    ),
    pytest.param(
        "नई दिल्ली (एएनआई): संसद का सत्र सोमवार से शुरू होगा।",
        d(2024, 7, 20),
        D("नई दिल्ली (एएनआई):", "नई दिल्ली", None, "एएनआई"),
        "संसद का सत्र सोमवार से शुरू होगा।",
        id="hi-ani-paren-colon",
    ),
    pytest.param(
        "नोएडा, 14 मार्च 2024: सेक्टर 18 में नया मेट्रो स्टेशन खुला।",
        d(2024, 3, 15),
        D("नोएडा, 14 मार्च 2024:", "नोएडा", "2024-03-14"),
        "सेक्टर 18 में नया मेट्रो स्टेशन खुला।",
        id="hi-date-with-year-colon",
    ),
    pytest.param(
        "भोपाल. शहर में आज से नई बस सेवा शुरू हुई।",
        d(2024, 6, 7),
        D("भोपाल.", "भोपाल"),
        "शहर में आज से नई बस सेवा शुरू हुई।",
        id="hi-bhaskar-period",
    ),
    pytest.param(
        "जयपुर/नई दिल्ली। राज्य को केंद्र से नई रेल लाइन मिली।",
        d(2024, 6, 7),
        D("जयपुर/नई दिल्ली।", "जयपुर/नई दिल्ली"),
        "राज्य को केंद्र से नई रेल लाइन मिली।",
        id="hi-two-places-slash",
    ),
    pytest.param(
        "मुंबई. 3 जून (भाषा) रुपया डॉलर के मुकाबले मजबूत हुआ।",
        d(2024, 6, 3),
        D("मुंबई. 3 जून (भाषा)", "मुंबई", "2024-06-03", "भाषा"),
        "रुपया डॉलर के मुकाबले मजबूत हुआ।",
        id="hi-period-then-date",
    ),
    # --- the whole paragraph is the dateline --------------------------------
    pytest.param("NEW DELHI:", d(2024, 6, 7), D("NEW DELHI:", "NEW DELHI"), "", id="whole-en-caps"),
    pytest.param("वाराणसी।", d(2024, 6, 7), D("वाराणसी।", "वाराणसी"), "", id="whole-hi-bare"),
    pytest.param(
        "नई दिल्ली, 25 मई",
        d(2024, 5, 26),
        D("नई दिल्ली, 25 मई", "नई दिल्ली", "2024-05-25"),
        "",
        id="whole-place-date-no-terminator",
    ),
    pytest.param(
        "  मुंबई, 3 जून (भाषा)  ",
        d(2024, 6, 3),
        D("मुंबई, 3 जून (भाषा)", "मुंबई", "2024-06-03", "भाषा"),
        "",
        id="whole-with-padding",
    ),
    # --- messy whitespace ---------------------------------------------------
    pytest.param(
        "  नई   दिल्ली,\u00a025 मई\n(आईएएनएस)।\tसरकार   ने  कहा।  ",
        d(2024, 5, 25),
        D("नई दिल्ली, 25 मई (आईएएनएस)।", "नई दिल्ली", "2024-05-25", "आईएएनएस"),
        "सरकार ने कहा।",
        id="messy-whitespace-collapsed",
    ),
    pytest.param(
        "\ufeffNEW DELHI:\n\nThe court adjourned the case.",
        d(2024, 6, 7),
        D("NEW DELHI:", "NEW DELHI"),
        "The court adjourned the case.",
        id="leading-bom-and-newlines",
    ),
    # --- year resolution ----------------------------------------------------
    pytest.param(
        "नई दिल्ली, 28 दिसंबर (भाषा)। साल के आखिरी हफ्ते में बाजार सुस्त रहा।",
        d(2025, 1, 2),
        D("नई दिल्ली, 28 दिसंबर (भाषा)।", "नई दिल्ली", "2024-12-28", "भाषा"),
        "साल के आखिरी हफ्ते में बाजार सुस्त रहा।",
        id="year-back-across-new-year",
    ),
    pytest.param(
        "मुंबई, 2 जनवरी (भाषा)। नए साल की तैयारी जोरों पर है।",
        d(2024, 12, 30),
        D("मुंबई, 2 जनवरी (भाषा)।", "मुंबई", "2025-01-02", "भाषा"),
        "नए साल की तैयारी जोरों पर है।",
        id="year-forward-across-new-year",
    ),
    pytest.param(
        "नई दिल्ली, 25 मई (आईएएनएस)। बैठक में कई फैसले हुए।",
        dt.datetime(2024, 5, 26, 10, 30, tzinfo=IST),
        D("नई दिल्ली, 25 मई (आईएएनएस)।", "नई दिल्ली", "2024-05-25", "आईएएनएस"),
        "बैठक में कई फैसले हुए।",
        id="published-as-aware-datetime",
    ),
    pytest.param(
        "नई दिल्ली, 25 मई (आईएएनएस)। बैठक में कई फैसले हुए।",
        None,
        D("नई दिल्ली, 25 मई (आईएएनएस)।", "नई दिल्ली", None, "आईएएनएस"),
        "बैठक में कई फैसले हुए।",
        id="no-published-no-year-no-date",
    ),
    pytest.param(
        "कोलकाता, 31 फरवरी (भाषा)। यह तारीख गलत छपी है।",
        d(2024, 3, 1),
        D("कोलकाता, 31 फरवरी (भाषा)।", "कोलकाता", None, "भाषा"),
        "यह तारीख गलत छपी है।",
        id="invalid-day-still-dateline",
    ),
    pytest.param(
        "नई दिल्ली, 29 फरवरी (भाषा)। लीप वर्ष का अतिरिक्त दिन।",
        d(2024, 3, 1),
        D("नई दिल्ली, 29 फरवरी (भाषा)।", "नई दिल्ली", "2024-02-29", "भाषा"),
        "लीप वर्ष का अतिरिक्त दिन।",
        id="leap-day",
    ),
    pytest.param(
        "New Delhi, September 5, 2023: The summit opened with a plenary session.",
        d(2024, 1, 1),
        D("New Delhi, September 5, 2023:", "New Delhi", "2023-09-05"),
        "The summit opened with a plenary session.",
        id="explicit-year-beats-published",
    ),
    # --- month spellings ----------------------------------------------------
    pytest.param(
        "चंडीगढ़, 14 फ़रवरी (भाषा)। किसानों की बैठक बेनतीजा रही।",
        d(2024, 2, 15),
        D("चंडीगढ़, 14 फ़रवरी (भाषा)।", "चंडीगढ़", "2024-02-14", "भाषा"),
        "किसानों की बैठक बेनतीजा रही।",
        id="month-farvari-nukta",
    ),
    pytest.param(
        "रांची, 3 सितम्बर (वार्ता)। झारखंड में मानसून सक्रिय है।",
        d(2024, 9, 3),
        D("रांची, 3 सितम्बर (वार्ता)।", "रांची", "2024-09-03", "वार्ता"),
        "झारखंड में मानसून सक्रिय है।",
        id="month-sitambar-variant",
    ),
    pytest.param(
        "देहरादून, 9 अक्तूबर (वार्ता)। चारधाम यात्रा फिर शुरू हुई।",
        d(2024, 10, 9),
        D("देहरादून, 9 अक्तूबर (वार्ता)।", "देहरादून", "2024-10-09", "वार्ता"),
        "चारधाम यात्रा फिर शुरू हुई।",
        id="month-aktubar-variant",
    ),
    pytest.param(
        "इंदौर, 21 नवम्बर (भाषा)। शहर फिर सबसे स्वच्छ चुना गया।",
        d(2024, 11, 21),
        D("इंदौर, 21 नवम्बर (भाषा)।", "इंदौर", "2024-11-21", "भाषा"),
        "शहर फिर सबसे स्वच्छ चुना गया।",
        id="month-navambar-variant",
    ),
    pytest.param(
        "शिमला, 11 अप्रेल (भाषा)। पहाड़ों पर फिर बर्फ गिरी।",
        d(2024, 4, 11),
        D("शिमला, 11 अप्रेल (भाषा)।", "शिमला", "2024-04-11", "भाषा"),
        "पहाड़ों पर फिर बर्फ गिरी।",
        id="month-aprel-variant",
    ),
    pytest.param(
        "NEW DELHI, Sept. 5 (PTI) - Exports rose for the third month.",
        d(2024, 9, 5),
        D("NEW DELHI, Sept. 5 (PTI) -", "NEW DELHI", "2024-09-05", "PTI"),
        "Exports rose for the third month.",
        id="month-sept-abbrev-dot",
    ),
    pytest.param(
        "Chennai, 25 May (PTI): The state cabinet met on Saturday.",
        d(2024, 5, 25),
        D("Chennai, 25 May (PTI):", "Chennai", "2024-05-25", "PTI"),
        "The state cabinet met on Saturday.",
        id="en-day-first",
    ),
    pytest.param(
        "NEW DELHI, May 25: Markets closed higher on Friday.",
        d(2024, 5, 25),
        D("NEW DELHI, May 25:", "NEW DELHI", "2024-05-25"),
        "Markets closed higher on Friday.",
        id="en-date-colon-no-agency",
    ),
    pytest.param(
        "नोएडा, १४ मार्च २०२४: प्राधिकरण ने नक्शा पास किया।",
        None,
        D("नोएडा, १४ मार्च २०२४:", "नोएडा", "2024-03-14"),
        "प्राधिकरण ने नक्शा पास किया।",
        id="devanagari-digit-year",
    ),
    pytest.param(
        "New Delhi, May 25, 2024 (IANS) The panel submitted its report.",
        None,
        D("New Delhi, May 25, 2024 (IANS)", "New Delhi", "2024-05-25", "IANS"),
        "The panel submitted its report.",
        id="en-year-after-comma",
    ),
    pytest.param(
        "नई दिल्ली, शुक्रवार, 24 मई (भाषा)। बोर्ड के नतीजे जारी हुए।",
        d(2024, 5, 24),
        D("नई दिल्ली, शुक्रवार, 24 मई (भाषा)।", "नई दिल्ली", "2024-05-24", "भाषा"),
        "बोर्ड के नतीजे जारी हुए।",
        id="weekday-before-date",
    ),
    # --- other credits and site styles --------------------------------------
    pytest.param(
        "New Delhi [India], May 25 (ANI): The ministry issued an advisory.",
        d(2024, 5, 25),
        D("New Delhi [India], May 25 (ANI):", "New Delhi", "2024-05-25", "ANI"),
        "The ministry issued an advisory.",
        id="ani-country-qualifier",
    ),
    pytest.param(
        "नई दिल्ली, 25 मई (हि.स.)। आयोग ने नई सूची जारी की।",
        d(2024, 5, 25),
        D("नई दिल्ली, 25 मई (हि.स.)।", "नई दिल्ली", "2024-05-25", "हि.स."),
        "आयोग ने नई सूची जारी की।",
        id="hindusthan-samachar-dots",
    ),
    pytest.param(
        "नई दिल्ली, 25 मई (पीटीआई-भाषा)। अदालत ने सुनवाई टाली।",
        d(2024, 5, 25),
        D("नई दिल्ली, 25 मई (पीटीआई-भाषा)।", "नई दिल्ली", "2024-05-25", "पीटीआई-भाषा"),
        "अदालत ने सुनवाई टाली।",
        id="pti-bhasha",
    ),
    pytest.param(
        "नई दिल्ली, 25 मई, एजेंसी। मौसम विभाग ने चेतावनी दी।",
        d(2024, 5, 25),
        D("नई दिल्ली, 25 मई, एजेंसी।", "नई दिल्ली", "2024-05-25", "एजेंसी"),
        "मौसम विभाग ने चेतावनी दी।",
        id="date-then-bare-agency",
    ),
    pytest.param(
        "नई दिल्ली, 25 मई 2024 (आईएएनएस)। नीति आयोग की बैठक हुई।",
        None,
        D("नई दिल्ली, 25 मई 2024 (आईएएनएस)।", "नई दिल्ली", "2024-05-25", "आईएएनएस"),
        "नीति आयोग की बैठक हुई।",
        id="hi-year-and-agency",
    ),
    pytest.param(
        "जागरण संवाददाता, गाजियाबाद : हिंडन पर नया पुल बनेगा।",
        d(2024, 6, 7),
        D("जागरण संवाददाता, गाजियाबाद :", "गाजियाबाद", None, "जागरण संवाददाता"),
        "हिंडन पर नया पुल बनेगा।",
        id="desk-first-correspondent",
    ),
    pytest.param(
        "राज्य ब्यूरो, लखनऊ। विधानसभा का सत्र अगले हफ्ते से है।",
        d(2024, 6, 7),
        D("राज्य ब्यूरो, लखनऊ।", "लखनऊ", None, "राज्य ब्यूरो"),
        "विधानसभा का सत्र अगले हफ्ते से है।",
        id="desk-first-bureau",
    ),
    pytest.param(
        "मुरादाबाद, वरिष्ठ संवाददाता। नगर निगम ने बजट पास किया।",
        d(2024, 6, 7),
        D("मुरादाबाद, वरिष्ठ संवाददाता।", "मुरादाबाद", None, "वरिष्ठ संवाददाता"),
        "नगर निगम ने बजट पास किया।",
        id="hindustan-senior-correspondent",
    ),
    pytest.param(
        "नई दिल्ली, डिजिटल डेस्क। नए आईटी नियम लागू हो गए।",
        d(2024, 6, 7),
        D("नई दिल्ली, डिजिटल डेस्क।", "नई दिल्ली", None, "डिजिटल डेस्क"),
        "नए आईटी नियम लागू हो गए।",
        id="hi-digital-desk",
    ),
    pytest.param(
        "नई दिल्ली, प्रेट्र। सुप्रीम कोर्ट ने केंद्र से जवाब मांगा।",
        d(2024, 6, 7),
        D("नई दिल्ली, प्रेट्र।", "नई दिल्ली", None, "प्रेट्र"),
        "सुप्रीम कोर्ट ने केंद्र से जवाब मांगा।",
        id="jagran-pretr-for-pti",
    ),
    pytest.param(
        "वॉशिंगटन, एपी। अमेरिकी संसद में बजट पर बहस जारी है।",
        d(2024, 6, 7),
        D("वॉशिंगटन, एपी।", "वॉशिंगटन", None, "एपी"),
        "अमेरिकी संसद में बजट पर बहस जारी है।",
        id="hi-world-city-ap",
    ),
    pytest.param(
        "WASHINGTON (AP) — Lawmakers reached a deal late on Thursday.",
        d(2024, 6, 7),
        D("WASHINGTON (AP) —", "WASHINGTON", None, "AP"),
        "Lawmakers reached a deal late on Thursday.",
        id="en-ap-em-dash",
    ),
    pytest.param(
        "सैन फ्रांसिस्को, 10 जून (आईएएनएस)। कंपनी ने नया एआई मॉडल पेश किया।",
        d(2024, 6, 11),
        D("सैन फ्रांसिस्को, 10 जून (आईएएनएस)।", "सैन फ्रांसिस्को", "2024-06-10", "आईएएनएस"),
        "कंपनी ने नया एआई मॉडल पेश किया।",
        id="hi-tech-city",
    ),
    pytest.param(
        "San Francisco: The startup raised a new funding round.",
        d(2024, 6, 7),
        D("San Francisco:", "San Francisco"),
        "The startup raised a new funding round.",
        id="en-tech-city-bare",
    ),
    pytest.param(
        "Kolkata: The metro will run extra trains during the festival.",
        d(2024, 10, 7),
        D("Kolkata:", "Kolkata"),
        "The metro will run extra trains during the festival.",
        id="en-title-case-known-place",
    ),
    # --- unusual punctuation and spellings ----------------------------------
    pytest.param(
        "नई दिल्लीः संसद की कार्यवाही स्थगित हुई।",
        d(2024, 6, 7),
        D("नई दिल्लीः", "नई दिल्ली"),
        "संसद की कार्यवाही स्थगित हुई।",
        id="visarga-typed-as-colon",
    ),
    pytest.param(
        "पटना :- बिहार में शिक्षकों की भर्ती होगी।",
        d(2024, 6, 7),
        D("पटना :-", "पटना"),
        "बिहार में शिक्षकों की भर्ती होगी।",
        id="colon-dash-terminator",
    ),
    pytest.param(
        "वाराणसी| गंगा आरती का समय बदला।",
        d(2024, 6, 7),
        D("वाराणसी|", "वाराणसी"),
        "गंगा आरती का समय बदला।",
        id="ascii-pipe-as-danda",
    ),
    pytest.param(
        "नई दिल्\u200dली, 3 सितम्\u200dबर (भाषा)। संसद में विधेयक पेश हुआ।",
        d(2024, 9, 3),
        D("नई दिल्\u200dली, 3 सितम्\u200dबर (भाषा)।", "नई दिल्\u200dली", "2024-09-03", "भाषा"),
        "संसद में विधेयक पेश हुआ।",
        id="zwj-after-virama-kept-as-written",
    ),
    pytest.param(
        "बेंगलूरु: शहर में जलसंकट गहराया।",
        d(2024, 3, 7),
        D("बेंगलूरु:", "बेंगलूरु"),
        "शहर में जलसंकट गहराया।",
        id="gazetteer-spelling-variant",
    ),
    pytest.param(
        "गुड़गांव। साइबर सिटी में नया दफ्तर खुला।",
        d(2024, 3, 7),
        D("गुड़गांव।", "गुड़गांव"),
        "साइबर सिटी में नया दफ्तर खुला।",
        id="gazetteer-old-name-nukta",
    ),
    pytest.param(
        "सिमरी बख्तियारपुर, 4 जुलाई (भाषा)। गांव में नया स्कूल खुला।",
        d(2024, 7, 4),
        D("सिमरी बख्तियारपुर, 4 जुलाई (भाषा)।", "सिमरी बख्तियारपुर", "2024-07-04", "भाषा"),
        "गांव में नया स्कूल खुला।",
        id="unknown-place-with-date-and-agency",
    ),
    pytest.param(
        "PHAGWARA: Police arrested two men on Sunday.",
        d(2024, 6, 7),
        D("PHAGWARA:", "PHAGWARA"),
        "Police arrested two men on Sunday.",
        id="unknown-all-caps-place",
    ),
    pytest.param(
        "NEW DELHI — The court will hear the plea on Friday.",
        d(2024, 6, 7),
        D("NEW DELHI —", "NEW DELHI"),
        "The court will hear the plea on Friday.",
        id="caps-bare-em-dash",
    ),
]

# ---------------------------------------------------------------------------
# Paragraphs that merely start like one: must come back untouched
# ---------------------------------------------------------------------------

NEGATIVE = [
    "नई दिल्ली में आज बारिश हुई।",
    "मुंबई के एक व्यापारी ने नई दुकान खोली।",
    "दिल्ली सरकार ने कहा: स्कूल सोमवार से खुलेंगे।",
    "New Delhi is the capital of India.",
    "बता दें: यह फोन पिछले साल लॉन्च हुआ था।",
    "हालांकि, 25 मई को बैठक होगी।",
    "Apple: iPhone sales fell in the last quarter.",
    "सैमसंग ने कहा: नया फोन जल्द आएगा।",
    "Google, Microsoft and Meta have announced new AI tools.",
    "वहीं, मुंबई में बारिश जारी है।",
    "भाजपा (BJP): पार्टी ने उम्मीदवारों की सूची जारी की।",
    "IPL 2024: चेन्नई ने रोमांचक मैच जीता।",
    "NASA: The agency confirmed the launch date.",
    "मुंबई - पुणे एक्सप्रेसवे पर लंबा जाम लगा।",
    "Reuters: The agency could not verify the claim.",
    "मंगलवार, 25 मई को संसद का सत्र शुरू होगा।",
    "25 मई को दिल्ली में बैठक होगी।",
    "Delhi Police: Two men were arrested on Monday.",
    "ये भी पढ़ें: नया फोन लॉन्च",
    "Mumbai, the financial capital, saw heavy rain.",
    "नई दिल्ली, जो देश की राजधानी है, प्रदूषण से जूझ रही है।",
    "Kolkata. The city woke up to fog.",
    "सवाल: क्या यह फोन खरीदना चाहिए?",
    "BREAKING NEWS: Markets crash.",
    "दिल्ली-एनसीआर में प्रदूषण फिर बढ़ा।",
    "मौसम: आज बारिश की संभावना है।",
    "Q: What is the price of the phone?",
    "नई दिल्ली, 25 मई को बैठक होगी।",
    "आईएएनएस। यह खबर एजेंसी से ली गई है।",
    "  नई  दिल्ली   में\nबारिश  ",
    "",
    "   ",
]


@pytest.mark.parametrize(("paragraph", "published", "expected", "rest"), POSITIVE)
def test_finds_dateline(paragraph: str, published: dt.date | None, expected: Dateline, rest: str) -> None:
    assert split_dateline(paragraph, published) == (expected, rest)


@pytest.mark.parametrize("paragraph", NEGATIVE)
def test_ordinary_paragraph_is_untouched(paragraph: str) -> None:
    assert split_dateline(paragraph, dt.date(2024, 5, 26)) == (None, paragraph)


def test_case_counts() -> None:
    """The brief asks for at least 70 cases, 15 of them non-datelines."""
    assert len(POSITIVE) + len(NEGATIVE) >= 70
    assert len(NEGATIVE) >= 15


# ---------------------------------------------------------------------------
# Year resolution and published-date handling
# ---------------------------------------------------------------------------


def test_aware_utc_published_is_read_in_india_time() -> None:
    """20:00 UTC on 31 Dec is already 1 Jan in India; "2 जुलाई" is then nearer the coming July."""
    published = dt.datetime(2024, 12, 31, 20, 0, tzinfo=dt.UTC)
    dateline, _ = split_dateline("मुंबई, 2 जुलाई (भाषा)। पाठ।", published)
    assert dateline is not None
    assert dateline.date == "2025-07-02"
    naive_day = split_dateline("मुंबई, 2 जुलाई (भाषा)। पाठ।", dt.date(2024, 12, 31))[0]
    assert naive_day is not None
    assert naive_day.date == "2024-07-02"


@pytest.mark.parametrize(
    "published",
    [dt.date.min, dt.date.max, dt.datetime.min.replace(tzinfo=dt.UTC), dt.datetime.max.replace(tzinfo=dt.UTC)],
)
def test_extreme_published_dates_do_not_break_parsing(published: dt.date) -> None:
    dateline, rest = split_dateline("मुंबई, 2 जनवरी (भाषा)। पाठ।", published)
    assert dateline is not None
    assert (dateline.place, dateline.agency, rest) == ("मुंबई", "भाषा", "पाठ।")


# ---------------------------------------------------------------------------
# Helpers exposed for other parsers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("बेंगलुरु", True),
        ("बंगलौर", True),
        ("गुरुग्राम", True),
        ("गुडगांव", True),  # without nukta
        ("Gurgaon", True),
        ("NEW DELHI", True),
        ("वाशिंगटन", True),
        ("लंदन", True),
        ("Apple", False),
        ("सैमसंग", False),
    ],
)
def test_gazetteer(name: str, known: bool) -> None:
    assert is_known_place(name) is known


@pytest.mark.parametrize(
    ("text", "expected"),
    [("आईएएनएस", True), ("P.T.I.", True), ("खेल डेस्क", True), ("Apple", False), ("महाराष्ट्र", False)],
)
def test_is_agency(text: str, expected: bool) -> None:
    assert is_agency(text) is expected


# ---------------------------------------------------------------------------
# Robustness: junk never raises, invariants always hold
# ---------------------------------------------------------------------------

_JUNK_ALPHABET = [
    *"अआकखगघ्ािीुूेैोौंँ़ःऽ।॥०१२३४५६७८९0123456789 ,.:;|-–—()[]/\\'\"AZaz",
    *"\u200b\u200c\u200d\ufeff\u00a0\t\n",
    "नई दिल्ली",
    " 25 ",
    "मई",
    "May",
    "(भाषा)",
    "(PTI)",
    "NEW DELHI",
    "जेएनएन",
    "डेस्क",
]


def _check_invariants(paragraph: str, result: tuple[Dateline | None, str]) -> None:
    found, rest = result
    if found is None:
        assert rest == paragraph
        return
    collapsed = " ".join(paragraph.split()).lstrip("\u200b\u2060\ufeff")
    assert found.raw
    assert found.raw == found.raw.strip()
    assert collapsed.startswith(found.raw)
    assert collapsed.endswith(rest)
    assert rest == rest.lstrip()
    assert found.place
    if found.date is not None:
        dt.date.fromisoformat(found.date)


def test_random_junk_never_raises() -> None:
    rng = random.Random(20240525)
    publisheds = [None, dt.date(2024, 5, 26), dt.datetime(2024, 1, 1, 5), dt.date.min, dt.date.max]
    for _ in range(3000):
        paragraph = "".join(rng.choice(_JUNK_ALPHABET) for _ in range(rng.randint(0, 40)))
        published = rng.choice(publisheds)
        # The private worker has no safety net, so a bug would surface here
        # instead of being swallowed by split_dateline's catch-all.
        _check_invariants(paragraph, dateline_mod._split(paragraph, dateline_mod._as_date(published)))
        _check_invariants(paragraph, split_dateline(paragraph, published))


@pytest.mark.parametrize(
    "paragraph",
    [
        "अ" * 200_000,
        "A " * 100_000,
        "(" * 50_000,
        ", " * 50_000,
        "नई दिल्ली " * 20_000,
        "Aa Bb Cc Dd/" * 5_000,
        "हि." * 20_000,
        "नई दिल्ली, " + "25 मई " * 5_000,
        "NEW DELHI, May 25 (" + "x" * 100_000 + ")",
        "NEW DELHI: " + "text " * 200_000,
        "।" * 10_000,
        "Ab-" * 40_000 + ":",
    ],
    ids=lambda p: f"len{len(p)}",
)
def test_huge_inputs_are_safe(paragraph: str) -> None:
    result = split_dateline(paragraph, dt.date(2024, 5, 26))  # speed is measured by benchmarks, never asserted
    _check_invariants(paragraph, result)


@pytest.mark.parametrize("value", [None, 42, b"NEW DELHI:", ["NEW DELHI:"]])
def test_non_string_input_is_returned_unchanged(value: object) -> None:
    assert split_dateline(value, None) == (None, value)  # type: ignore[arg-type]
