"""The evaluate command scores records against gold files, beside raw trafilatura."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.evaluate import loose, score, url_key
from tests.conftest import ROOT, run_scrapy

SEED = ROOT / "fixtures" / "hindi.latestly.com" / "elon-musk-whatsapp"


def _gold_for_seed() -> dict:
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    paragraphs = expected["body"].split("\n\n")
    return {
        "file": "hindi.latestly.com/elon-musk-whatsapp/page.html",
        "url": expected["url"],
        "language": "hi",
        "page_type": "article",
        "headline": expected["headline"],
        "published_date": expected["published"][:10],
        "dateline": expected["dateline"],
        "photo_caption": "Elon mask",
        "photo_credit": "ANI",
        "body_with": [" ".join(p.split()[:10]) for p in paragraphs],
        "body_without": ["यह भी पढ़ें", "संबंधित खबरें", "Elon mask | Photo- ANI",
                         "टूट जाएगा एलन मस्क का सबसे बड़ा सपना?"],
    }


def test_score_counts_hits_and_misses() -> None:
    gold = [{**_gold_for_seed(), "_file": "seed.json"},
            {"_file": "video.json", "url": "https://e.com/v", "page_type": "video"}]
    good = {"url": gold[0]["url"] + "/", "headline": gold[0]["headline"], "published": "2024-05-25T18:03:00+05:30",
            "dateline": {"place": "नई दिल्ली", "date": "2024-05-25", "agency": None},
            "photo": {"credit": "ani"}, "body": "\n\n".join(gold[0]["body_with"])}
    summary = score(gold, [good]).summary()
    assert summary["headline"] == 1.0 and summary["dateline_place"] == 1.0 and summary["photo_credit"] == 1.0
    assert summary["body_recall"] == 1.0 and summary["body_leak_rate"] == 0.0
    assert summary["nonarticles_emitted"] == "0/1"
    leaky = {**good, "headline": "other", "body": good["body"] + " संबंधित खबरें", "dateline": None}
    tally = score(gold, [leaky])
    assert tally.summary()["headline"] == 0.0
    assert tally.summary()["dateline_presence"] == 0.0
    assert tally.summary()["body_leak_rate"] == 0.25
    assert any("leaks" in f for f in tally.failures)
    assert score(gold, []).summary()["found"] == 0


def test_loose_and_url_key() -> None:
    assert loose("(PTI)") == loose("pti")
    assert loose("नई दिल्ली।") == loose("नई दिल्ली")
    assert url_key("https://www.Example.com/a/b/") == url_key("http://example.com/a//b")


def test_evaluate_command_prints_both_extractors(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "seed.json").write_text(json.dumps(_gold_for_seed(), ensure_ascii=False), encoding="utf-8")
    proc = run_scrapy("evaluate", "--gold", str(gold_dir), "--pages", str(ROOT / "fixtures"), "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout)
    ours, baseline = figures["newscrawl"], figures["trafilatura"]
    assert ours["found"] == 1
    for metric in ("headline", "published", "dateline_presence", "dateline_place", "dateline_date",
                   "photo_credit", "body_recall", "clean_body_pages"):
        assert ours[metric] == 1.0, metric
    assert ours["body_leak_rate"] == 0.0
    assert baseline["dateline_place"] == 0.0 and baseline["photo_credit"] == 0.0


def test_evaluate_command_scores_a_replay(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "seed.json").write_text(json.dumps(_gold_for_seed(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_scrapy("crawl", "replay", "-a", f"path={SEED}", "-O", str(out)).returncode == 0
    proc = run_scrapy("evaluate", "--gold", str(gold_dir), "--items", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "headline" in proc.stdout and "newscrawl" in proc.stdout and "trafilatura" not in proc.stdout


def test_body_f1_counts_a_lost_article_as_zero() -> None:
    from newscrawl.evaluate import body_f1, score

    gold = [{"_file": "a.json", "url": "https://e.in/a", "page_type": "article", "headline": "h",
             "body_with": [], "body_without": [], "body_text": "one two three four"},
            {"_file": "b.json", "url": "https://e.in/b", "page_type": "article", "headline": "h",
             "body_with": [], "body_without": [], "body_text": "东京下雨了"}]
    items = [{"url": "https://e.in/a", "headline": "h", "body": "one two three four"}]
    assert score(gold, items).summary()["body_f1"] == 0.5
    assert body_f1("东京下雨了", "东京下雨") == pytest.approx(2 * 0.8 * 1.0 / 1.8)
