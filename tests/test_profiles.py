"""Site profiles: the shipped seeds load and their regexes behave; the loader rejects bad files clearly."""

from __future__ import annotations

import pickle
import re
from datetime import date
from pathlib import Path

import pytest

from newscrawl.profiles import (
    DEFAULT_SEEDS_DIR,
    ProfileError,
    SiteProfile,
    load_profile,
    load_profiles,
    profile_for_url,
)

SEED_FILES = sorted(DEFAULT_SEEDS_DIR.glob("*.toml"))
REQUIRED_SITES = {
    "latestly",
    "navbharattimes",
    "aajtak",
    "amarujala",
    "jagran",
    "bhaskar",
    "livehindustan",
    "news18hindi",
    "abplive",
    "ndtvindia",
}


@pytest.fixture(scope="module")
def profiles() -> dict[str, SiteProfile]:
    return load_profiles(DEFAULT_SEEDS_DIR)


# --- the shipped seeds --------------------------------------------------------------------


def test_at_least_ten_profiles_including_the_required_sites(profiles: dict[str, SiteProfile]) -> None:
    assert len(profiles) >= 10
    assert set(profiles) >= REQUIRED_SITES


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_file_loads_and_is_named_after_its_profile(path: Path) -> None:
    profile = load_profile(path)
    assert profile.name == path.stem
    assert profile.language == "hi"
    assert profile.start_urls() or profile.dated_sitemaps, "a profile needs somewhere to start"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_examples_match_and_counterexamples_do_not(path: Path) -> None:
    profile = load_profile(path)
    assert profile.article_patterns, "every shipped profile has an article regex"
    assert profile.examples, "every article regex is backed by examples"
    for url in profile.examples:
        assert profile.is_article_url(url) is True, url
        assert profile.owns(url), url
    for url in (*profile.counterexamples, *profile.listings):
        assert profile.is_article_url(url) is False, url


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_examples_are_in_section_when_sections_are_declared(path: Path) -> None:
    profile = load_profile(path)
    assert any(profile.in_section(url) for url in profile.examples)
    if profile.name != "ndtvindia":  # its food-section example only shows the evidenced URL shape
        for url in profile.examples:
            assert profile.in_section(url), url


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_every_start_endpoint_has_an_evidence_level(path: Path) -> None:
    profile = load_profile(path)
    for url in (*profile.start_urls(), *profile.dated_sitemaps):
        assert profile.evidence_level(url) in {"well evidenced", "best guess"}, url


def test_profile_for_url(profiles: dict[str, SiteProfile]) -> None:
    def name(url: str) -> str | None:
        p = profile_for_url(profiles, url)
        return p.name if p else None

    assert name("https://www.jagran.com/technology/tech-news-x-23161585.html") == "jagran"
    assert name("https://rss.jagran.com/rss/technology/tech-news.xml") == "jagran"
    assert name("https://HINDI.NEWS18.COM/news/tech/") == "news18hindi"
    assert name("https://www.news18.com/tech/") is None
    assert name("https://api.livehindustan.com/feeds/rss/gadgets/rssfeed.xml") == "livehindustan"
    assert name("https://notjagran.com/") is None
    assert name("not a url") is None


def test_profile_for_url_prefers_most_specific_domain() -> None:
    a = SiteProfile(name="a", domains=("example.com",))
    b = SiteProfile(name="b", domains=("hindi.example.com",))
    assert profile_for_url({"a": a, "b": b}, "https://hindi.example.com/x") is b
    assert profile_for_url({"a": a, "b": b}, "https://www.example.com/x") is a


def test_rules_on_real_profiles(profiles: dict[str, SiteProfile]) -> None:
    nbt = profiles["navbharattimes"]
    tracked = "https://navbharattimes.indiatimes.com/tech/gadgets-news/x-y/articleshow/128635167.cms?utm_source=tw#c"
    assert nbt.is_article_url(tracked) is True
    assert nbt.in_section("https://navbharattimes.indiatimes.com/tech/gadgets-news/x/articleshow/1.cms")
    assert not nbt.in_section("https://navbharattimes.indiatimes.com/sports/cricket/x/articleshow/1.cms")
    bhaskar = profiles["bhaskar"]
    assert bhaskar.is_excluded("https://www.bhaskar.com/amp/tech-auto/news/x-133589711.html")
    assert bhaskar.selectors.body == "article"
    amar = profiles["amarujala"]
    assert amar.canonical("https://www.amarujala.com/technology?src=mainmenu") == "https://www.amarujala.com/technology"


