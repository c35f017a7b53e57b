"""SSRF guard: which hosts and addresses a crawl may follow links or redirects to.

A hostile or compromised site can link or redirect to ``http://127.0.0.1/``,
``http://169.254.169.254/`` (cloud metadata) or an intranet name. The
downloader middleware refuses such targets unless the host was named by the
operator (start URLs or a site profile). These functions are pure: hostnames
are judged by name only unless the caller passes a resolver, because DNS
lookups are I/O and belong to the middleware.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Collection, Iterable
from urllib.parse import urlsplit

__all__ = [
    "host_is_ip_literal",
    "is_forbidden_address",
    "is_public_host",
    "parse_ip_literal",
    "url_is_allowed",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_SHARED_V4 = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
#: Names that never denote a public internet host.
_LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".localdomain",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".home.arpa",
    ".in-addr.arpa",
    ".ip6.arpa",
    ".onion",
    ".test",
    ".invalid",
    ".example",
)
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "broadcasthost"})
_HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")
_NUM_PART_RE = re.compile(r"^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$", re.IGNORECASE)


def _clean_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """IPv4 the way ``inet_aton``/browsers read it: ``127.1``, ``0x7f.1``, ``2130706433``, ``0177.0.0.1``."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUM_PART_RE.match(p) for p in parts):
        return None
    nums = []
    for p in parts:
        if p.lower().startswith("0x"):
            nums.append(int(p[2:] or "0", 16))
        elif len(p) > 1 and p.startswith("0"):
            nums.append(int(p, 8))
        else:
            nums.append(int(p))
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(nums)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(value)


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host string denotes literally (brackets, zone ids, inet_aton forms), else None."""
    h = _clean_host(host)
    if not h:
        return None
    h = h.split("%", 1)[0]  # IPv6 zone id
    try:
        return ipaddress.ip_address(h)
    except ValueError:
        pass
    return _inet_aton(h)


def host_is_ip_literal(host: str) -> bool:
    """True for ``1.2.3.4``, ``[::1]``, and numeric forms resolvers accept (``127.1``, ``0x7f000001``)."""
    return parse_ip_literal(host) is not None


def _embedded_v4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]
    if addr in _NAT64 or addr in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def _forbidden(addr: IPAddress) -> bool:
    if (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or not addr.is_global
    ):
        return True
    if isinstance(addr, ipaddress.IPv4Address):
        return addr in _SHARED_V4 or addr == ipaddress.IPv4Address("255.255.255.255")
    if addr.ipv4_mapped is not None or addr.is_site_local:
        return True
    embedded = _embedded_v4(addr)
    return embedded is not None and _forbidden(embedded)


def is_forbidden_address(ip: str) -> bool:
    """True for addresses a crawler must not connect to.

    Private, loopback, link-local (incl. cloud metadata 169.254.169.254),
    multicast, reserved, unspecified, shared/CGNAT and documentation ranges,
    every IPv4-mapped IPv6 address (``::ffff:…``; a DNS answer should never
    need one), site-local IPv6, and 6to4/Teredo/NAT64 addresses that embed a
    forbidden IPv4. A string that is not an address is forbidden too (fail
    closed).
    """
    addr = parse_ip_literal(ip)
    return True if addr is None else _forbidden(addr)


def is_public_host(host: str, resolve: Callable[[str], Iterable[str]] | None = None) -> bool:
    """Whether ``host`` may be crawled without operator approval.

    IP literals are judged by address. Hostnames are judged by name
    (``localhost``, ``*.local``, ``*.internal``, single-label intranet names
    … are not public); when ``resolve`` is given (e.g. a wrapper around
    ``socket.getaddrinfo`` with a timeout) every resolved address must also
    be allowed, and a name that resolves to nothing is not public.
    """
    h = _clean_host(host)
    if not h:
        return False
    addr = parse_ip_literal(h)
    if addr is not None:
        return not _forbidden(addr)
    try:
        h = h.encode("idna").decode("ascii") if not h.isascii() else h
    except UnicodeError:
        return False
    if h in _LOCAL_NAMES or h.endswith(_LOCAL_SUFFIXES) or "." not in h or not _HOSTNAME_RE.match(h):
        return False
    if resolve is None:
        return True
    try:
        addresses = list(resolve(h))
    except OSError:
        return False
    return bool(addresses) and not any(is_forbidden_address(a) for a in addresses)


def url_is_allowed(
    url: str,
    trusted_hosts: Collection[str] = (),
    resolve: Callable[[str], Iterable[str]] | None = None,
) -> bool:
    """The middleware's decision for one request URL.

    Only http(s). Hosts in ``trusted_hosts`` (and their subdomains), i.e.
    named in start URLs or a profile, are always allowed, even when private
    (local test servers); anything else must be a public host.
    """
    try:
        parts = urlsplit(url.strip())
        host = _clean_host(parts.hostname or "")
    except ValueError:
        return False
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return False
    trusted = {_clean_host(t) for t in trusted_hosts}
    if host in trusted or any(host.endswith("." + t) for t in trusted if t and not host_is_ip_literal(t)):
        return True
    return is_public_host(host, resolve)
