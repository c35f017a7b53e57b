"""URL normalisation for discovery and dedup.

Why not ``w3lib.url.canonicalize_url``: it sorts query parameters, which gives a
stable key but produces URLs that never appear on the site, and some CMSes
(Times Internet ``.cms`` pages, ``?yyyy=&mm=`` sitemaps) are sensitive to the
parameter order in logs and caches. We keep the site's own order and only
normalise what is provably equivalent (case of scheme/host, default port, empty
path, percent-encoding) plus a fixed list of tracking parameters. Two URLs that
differ only in parameter order therefore stay distinct; that costs at most one
duplicate fetch, and the content fingerprint in ``newscrawl.state`` catches it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

__all__ = [
    "TRACKING_PARAMS",
    "amp_candidates",
    "canonicalize",
    "host_of",
    "site_of",
]

#: Query keys (compared case-insensitively) that never change the resource.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ito",
        "taid",
        "ocid",
        "s_cid",
        "wt_mc",
        "wt.mc_id",
        "spm",
        "share",
        "shared",
    }
)
#: Key prefixes that mark tracking parameters (utm_source, utm_medium, …).
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_")
#: Generic keys dropped only for known tracking values. ``from`` and ``amp`` are
#: too generic to drop blindly (``from=2024-01-01`` can be a real filter), so a
#: value list decides. ``from=mdr`` is Times Internet's in-site referrer tag.
CONDITIONAL_TRACKING: dict[str, frozenset[str]] = {
    "from": frozenset({"mdr", "rss", "amp", "fb", "twitter", "whatsapp", "notification"}),
    "amp": frozenset({"", "1", "true", "yes"}),
}

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters left as they are in each component (RFC 3986 pchar / query).
_PATH_SAFE = frozenset(_UNRESERVED | set("!$&'()*+,;=:@/%"))
_QUERY_SAFE = frozenset(_UNRESERVED | set("!$'()*+,;:@/?%="))
_BAD_PCT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _normalise_pct(text: str, safe: frozenset[str]) -> str:
    """RFC 3986 §6.2.2: decode escaped unreserved chars, upper-case the rest, escape raw ones."""

    def _fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    text = _BAD_PCT_RE.sub("%25", text)
    text = _PCT_RE.sub(_fix, text)
    out: list[str] = []
    for char in text:
        if char in safe:
            out.append(char)
        else:
            out.extend(f"%{b:02X}" for b in char.encode("utf-8"))
    return "".join(out)


def _normalise_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if not host or host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _is_tracking(key: str, value: str, extra: Collection[str]) -> bool:
    k = unquote(key).strip().lower()
    if k in TRACKING_PARAMS or k in extra or k.startswith(TRACKING_PREFIXES):
        return True
    values = CONDITIONAL_TRACKING.get(k)
    return values is not None and unquote(value).strip().lower() in values


def _clean_query(query: str, extra: Collection[str]) -> str:
    kept: list[str] = []
    for part in query.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if _is_tracking(key, value, extra):
            continue
        kept.append(_normalise_pct(key, _QUERY_SAFE) + sep + _normalise_pct(value, _QUERY_SAFE))
    return "&".join(kept)


def _netloc(parts: SplitResult, scheme: str) -> str:
    host = _normalise_host(parts.hostname or "")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    return netloc


def canonicalize(url: str, drop_params: Collection[str] = ()) -> str:
    """Return the dedup key form of ``url``; idempotent.

    Lower-cases scheme and host (IDNA for non-ASCII hosts), drops the default
    port, the fragment and tracking parameters (``TRACKING_PARAMS``,
    ``utm_*``, ``from=mdr``, ``amp=1``, plus ``drop_params`` from a site
    profile), keeps the other parameters in their original order, turns an
    empty path into ``/`` and normalises percent-encoding (RFC 3986: escaped
    unreserved characters decoded, other escapes upper-cased, raw non-ASCII
    such as Devanagari encoded as UTF-8). Raises ``ValueError`` for what
    ``urllib`` cannot split (an unclosed IPv6 bracket).
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    extra = frozenset(p.lower() for p in drop_params)
    path = _normalise_pct(parts.path, _PATH_SAFE)
    if not path and parts.netloc:
        path = "/"
    query = _clean_query(parts.query, extra) if parts.query else ""
    return urlunsplit((scheme, _netloc(parts, scheme), path, query, ""))



def host_of(url: str) -> str:
    """Lower-case host without port or trailing dot ("" when the URL has none)."""
    try:
        return _normalise_host(urlsplit(url.strip()).hostname or "")
    except ValueError:
        return ""


