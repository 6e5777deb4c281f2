"""Masking of personal data before anything is stored.

A regex proposes, a validator proves (Luhn for cards); each masker is one row of `MASKERS`, applied
in order so that a longer identifier (a card) is masked before a shorter one inside it (an IIN).
Masked digits become `*`; separators are kept so that a masked value still reads like the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MASK = "*"

_SEP_DIGITS = r"\d(?:[ -]?\d)"
EMAIL_RE = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
IBAN_RE = re.compile(r"(?<![A-Za-z0-9])KZ\d{2}(?:[ ]?[A-Z0-9]){16}(?![A-Za-z0-9])", re.IGNORECASE)
CARD_RE = re.compile(rf"(?<![\d\w]){_SEP_DIGITS}{{12,18}}(?![\d\w])")
IIN_RE = re.compile(rf"(?<![\d\w]){_SEP_DIGITS}{{11}}(?![\d\w])")
PHONE_RE = re.compile(
    r"(?<![\d\w+])(?:\+7|8|7)[\s(-]{0,2}\d{3}[\s)-]{0,2}\d{3}[\s-]?\d{2}[\s-]?\d{2}(?![\d\w])"
)
LONG_NUMBER_RE = re.compile(r"(?<![\d\w])\d{9,}(?![\d\w])")


def digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def luhn_ok(number: str) -> bool:
    """The Luhn checksum of card numbers (digits only)."""
    ds = [int(c) for c in digits(number)]
    if len(ds) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _keep_last(value: str, keep: int, skip: int = 0) -> str:
    """Replace the alphanumerics of `value` by `*`, except the first `skip` and the last `keep`."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    hidden = set(positions[skip : len(positions) - keep])
    return "".join(MASK if i in hidden else ch for i, ch in enumerate(value))


def mask_card(value: str) -> str:
    """`4400 4301 2345 6789` → `**** **** **** 6789` (last 4 kept)."""
    return _keep_last(value, 4)


def mask_iin(value: str) -> str:
    """IIN (12 digits) → all but the last 2 masked."""
    return _keep_last(value, 2)


def mask_iban(value: str) -> str:
    """`KZ86125KZT5004100100` → `KZ**************0100` (country and last 4 kept)."""
    return _keep_last(value, 4, skip=2)


def mask_phone(value: str) -> str:
    """`+7 701 234 56 78` → `+7 *** *** ** 78` (country prefix and last 2 kept)."""
    skip = 1 if value.lstrip().startswith(("+7", "7", "8")) else 0
    return _keep_last(value, 2, skip=skip)


def mask_email(value: str) -> str:
    """`aigerim.n@mail.kz` → `a********@mail.kz` (first letter and domain kept)."""
    local, _, domain = value.partition("@")
    return local[:1] + MASK * max(len(local) - 1, 1) + "@" + domain


@dataclass(frozen=True)
class Masker:
    kind: str
    pattern: re.Pattern[str]
    mask: Callable[[str], str]
    valid: Callable[[str], bool] = lambda _: True


MASKERS: tuple[Masker, ...] = (
    Masker("email", EMAIL_RE, mask_email),
    Masker("iban", IBAN_RE, mask_iban),
    Masker("card", CARD_RE, mask_card, lambda s: luhn_ok(s)),
    Masker("phone", PHONE_RE, mask_phone),
    Masker("iin", IIN_RE, mask_iin),
    # Card-length numbers that fail Luhn, account and document numbers: keep only the last 2.
    Masker("number", LONG_NUMBER_RE, mask_iin),
)


def _apply(masker: Masker, text: str, found: list[str] | None) -> str:
    def repl(m: re.Match[str]) -> str:
        value = m.group(0)
        if not masker.valid(value):
            return value
        masked = masker.mask(value)
        if found is not None:
            found.append(masked)
        return masked

    return masker.pattern.sub(repl, text)


def mask_text(text: str) -> str:
    """The text with every e-mail, IBAN, card, phone, IIN and long number masked."""
    for masker in MASKERS:
        text = _apply(masker, text, None)
    return text


def masked_identifiers(text: str) -> dict[str, list[str]]:
    """Masked cards and IBANs found in `text` (the indicators a report keeps)."""
    found: dict[str, list[str]] = {}
    for masker in MASKERS:
        hits: list[str] = []
        text = _apply(masker, text, hits)
        found[masker.kind] = list(dict.fromkeys(hits))
    return {"cards": found["card"], "ibans": found["iban"]}