def test_dated_sitemaps(profiles: dict[str, SiteProfile]) -> None:
    assert profiles["abplive"].dated_sitemap_urls(date(2026, 4, 9)) == ["https://www.abplive.com/news-09-04-2026.xml"]
    assert profiles["ndtvindia"].dated_sitemap_urls(date(2026, 4, 9)) == [
        "https://ndtv.in/sitemap.xml?yyyy=2026&mm=4&sitename=ndtv-khabar&category="
    ]


def test_robots_txt_urls(profiles: dict[str, SiteProfile]) -> None:
    assert profiles["jagran"].robots_txt_urls() == ["https://www.jagran.com/robots.txt"]
    assert profiles["ndtvindia"].robots_txt_urls() == ["https://ndtv.in/robots.txt"]


def test_profiles_are_picklable_and_hashable(profiles: dict[str, SiteProfile]) -> None:
    for profile in profiles.values():
        clone = pickle.loads(pickle.dumps(profile))
        assert clone == profile
        assert hash(clone) == hash(profile)
        assert all(isinstance(p, re.Pattern) for p in clone.article_patterns)
        for url in profile.examples:
            assert clone.is_article_url(url)


# --- the loader on temporary files ------------------------------------------------------

GOOD = """
name = "demo"
domains = ["demo.example.com"]

[start]
feeds = ["https://demo.example.com/feed"]
listings = ["https://demo.example.com/tech/"]

[urls]
article = ['^https://demo\\.example\\.com/tech/[a-z-]+-\\d+\\.html$']
exclude = ['/videos?/']
section = ['^/tech/']
examples = ["https://demo.example.com/tech/phone-123.html"]

[selectors]
body = "div.story"
drop = ["div.ad", "aside"]

[evidence]
"https://demo.example.com/feed" = "best guess: test"
"""