def host_in(host: str, domains: Iterable[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one ("www.e.in" is in "e.in")."""
    return bool(host) and any(host == d or host.endswith("." + d) for d in domains if d)


def site_of(url: str) -> str:
    """Host without a leading ``www.``, the name we report as the article's site."""
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


# --- AMP ---------------------------------------------------------------------

_AMP_CACHE_RE = re.compile(r"^/[cvi]/(?P<secure>s/)?(?P<rest>[^/].*)$")
_AMP_SHOW_RE = re.compile(r"/amp_(\w*show)/")
_AMP_HTML_RE = re.compile(r"\.amp(\.html?)?$")


def _strip_amp_segments(path: str) -> str:
    segments = path.split("/")
    kept = [s for s in segments if s.lower() != "amp"]
    new = "/".join(kept)
    if path.endswith("/") and not new.endswith("/"):
        new += "/"
    return new or "/"


def _without_amp_query(query: str) -> str:
    kept = [
        p
        for p in query.split("&")
        if p
        and p.partition("=")[0].lower() not in {"amp", "outputtype"}
        and p.lower() not in {"output=amp", "outputtype=amp"}
    ]
    return "&".join(kept)


def amp_candidates(url: str) -> list[str]:
    """Guess the non-AMP URL(s) of an AMP page, most likely first.

    Only a fallback: the page's ``<link rel="canonical">`` is authoritative.
    Covers ``/amp/`` as prefix, infix or suffix, ``?amp``/``?amp=1``,
    ``.amp.html``/``.amp``, an ``amp.`` subdomain, Times Internet's
    ``amp_articleshow`` and Google AMP-cache URLs. Returns ``[]`` when the URL
    shows no AMP marker.
    """
    parts = urlsplit(url.strip())
    scheme, host, path, query = parts.scheme.lower(), host_of(url), parts.path, parts.query
    candidates: list[str] = []

    if host.endswith(".cdn.ampproject.org"):
        match = _AMP_CACHE_RE.match(path)
        if match:
            rest = match.group("rest")
            inner_scheme = "https" if match.group("secure") else "http"
            inner = f"{inner_scheme}://{rest}" + (f"?{query}" if query else "")
            return [canonicalize(inner), *amp_candidates(inner)]
        return []

    hosts = [host]
    if host.startswith("amp."):
        bare = host[4:]
        hosts = [f"www.{bare}", bare]
    new_path = _AMP_SHOW_RE.sub(r"/\1/", path)
    new_path = _strip_amp_segments(new_path)
    new_path = _AMP_HTML_RE.sub(lambda m: m.group(1) or "", new_path)
    new_query = _without_amp_query(query)

    if hosts == [host] and new_path == path and new_query == query:
        return []
    try:
        port = parts.port
    except ValueError:
        port = None
    for h in hosts:
        netloc = f"{h}:{port}" if port else h
        candidates.append(canonicalize(urlunsplit((scheme, netloc, new_path, new_query, ""))))
        # WordPress serves /slug/amp/ for /slug/; also offer the slash-less form.
        if path.rstrip("/").lower().endswith("/amp") and new_path.endswith("/") and new_path != "/":
            candidates.append(canonicalize(urlunsplit((scheme, netloc, new_path.rstrip("/"), new_query, ""))))
    seen: set[str] = set()
    out = []
    own = url.strip()
    for c in candidates:
        if c not in seen and c != own:
            seen.add(c)
            out.append(c)
    return out


_ARTICLE_ID = re.compile(r"(?:^|[-_/.])\d{5,}(?:[-_.]|\.html?$|\.cms$|$)")
_NOT_ARTICLE_PATH = re.compile(
    r"/(?:tags?|topics?|author|authors|category|categories|section|search|page|videos?|photos?|gallery|galleries|"
    r"photogallery|web-?stories|live-?tv|login|register|about|contact|privacy|terms)(?:/|$)",
    re.I,
)


def looks_like_article(url: str) -> bool:
    """URL shape of a news article on a site with no profile: a long slug or a numeric story id.

    Used only to let article candidates one hop past the link-following depth
    on ad-hoc crawls; the page itself still decides (page type) before anything is emitted.
    """
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    if _NOT_ARTICLE_PATH.search(path) or (path.endswith("/") and path.count("/") <= 2):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    slug_words = len([w for w in re.split(r"[-_]", last.split(".")[0]) if w])
    return bool(_ARTICLE_ID.search(path)) or slug_words >= 5


_PAGINATION = re.compile(r"/page[/-]\d+/?$|[?&](?:page|pg|p|paged|pageno|curpg)=\d+(?:&|$)", re.I)


def looks_like_pagination(url: str) -> bool:
    """A further page of a listing (/page/3/, ?page=3): it costs no link-following depth."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    return bool(_PAGINATION.search(tail))


def is_amp_copy(url: str, canonical: str | None, drop_params: Collection[str] = ()) -> bool:
    """An AMP page whose rel=canonical names its original, a different, non-AMP URL.

    A live crawl fetches the original instead; a replay emits the copy only
    when the original is not in the archive.
    """
    if not canonical:
        return False
    here, there = canonicalize(url, drop_params).rstrip("/"), canonicalize(canonical, drop_params).rstrip("/")
    return here != there and bool(amp_candidates(url)) and not amp_candidates(canonical)
