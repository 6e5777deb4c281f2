"""Find phone numbers in text: full Kazakh/foreign numbers anywhere, short numbers only next to
a word such as "позвоните", "call", "нөміріне" (so that amounts and years are not phones)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from saqbol.phones.check import check_phone
from saqbol.verdict import PhoneResult

MAX_TEXT = 100_000

_FULL = re.compile(r"(?<![\w+])(\+?\d[\d\s\-().]{7,22}\d)(?![\w])")
_SHORT = re.compile(r"(?<![\w+.,\-])(\d{3,4})(?![\w.,]\d|\d|\s?(?:%|₸|тг|тенге|теңге|руб|\$))")

_THREE_DIGITS = re.compile(r"\d\D*\d\D*\d")  # every number found below has at least three


@lru_cache(maxsize=1)
def _context() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    path = Path(str(resources.files("saqbol.phones") / "data" / "context.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = "|".join(re.escape(w) for w in sorted(data["before"], key=len, reverse=True))
    after = "|".join(re.escape(w) for w in sorted(data["after"], key=len, reverse=True))
    return (re.compile(rf"(?:^|[^\w])(?:{before})", re.I | re.U),
            re.compile(rf"^\s?(?:{after})", re.I), int(data["window"]))  # fmt: skip


def _full_ok(cand: str) -> bool:
    digits = sum(c.isdigit() for c in cand)
    if cand.startswith("+"):
        return 8 <= digits <= 15
    if cand.count("(") != cand.count(")"):
        return False
    if re.match(r"^\d{1,4}[.\-/]\d{1,2}[.\-/]\d{2,4}$", cand):
        return False  # a date
    first = next(c for c in cand if c.isdigit())
    if digits == 11:
        return first in "78"
    return digits == 10 and first in "67"


def find_phones(text: str, lang: str = "ru") -> list[PhoneResult]:
    """Every phone number in `text` with `span` = (start, end) in `text`."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_TEXT]
    if not _THREE_DIGITS.search(text):
        return []
    out: list[PhoneResult] = []
    taken: list[tuple[int, int]] = []
    for m in _FULL.finditer(text):
        cand = m.group(1)
        s, e = m.start(1), m.end(1)
        while cand and cand[-1] in ").-" and cand.count(")") > cand.count("("):
            cand, e = cand[:-1], e - 1
        if cand.startswith("(") and ")" not in cand:
            cand, s = cand[1:], s + 1
        if not _full_ok(cand.strip()):
            continue
        taken.append((s, e))
        out.append(check_phone(cand, lang).model_copy(update={"span": (s, e)}))
    before, after, window = _context()
    for m in _SHORT.finditer(text):
        s, e = m.span(1)
        if any(a <= s < b for a, b in taken):
            continue
        ctx = text[max(0, s - window) : s]
        if not (before.search(ctx) or after.match(text[e : e + 12])):
            continue
        r = check_phone(m.group(1), lang)
        out.append(r.model_copy(update={"span": (s, e)}))
    out.sort(key=lambda r: r.span or (0, 0))
    return out
