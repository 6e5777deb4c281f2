"""Judge one phone number: Kazakh mobile or landline, official short number, foreign, invalid."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from saqbol.kb.loader import get_kb
from saqbol.phones.official import official_numbers
from saqbol.verdict import PhoneResult

_EXT = re.compile(r"(?:ішкі|доб\.?|добавочный|ext\.?|extension|вн\.?)\s*[\d,\s]*$", re.I)
_ALLOWED = re.compile(r"^[\d\s\-().+/]*$")
MAX_INPUT = 64


def _note(key: str, lang: str, **fmt: object) -> str:
    try:
        return get_kb().text(key, lang, **fmt)
    except KeyError:
        return ""


@lru_cache(maxsize=65536)
def _check(number: str, lang: str) -> PhoneResult:
    raw = number.strip()
    shown = raw[:MAX_INPUT]
    if not raw:
        return PhoneResult(number="", kind="invalid", note=_note("phone.empty", lang))
    body = _EXT.sub("", raw).strip()
    if len(raw) > MAX_INPUT or not _ALLOWED.match(body) or not any(c.isdigit() for c in body):
        return PhoneResult(number=shown, kind="invalid", note=_note("phone.not_a_number", lang))
    digits = "".join(c for c in body if c.isdigit())
    official = official_numbers()
    plus = body.startswith("+")
    if not plus and 2 <= len(digits) <= 6:
        name = official.get(digits)
        if name:
            return PhoneResult(number=digits, kind="short_official", official=name,
                               note=_note("phone.short_official", lang, name=name))  # fmt: skip
        return PhoneResult(number=digits, kind="short", note=_note("phone.short_unknown", lang))
    if not plus and len(digits) == 11 and digits[0] == "8":
        body = "+7" + digits[1:]
    elif not plus and len(digits) == 10 and digits[0] in "67":
        body = "+7" + digits
    elif not plus and len(digits) == 11 and digits[0] == "7":
        body = "+" + digits
    try:
        parsed = phonenumbers.parse(body, "KZ")
    except NumberParseException:
        return PhoneResult(number=shown, kind="invalid", note=_note("phone.not_a_number", lang))
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(parsed):
        return PhoneResult(number=e164, kind="invalid", note=_note("phone.invalid", lang))
    region = phonenumbers.region_code_for_number(parsed)
    name = official.get(e164.lstrip("+"))
    if region != "KZ":
        return PhoneResult(number=e164, kind="foreign", official=name,
                           note=_note("phone.foreign", lang, region=region or "?"))  # fmt: skip
    ntype = phonenumbers.number_type(parsed)
    if ntype == PhoneNumberType.MOBILE:
        kind = "mobile"
    elif ntype in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        kind = "landline"
    else:
        kind = "unknown"
    if name:
        return PhoneResult(number=e164, kind=kind, official=name,
                           note=_note("phone.official", lang, name=name))  # fmt: skip
    key = "phone.mobile" if kind == "mobile" else "phone.landline"
    return PhoneResult(number=e164, kind=kind, note=_note(key, lang))


def check_phone(number: str, lang: str = "ru") -> PhoneResult:
    """What kind of number this is and whether it is an official one. Never raises."""
    if not isinstance(number, str):
        number = str(number)
    return _check(number, lang)
