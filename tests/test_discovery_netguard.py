"""SSRF guard: forbidden addresses, IP literals, public hosts, the middleware decision."""

from __future__ import annotations

import pytest

from newscrawl.discovery.netguard import (
    host_is_ip_literal,
    is_forbidden_address,
    is_public_host,
    parse_ip_literal,
    url_is_allowed,
)


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # CGNAT
        "0.0.0.0",
        "0.1.2.3",
        "224.0.0.1",  # multicast
        "239.255.255.250",
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "198.18.0.1",  # benchmarking
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",  # site-local
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:8.8.8.8",  # every mapped address is refused
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 wrapping 10.0.0.1
        "2001:db8::1",  # documentation
        "[::1]",
        "not-an-ip",  # fail closed
        "",
    ],
)
def test_forbidden(ip: str) -> None:
    assert is_forbidden_address(ip)


@pytest.mark.parametrize("ip", ["8.8.8.8", "1.1.1.1", "151.101.1.195", "2606:4700:4700::1111", "2002:808:808::"])
def test_allowed(ip: str) -> None:
    assert not is_forbidden_address(ip)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("[::1]", "::1"),
        ("[FE80::1%25eth0]", "fe80::1"),  # URL form of a zone id
        ("fe80::1%eth0", "fe80::1"),
        ("example.com", None),
        ("1.2.3.4.5", None),
        ("256.1.1.1", None),
        ("08.1.1.1", None),
        ("", None),
    ],
)
def test_parse_ip_literal(host: str, expected: str | None) -> None:
    got = parse_ip_literal(host)
    assert (str(got) if got is not None else None) == expected
    assert host_is_ip_literal(host) == (expected is not None)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.jagran.com", True),
        ("hindi.news18.com", True),
        ("WWW.AAJTAK.IN.", True),
        ("8.8.8.8", True),
        ("localhost", False),
        ("LOCALHOST.", False),
        ("api.localhost", False),
        ("printer.local", False),
        ("metadata.google.internal", False),
        ("router.home.arpa", False),
        ("intranet", False),  # single label
        ("127.0.0.1", False),
        ("127.1", False),
        ("0x7f000001", False),
        ("[::1]", False),
        ("169.254.169.254", False),
        ("", False),
        ("bad_host!.com", False),
    ],
)
def test_is_public_host(host: str, expected: bool) -> None:
    assert is_public_host(host) is expected


def test_is_public_host_with_resolver() -> None:
    answers = {
        "good.example.org": ["93.184.216.34"],
        "rebind.example.org": ["93.184.216.34", "127.0.0.1"],
        "empty.example.org": [],
    }

    def resolve(name: str) -> list[str]:
        if name not in answers:
            raise OSError("NXDOMAIN")
        return answers[name]

    assert is_public_host("good.example.org", resolve)
    assert not is_public_host("rebind.example.org", resolve)
    assert not is_public_host("empty.example.org", resolve)
    assert not is_public_host("missing.example.org", resolve)


def test_url_is_allowed() -> None:
    trusted = ["localhost", "127.0.0.1", "jagran.com"]
    assert url_is_allowed("https://www.jagran.com/technology-hindi.html", trusted)
    assert url_is_allowed("http://127.0.0.1:8000/fixture.html", trusted)  # named by the operator
    assert url_is_allowed("http://localhost:8000/", trusted)
    assert not url_is_allowed("http://127.0.0.2/", trusted)
    assert not url_is_allowed("http://169.254.169.254/latest/meta-data/", trusted)
    assert not url_is_allowed("http://127.0.0.1.nip.io.local/", trusted)
    assert not url_is_allowed("file:///etc/passwd", trusted)
    assert not url_is_allowed("ftp://www.jagran.com/", trusted)
    assert not url_is_allowed("http://[::1]/", trusted)
    assert url_is_allowed("https://www.bhaskar.com/", ())
    assert not url_is_allowed("https://", ())