def _write(tmp_path: Path, text: str, name: str = "demo.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loader_reads_a_minimal_profile(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    (tmp_path / "README.md").write_text("ignored")
    profiles = load_profiles(tmp_path)
    demo = profiles["demo"]
    assert demo.domains == ("demo.example.com",)
    assert demo.timezone == "Asia/Kolkata" and demo.language == "hi" and demo.robots is True
    assert demo.feeds == ("https://demo.example.com/feed",)
    assert demo.sitemaps == ()
    assert demo.is_article_url("https://demo.example.com/tech/phone-123.html") is True
    assert demo.is_article_url("https://demo.example.com/tech/videos/phone-123.html") is False
    assert demo.is_article_url("https://demo.example.com/tech/") is False
    assert demo.in_section("https://demo.example.com/tech/x") and not demo.in_section(
        "https://demo.example.com/sport/x"
    )
    assert demo.selectors.drop == ("div.ad", "aside")
    assert demo.evidence_level("https://demo.example.com/feed") == "best guess"
    assert demo.evidence_level("https://demo.example.com/tech/") is None
    assert demo.source == str(tmp_path / "demo.toml")


def test_profile_without_article_pattern_returns_none(tmp_path: Path) -> None:
    _write(tmp_path, 'name = "bare"\ndomains = ["bare.example.com"]\n', "bare.toml")
    bare = load_profiles(tmp_path)["bare"]
    assert bare.is_article_url("https://bare.example.com/anything") is None
    assert bare.in_section("https://bare.example.com/anything") is True


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("name = 'x'\ndomains = [", None, "invalid TOML"),
        ("domains = ['a.com']", "name", "missing required key"),
        ("name = 'Bad Name'\ndomains = ['a.com']", "name", "must be lower-case"),
        ("name = 'x'\ndomains = []", "domains", "at least one domain"),
        ("name = 'x'\ndomains = ['http://a.com/']", "domains", "not a host name"),
        ("name = 'x'\ndomains = ['a.com']\ntimezone = 'Mars/Olympus'", "timezone", "unknown time zone"),
        ("name = 'x'\ndomains = ['a.com']\nsurprise = 1", "surprise", "unknown key"),
        ("name = 'x'\ndomains = ['a.com']\n[start]\nfeed = ['https://a.com/f']", "start.feed", "unknown key"),
        ("name = 'x'\ndomains = ['a.com']\n[start]\nfeeds = ['/relative']", "start.feeds", "absolute"),
        (
            "name = 'x'\ndomains = ['a.com']\n[start]\nfeeds = 'https://a.com/f'\nrobots = 'yes'",
            "start.robots",
            "true or false",
        ),
        (
            "name = 'x'\ndomains = ['a.com']\n[start]\ndated_sitemaps = ['https://a.com/{year}.xml']",
            "start.dated_sitemaps",
            "template",
        ),
        ("name = 'x'\ndomains = ['a.com']\n[urls]\narticle = ['(unclosed']", "urls.article", "bad regex"),
        ("name = 'x'\ndomains = ['a.com']\n[urls]\nexclude = [1]", "urls.exclude", "list of non-empty strings"),
        ("name = 'x'\ndomains = ['a.com']\n[selectors]\nbody = 'div[['", "selectors.body", "bad CSS"),
        ("name = 'x'\ndomains = ['a.com']\n[selectors]\nbdy = 'div'", "selectors.bdy", "unknown key"),
        ("name = 'x'\ndomains = ['a.com']\nurls = 3", "urls", "expected a table"),
        (
            "name = 'x'\ndomains = ['a.com']\n[evidence]\n'https://a.com/f' = 'probably fine'",
            "evidence.https://a.com/f",
            "well evidenced",
        ),
    ],
)
def test_loader_errors_name_file_and_key(tmp_path: Path, text: str, key: str | None, message: str) -> None:
    path = _write(tmp_path, text, "broken.toml")
    with pytest.raises(ProfileError) as info:
        load_profiles(tmp_path)
    err = info.value
    assert err.path == path
    assert err.key == key
    assert "broken.toml" in str(err)
    assert message in str(err)
    if key:
        assert f"[{key}]" in str(err)


def test_duplicate_names_are_rejected(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.toml")
    _write(tmp_path, GOOD, "b.toml")
    with pytest.raises(ProfileError, match="already defined"):
        load_profiles(tmp_path)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="does not exist"):
        load_profiles(tmp_path / "nope")


def test_empty_directory(tmp_path: Path) -> None:
    assert load_profiles(tmp_path) == {}


def test_text_fallbacks_are_on_unless_a_profile_turns_them_off(tmp_path: Path) -> None:
    _write(tmp_path, 'name = "bare"\ndomains = ["bare.example.com"]\n', "bare.toml")
    _write(tmp_path, 'name = "lean"\ndomains = ["lean.example.com"]\n[extraction]\ntext_fallbacks = false\n',
           "lean.toml")
    profiles = load_profiles(tmp_path)
    assert profiles["bare"].text_fallbacks is True and profiles["lean"].text_fallbacks is False
    _write(tmp_path, 'name = "typo"\ndomains = ["typo.example.com"]\n[extraction]\nfallbacks = false\n', "typo.toml")
    with pytest.raises(ProfileError, match="fallbacks"):
        load_profiles(tmp_path)


def test_a_site_without_text_fallbacks_was_checked_on_its_fixture_cases(profiles: dict[str, SiteProfile]) -> None:
    """Turning the fallbacks off is a claim about the site's pages: its fixture cases (replayed with the profile
    by test_fixtures) must exist, and its evidence note must say how it was checked."""
    from newscrawl.fixtures import find_cases

    hosts = [case.meta["url"] for case in find_cases(Path(__file__).resolve().parent.parent / "fixtures")]
    lean = [p for p in profiles.values() if not p.text_fallbacks]
    for profile in lean:
        assert any(profile.owns(url) for url in hosts), f"{profile.name}: no fixture case"
        assert profile.evidence_level("extraction.text_fallbacks") == "well evidenced", profile.name
