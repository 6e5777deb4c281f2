"""Judge one URL: official, lookalike of an official brand, merely suspicious, or unknown.

Each technique is a small function that returns findings `(weight_key, brand label | None)`;
a weight key is a reason id, optionally with a `_weak`/`_shared_name` strength suffix that only
changes its weight (weights.yaml). Risk = 1 - prod(1 - weight). Allow-list first: a host under
an official domain of the knowledge base is `safe`; nothing else ever is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from saqbol.links.brands import BrandIndex, BrandLabel, get_index
from saqbol.links.parse import ParsedURL, parse_url
from saqbol.links.skeleton import char_skeleton, is_mixed_script, skeleton, weak_keys
from saqbol.links.tables import Tables, get_tables
from saqbol.verdict import LinkResult

Finding = tuple[str, BrandLabel | None]

_SPLIT = re.compile(r"[-_]+")
_PATH_SPLIT = re.compile(r"[^\w]+")
_STRENGTH = ("_weak", "_shared_name")
MAX_SHOWN = 300  # characters of the URL echoed back in a result


def reason_id(key: str) -> str:
    for s in _STRENGTH:
        if key.endswith(s):
            return key[: -len(s)]
    return key


def _parents(host: str) -> list[str]:
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _exact_match(raw: str, suffix: str, ix: BrandIndex) -> list[Finding]:
    """The same skeleton as a brand label (homoglyphs, hyphens, another suffix)."""
    compact = raw.replace("-", "").replace("_", "")
    for bl in ix.by_skel.get(skeleton(compact), ()):
        if raw == bl.label:
            if suffix == bl.suffix:
                return []  # the name itself under its own suffix: an official host elsewhere
            cc = suffix.rsplit(".", 1)[-1]
            if not bl.shared or cc == bl.suffix.rsplit(".", 1)[-1]:
                return [("wrong_tld", bl)]
            # a name used abroad too: a hint, stronger when copied into the .kz zone
            return [("wrong_tld_weak" if cc == "kz" else "wrong_tld_shared_name", bl)]
        if compact == bl.label:
            return [("typosquat", bl)]
        return [("lookalike_homoglyph", bl)]
    for key in dict.fromkeys(weak_keys(compact)):
        for bl in ix.by_weak.get(key, ()):
            if not bl.short:
                return [("lookalike_homoglyph", bl)]
            if suffix == bl.suffix:
                return [("lookalike_homoglyph_weak", bl)]
    return []


def _typo_match(sk: str, suffix: str, ix: BrandIndex) -> list[Finding]:
    """One edit away from a brand label (two for long names, or two inserted letters)."""
    n = len(sk)
    if n < 3 or n > ix.max_len + 2:
        return []
    hits = process.extract(sk, ix.skel_choices, scorer=OSA.distance, score_cutoff=2, limit=None)
    best: Finding | None = None
    for _, dist, i in sorted(hits, key=lambda h: h[1]):
        bl = ix.skel_owner[i]
        m = len(bl.chars)
        if bl.short:
            if dist == 1 and suffix == bl.suffix:
                best = best or ("typosquat_weak", bl)
            continue
        if dist == 1 or (dist == 2 and (m >= 8 or (n == m + 2 and _is_subsequence(bl.chars, sk)))):
            return [("typosquat", bl)]
    return [best] if best else []


def _label_match(raw: str, suffix: str, ix: BrandIndex) -> list[Finding]:
    return _exact_match(raw, suffix, ix) or _typo_match(
        char_skeleton(raw.replace("-", "")), suffix, ix
    )


def _tokens_brand(tokens: list[str], ix: BrandIndex, t: Tables) -> Finding | None:
    """A short or ordinary-word brand name as a whole part next to a lure word."""
    lures = [tok for tok in tokens if tok in t.lure_words]
    for tok in tokens:
        sk = char_skeleton(tok)
        owner = ix.token_keywords.get(sk)
        near = [w for w in lures if w != tok]
        if owner is None:
            hit = ix.compounds.get(sk)  # "olxkz", "postkz": brand and lure glued together
            if hit is None:
                continue
            owner, rest = hit
            near.append(rest)
            sk = char_skeleton(owner.label)
        if not near:
            continue
        strong = sk not in ix.generic or any(w in t.country_markers for w in near)
        return ("brand_plus_words" if strong else "brand_plus_words_weak", owner)
    return None


def _keyword(sk: str, ix: BrandIndex) -> BrandLabel | None:
    if ix.keyword_re is None:
        return None
    m = ix.keyword_re.search(sk)
    return ix.keyword_owner[m.group(0)] if m else None


def _official_in(text: str, ix: BrandIndex) -> BrandLabel | None:
    """An official domain written inside a sub-domain, user-info or path ("kaspi.kz.evil.com")."""
    m = ix.official_re.search(text.lower()) if ix.official_re else None
    if m is None:
        return None
    brand, _ = ix.official[m.group(0)]
    return ix.main.get(brand)


def _brand_in_text(text: str, ix: BrandIndex, t: Tables, tokens: bool = True) -> BrandLabel | None:
    """A brand named anywhere in a sub-domain / path / user-info. Without `tokens` only the
    distinctive names and official domains are looked for (cheap, for paths of ordinary sites)."""
    if not text:
        return None
    hit = _official_in(text, ix)
    if hit:
        return hit
    low = text.lower()
    if not tokens:
        return _keyword(char_skeleton(low), ix)
    toks = [x for x in _PATH_SPLIT.split(low) if x]
    for tok in toks:
        if (kw := _keyword(char_skeleton(tok), ix)) is not None:
            return kw
    found = _tokens_brand([x for tok in toks for x in _SPLIT.split(tok) if x], ix, t)
    return found[1] if found else None


@lru_cache(maxsize=65536)
def _host_findings(host: str, sub: str, label: str, suffix: str) -> tuple[tuple[Finding, ...], str]:
    """Findings that depend on the host only; second item: 'official', 'parent', 'platform', ''."""
    ix, t = get_index(), get_tables()
    parents = _parents(host)
    platform = any(p in t.free_hosting for p in parents)
    for p in parents:
        if p in ix.official:
            owner = ix.main.get(ix.official[p][0])
            return ((("official", owner),), "platform_official" if platform else "official")
    out: list[Finding] = []
    if any(p in t.shorteners for p in parents):
        out.append(("shortener", None))  # dropped again below when there is no path
    last = suffix.rsplit(".", 1)[-1]
    if suffix in t.risky_tlds or last in t.risky_tlds:
        out.append(("risky_tld", None))
    if not label:
        return tuple(out), ""
    if is_mixed_script(label) or any(is_mixed_script(x) for x in sub.split(".") if x):
        out.append(("mixed_script", None))
    if platform:
        brand = _brand_in_text(sub, ix, t) if sub else None
        if brand is None and sub:  # on a platform even a short brand name alone is a claim
            for x in re.split(r"[.\-_]+", sub):
                brand = brand or ix.token_keywords.get(char_skeleton(x))
        if brand is None and sub:
            for x in sub.split("."):
                f = _label_match(x, "", ix)
                if f and not f[0][0].endswith(("_weak", "_shared_name")):
                    brand = f[0][1]
        if brand is not None:
            out.append(("free_hosting_brand_path", brand))
        return tuple(out), "platform"
    if f"{label}.{suffix}" in ix.official_parents:
        return tuple(out), "parent"
    compact = label.replace("-", "").replace("_", "")
    chars = char_skeleton(compact)
    found = _exact_match(label, suffix, ix)
    if not found and (kw := _keyword(chars, ix)) is not None:
        found = [("brand_plus_words", kw)]
    if not found:
        found = _typo_match(chars, suffix, ix)
    if not found and sub:  # "k.aspi.kz", "go.ogle.com": a dot inserted into the brand name
        parts = [*sub.split("."), label]
        for k in range(2, min(4, len(parts)) + 1):
            joined = "".join(parts[-k:]).replace("-", "")
            for bl in ix.by_skel.get(skeleton(joined), ()):
                found = [("typosquat", bl)]
    if not found:
        tokens = [x for x in _SPLIT.split(label) if x]
        if (tb := _tokens_brand(tokens, ix, t)) is not None:
            found = [tb]
        elif len(tokens) > 1:
            for tok in tokens:
                f = _label_match(tok, "", ix)
                if f and f[0][0] in ("typosquat", "lookalike_homoglyph"):
                    found = [f[0], ("brand_plus_words", f[0][1])]
                    break
        if not found and any(x in t.lure_words for x in tokens):
            out.append(("lure_words", None))
    out.extend(found)
    if sub and not found:
        joined_host = f"{sub}.{label}".replace("-", ".")
        brand = _brand_in_text(sub, ix, t) or _official_in(joined_host, ix)
        if brand is None:
            for x in re.split(r"[.\-_]+", sub):
                f = _label_match(x, "", ix) if len(x) >= 4 else []
                if f and f[0][0] in ("lookalike_homoglyph", "typosquat"):
                    brand = f[0][1]
                    break
        if brand is not None:
            out.append(("brand_in_subdomain", brand))
    return tuple(out), ""


_LOGIN = re.compile(r"log-?in|sign-?in|auth|verify|password|passwd|card|pay|oplata|cvv|otp|"
                    r"account|kabinet|cabinet|bank|secure|confirm", re.I)  # fmt: skip


def _combine(url: str, findings: list[Finding], t: Tables) -> LinkResult:
    risk = 0.0
    keep = 1.0
    reasons: list[str] = []
    target: BrandLabel | None = None
    best = -1.0
    for key, bl in findings:
        w = t.weights.get(key, 0.0)
        keep *= 1.0 - w
        rid = reason_id(key)
        if rid not in reasons:
            reasons.append(rid)
        if bl is not None and w > best:
            best, target = w, bl
    risk = round(1.0 - keep, 3)
    if risk >= t.phishing_at:
        verdict = "phishing"
    elif risk >= t.suspicious_at:
        verdict = "suspicious"
    else:
        verdict = "unknown"
    shown = url if len(url) <= MAX_SHOWN else url[:MAX_SHOWN] + "…"
    return LinkResult(url=shown, verdict=verdict, risk=risk,
                      target=target.target if target and verdict != "unknown" else None,
                      reasons=reasons)  # fmt: skip


def analyze_parsed(p: ParsedURL) -> LinkResult:
    t = get_tables()
    if p.dangerous_scheme:
        return _combine(p.url, [("dangerous_scheme", None)], t)
    if p.invalid:
        return _combine(p.url, [] if p.scheme else [("invalid_host", None)], t)
    findings: list[Finding] = []
    if p.long:
        findings.append(("long_url", None))
    if p.ip:
        findings.append(("ip_host", None))
        kind = ""
    else:
        host_f, kind = _host_findings(p.host, p.subdomain, p.domain, p.suffix)
        if kind == "official" or (kind == "platform_official" and len(p.path.strip("/")) == 0):
            bl = host_f[0][1]
            return LinkResult(url=p.url[:MAX_SHOWN], verdict="safe", risk=0.0,
                              target=bl.target if bl else None, reasons=["official"])  # fmt: skip
        short_home = len(p.path.strip("/?#")) == 0  # a shortener's own home page hides nothing
        findings.extend(
            f for f in host_f if f[0] != "official" and not (f[0] == "shortener" and short_home)
        )
        if p.idn:
            findings.append(("punycode", None))
        if p.punycode_invalid:
            findings.append(("punycode_invalid", None))
    ix = get_index()
    if p.userinfo:
        bl = _brand_in_text(p.userinfo, ix, t)
        findings.append(("userinfo_brand", bl) if bl else ("userinfo", None))
    if p.path and len(p.path) > 1:
        has_brand = any(b is not None for _, b in findings)
        if kind.startswith("platform") and not has_brand:
            bl = _brand_in_text(p.path, ix, t)
            if bl is not None:
                findings.append(("free_hosting_brand_path", bl))
        elif not has_brand and not p.ip and kind != "parent":
            bl = _brand_in_text(p.path, ix, t, tokens=False)
            if bl is not None:
                findings.append(("brand_in_path", bl))
        if p.scheme == "http" and _LOGIN.search(p.path):
            findings.append(("http_login", None))
    return _combine(p.url, findings, t)


def check_url(url: str) -> LinkResult:
    """Verdict on one URL (with or without scheme, defanged or not). Never raises."""
    if not isinstance(url, str):
        url = str(url)
    return analyze_parsed(parse_url(url))
