"""Find links in free text, with spans into the original text.

Two passes over the text as given (so offsets need no mapping): links with a scheme or `www.`,
then scheme-less host names (`kaspi-bonus.kz/x`, defanged `kaspi[.]kz`) that end in a real
public suffix. E-mail addresses, abbreviations (`т.б.`, `e.g.`) and numbers (`3.5`) are skipped.
"""

from __future__ import annotations

import re

from saqbol.links.check import analyze_parsed
from saqbol.links.parse import parse_url, refang, split_host
from saqbol.links.tables import get_tables
from saqbol.verdict import LinkResult

MAX_TEXT = 100_000
MAX_LINKS = 200

_DOT = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))"
_TAIL = r"""[^\s<>"'«»“”‘’`]*"""
_SCHEME_RE = re.compile(
    r"(?<![\w])(?:(?:h(?:tt|xx|XX|\*\*)ps?|ftp)(?:\[:\]|:)//|www\d{0,3}" + _DOT + r")" + _TAIL,
    re.IGNORECASE,
)
_HOST_RE = re.compile(
    r"(?<![\w@.\-/\[(])"
    r"(?:[^\s@/<>\"'«»]{1,64}@)?"  # user-info trick: kaspi.kz@evil.com/x
    r"(?:[\w\-]{1,63}" + _DOT + r"){1,8}[\w\-]{1,63}"
    r"(?::\d{2,5})?"
    r"(?:[/?#]" + _TAIL + r")?",
    re.IGNORECASE,
)
# Every link has a dot (or defanged dot) followed by a letter, or "//", or "www": a text
# without one is skipped before the two passes above.
_MAYBE = re.compile(_DOT + r"[\w\-]|//|www", re.IGNORECASE)
_TRAIL = ".,;:!?…)]}>'\"»”’*_"
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_LATIN_THEN_OTHER = re.compile(r"^([a-z0-9\-]+?)-?([^\x00-\x7f]+)$", re.IGNORECASE)


def _trim(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation; keep a closing bracket that has its opening one."""
    while end > start and text[end - 1] in _TRAIL:
        ch = text[end - 1]
        if ch in ")]}" and text[start:end].count({")": "(", "]": "[", "}": "{"}[ch]) >= text[
            start:end
        ].count(ch):
            break
        end -= 1
    return end


def _host_end(text: str, start: int, end: int) -> tuple[int, bool]:
    """For a scheme-less candidate: cut a Cyrillic word glued to the suffix ("kaspi.kz-ке"),
    and say whether the host ends in a real public suffix (or is an IPv4 with a path/port)."""
    cand = text[start:end]
    at = cand.find("@")
    body_start = at + 1 if at != -1 else 0
    stop = len(cand)
    for ch in "/?#:":
        i = cand.find(ch, body_start)
        if i != -1:
            stop = min(stop, i)
    host = refang(cand[body_start:stop]).lower()
    labels = host.split(".")
    last = labels[-1]
    m = _LATIN_THEN_OTHER.match(last)
    if m and stop == len(cand):
        cut = len(cand) - len(last) + len(m.group(1))
        # recompute on the original text: the suffix glued word starts after the Latin part
        raw_last_start = cand.rfind(last[: len(m.group(1))]) if last else -1
        if raw_last_start != -1:
            cut = raw_last_start + len(m.group(1))
        return _host_end(text, start, start + cut) if cut > body_start else (end, False)
    if _IPV4.match(host):
        return end, stop < len(cand)
    if not re.search(r"[^\W\d_]", labels[-2] if len(labels) > 1 else "") and not re.search(
        r"[^\W\d_]", host.replace(last, "")
    ):
        return end, False  # "3.5", "1.500.000": numbers
    _, domain, suffix = split_host(host)
    if suffix in get_tables().file_like and stop == len(cand) and "@" not in cand:
        return end, False  # "script.py", "README.md": a file name
    return end, bool(domain and suffix)


def find_links(text: str) -> list[LinkResult]:
    """Every link in `text`, judged by `check_url`, with `span` = (start, end) in `text`."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_TEXT]
    if not _MAYBE.search(text):
        return []
    out: list[LinkResult] = []
    taken: list[tuple[int, int]] = []
    for m in _SCHEME_RE.finditer(text):
        end = _trim(text, m.start(), m.end())
        if end - m.start() < 8:
            continue
        taken.append((m.start(), end))
    for m in _HOST_RE.finditer(text):
        s, e = m.start(), _trim(text, m.start(), m.end())
        if any(a <= s < b for a, b in taken):
            continue
        cand = text[s:e]
        if "@" in cand:
            at = cand.index("@")
            rest = cand[at + 1 :]
            if not re.search(r"[/?#]", rest):
                continue  # an e-mail address, not a link
        e, ok = _host_end(text, s, e)
        if not ok:
            continue
        taken.append((s, _trim(text, s, e)))
    taken.sort()
    for s, e in taken[:MAX_LINKS]:
        p = parse_url(text[s:e])
        r = analyze_parsed(p)
        out.append(r.model_copy(update={"span": (s, e)}))
    return out
