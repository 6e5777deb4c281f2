"""Parse a URL the way a browser would read its host: refang, scheme, user-info, port, IDN.

Never raises: whatever the input, the result says what it is (`invalid`, `dangerous_scheme`...).
Host names are split with tldextract's bundled public-suffix snapshot (no network).
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import unquote

import idna
import tldextract

MAX_URL = 2048  # longer URLs are analysed on their first MAX_URL characters
DANGEROUS_SCHEMES = frozenset({"javascript", "data", "vbscript", "file", "blob"})
WEB_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
OTHER_SCHEMES = frozenset({"mailto", "tel", "sms", "tg", "intent", "whatsapp", "viber", "about"})

_DEFANG_DOT = re.compile(r"\s?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\[\s?\.\s?\])\s?", re.I)
_DEFANG_SCHEME = re.compile(r"^(?:hxxp|hxxps|h\*\*p|h\*\*ps|hXXp|hXXps)(?=(?:\[:\]|:))", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]{0,15}):")
_IPV4ISH = re.compile(r"^(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}$")
_HOST_OK = re.compile(r"^[\w\-.]+$")
_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass(frozen=True, slots=True)
class ParsedURL:
    url: str  # refanged input, cut to MAX_URL
    scheme: str = ""
    userinfo: str = ""
    host: str = ""  # unicode, lower case, no trailing dot
    port: str = ""
    path: str = ""  # path + query + fragment
    subdomain: str = ""
    domain: str = ""  # registrable label ("kaspi" in shop.kaspi.kz)
    suffix: str = ""  # public suffix ("kz", "gov.kz", "com.kz")
    ip: bool = False
    idn: bool = False
    punycode_invalid: bool = False
    dangerous_scheme: bool = False
    long: bool = False
    invalid: bool = False

    @property
    def registrable(self) -> str:
        return f"{self.domain}.{self.suffix}" if self.domain and self.suffix else self.domain


def refang(text: str) -> str:
    """`hxxps://kaspi[.]kz` → `https://kaspi.kz`."""
    if "[" in text or "(" in text or "{" in text:
        text = _DEFANG_DOT.sub(".", text)
        text = text.replace("[:]", ":").replace("[://]", "://")
    if text[1:3].lower() not in ("xx", "**"):
        return text
    return _DEFANG_SCHEME.sub(
        lambda m: "https" if m.group(0).lower().endswith("s") else "http", text
    )


@lru_cache(maxsize=65536)
def decode_host(host: str) -> tuple[str, bool, bool]:
    """(unicode host, is IDN, has an undecodable punycode label)."""
    if "xn--" not in host:
        return host, not host.isascii(), False
    bad = False
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = idna.decode(label)
            except (idna.IDNAError, UnicodeError, ValueError):
                bad = True  # not valid IDNA; still show what the raw punycode spells, if anything
                with contextlib.suppress(UnicodeError, ValueError):
                    label = label[4:].encode("ascii").decode("punycode")
        labels.append(label)
    return ".".join(labels), True, bad


@lru_cache(maxsize=65536)
def split_host(host: str) -> tuple[str, str, str]:
    r = _EXTRACT(host, include_psl_private_domains=False)
    return r.subdomain, r.domain, r.suffix


def _is_ip(host: str) -> bool:
    if host.startswith("[") or ":" in host:
        try:
            ipaddress.ip_address(host.strip("[]"))
            return True
        except ValueError:
            return False
    return bool(_IPV4ISH.match(host)) and (
        host.count(".") == 3 or not host.isdigit() or len(host) > 6
    )


def parse_url(raw: str) -> ParsedURL:
    s = raw.strip()
    long = len(s) > MAX_URL
    s = refang(s[: MAX_URL * 2])[:MAX_URL]
    m = _SCHEME.match(s)
    scheme = ""
    rest = s
    if m:
        cand = m.group(1).lower()
        after = s[m.end() :]
        if cand in DANGEROUS_SCHEMES or cand in OTHER_SCHEMES:
            return ParsedURL(url=s, scheme=cand, dangerous_scheme=cand in DANGEROUS_SCHEMES,
                             long=long, invalid=cand not in DANGEROUS_SCHEMES)  # fmt: skip
        if after.startswith(("//", "/\\", "\\\\", "\\/")) or cand in WEB_SCHEMES:
            scheme = cand
            rest = after.lstrip("/\\")
    end = len(rest)
    for ch in "/?#\\":
        i = rest.find(ch)
        if i != -1 and i < end:
            end = i
    authority, path = rest[:end], rest[end:]
    userinfo = ""
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
    port = ""
    if authority.startswith("["):
        close = authority.find("]")
        host = authority[: close + 1] if close != -1 else authority
        port = (
            authority[close + 2 :]
            if close != -1 and authority[close + 1 : close + 2] == ":"
            else ""
        )
    else:
        host, sep, p = authority.rpartition(":")
        if sep and p.isdigit():
            port = p
        elif sep and not p:
            pass
        else:
            host = authority
    if "%" in host:
        host = unquote(host)
    if not host.isascii():
        host = unicodedata.normalize("NFKC", host.translate(_DOTS))
    host = host.lower().strip().rstrip(".")
    base = ParsedURL(url=s, scheme=scheme, userinfo=userinfo, port=port, path=path, long=long)
    if not host:
        return replace(base, invalid=True)
    if _is_ip(host):
        return replace(base, host=host, ip=True)
    if len(host) > 253 or not _HOST_OK.match(host) or ".." in host or host.startswith("."):
        return replace(base, host=host, invalid=True)
    uhost, idn, bad = decode_host(host)
    sub, dom, suf = split_host(uhost)
    return replace(base, host=uhost, subdomain=sub, domain=dom, suffix=suf, idn=idn,
                   punycode_invalid=bad)  # fmt: skip
