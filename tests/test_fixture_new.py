"""`scrapy fixtures --new`: one page of a WARC (or a saved page) becomes a fixture case, never outside fixtures/."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.fixtures import new_case, safe_name
from tests.conftest import ROOT, run_scrapy

SEED = ROOT / "fixtures" / "hindi.latestly.com" / "elon-musk-whatsapp"


def _warc(path: Path, url: str, body: bytes) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": "2026-11-20T10:00:00Z"}))


def test_a_warc_page_becomes_a_case_with_its_current_record(tmp_path: Path) -> None:
    url = json.loads((SEED / "page.meta.json").read_text(encoding="utf-8"))["url"]
    _warc(tmp_path / "a.warc.gz", url, (SEED / "page.html").read_bytes())
    folder = new_case(tmp_path / "a.warc.gz", "Elon Musk WhatsApp!", tmp_path / "fixtures", url=url)
    assert folder == (tmp_path / "fixtures" / "hindi.latestly.com" / "elon-musk-whatsapp").resolve()
    meta = json.loads((folder / "page.meta.json").read_text(encoding="utf-8"))
    assert meta["url"] == url and meta["fetched_at"] == "2026-11-20T10:00:00+00:00"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert expected["headline"].startswith("Elon Musk's allegations on WhatsApp")
    with pytest.raises(FileExistsError):
        new_case(tmp_path / "a.warc.gz", "elon-musk-whatsapp", tmp_path / "fixtures", url=url)
    with pytest.raises(LookupError):
        new_case(tmp_path / "a.warc.gz", "other", tmp_path / "fixtures", url="https://e.in/not-there")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/abs/path", "..", ".hidden", "a/b\\c", "", "नया केस"])
def test_case_names_never_leave_the_fixtures_folder(name: str, tmp_path: Path) -> None:
    safe = safe_name(name)
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".") and safe
    root = tmp_path / "fixtures"
    folder = new_case(SEED / "page.html", name, root)
    assert folder.resolve().is_relative_to(root.resolve())


def test_the_command_makes_a_case_and_refuses_a_warc_without_url(tmp_path: Path) -> None:
    url = json.loads((SEED / "page.meta.json").read_text(encoding="utf-8"))["url"]
    _warc(tmp_path / "a.warc.gz", url, (SEED / "page.html").read_bytes())
    proc = run_scrapy("fixtures", "--new", str(tmp_path / "a.warc.gz"), "--case", "x", cwd=tmp_path,
                      env={"SCRAPY_SETTINGS_MODULE": "newscrawl.settings"})
    assert proc.returncode == 2 and "give --url" in proc.stdout
    proc = run_scrapy("fixtures", "--new", str(tmp_path / "a.warc.gz"), "--case", "x", "--url", url, cwd=tmp_path,
                      env={"SCRAPY_SETTINGS_MODULE": "newscrawl.settings"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "fixtures" / "hindi.latestly.com" / "x" / "expected.json").is_file()
