"""Masking of personal data: a table of positives and of things that must stay as they are."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saqbol.privacy import (
    luhn_ok,
    mask_card,
    mask_email,
    mask_iban,
    mask_iin,
    mask_phone,
    mask_text,
    masked_identifiers,
)


@pytest.mark.parametrize(
    ("fn", "value", "masked"),
    [
        (mask_card, "4400430123456789", "************6789"),
        (mask_card, "4400 4301 2345 6789", "**** **** **** 6789"),
        (mask_card, "4400-4301-2345-6789", "****-****-****-6789"),
        (mask_iin, "900101300123", "**********23"),
        (mask_iban, "KZ86125KZT5004100100", "KZ**************0100"),
        (mask_iban, "KZ86 125K ZT50 0410 0100", "KZ** **** **** **** 0100"),
        (mask_phone, "+7 701 234 56 78", "+7 *** *** ** 78"),
        (mask_phone, "87012345678", "8********78"),
        (mask_phone, "8 (701) 234-56-78", "8 (***) ***-**-78"),
        (mask_email, "aigerim.n@mail.kz", "a********@mail.kz"),
        (mask_email, "a@b.kz", "a*@b.kz"),
    ],
)
def test_maskers(fn: object, value: str, masked: str) -> None:
    assert fn(value) == masked  # type: ignore[operator]


@pytest.mark.parametrize(
    ("number", "ok"),
    [("4400430123456789", True), ("4400430123456788", False), ("79927398713", True), ("0", False)],
)
def test_luhn(number: str, ok: bool) -> None:
    assert luhn_ok(number) is ok


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Карта 4400 4301 2345 6789 бұғатталды", "Карта **** **** **** 6789 бұғатталды"),
        ("ИИН 900101300123, позвоните", "ИИН **********23, позвоните"),
        ("Аударыңыз: KZ86125KZT5004100100", "Аударыңыз: KZ**************0100"),
        ("Звоните +7 701 234 56 78!", "Звоните +7 *** *** ** 78!"),
        ("пишите на aigerim.n@mail.kz", "пишите на a********@mail.kz"),
        # A card-length number failing Luhn is still masked (as a long number).
        ("номер 4400430123456788", "номер **************88"),
        ("счёт 123456789012345", "счёт *************45"),
    ],
)
def test_mask_text_hides_personal_data(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Сіздің кодыңыз 4521. Ешкімге айтпаңыз.",
        "Сумма 50 000 тг, 12.03.2025 в 10:45",
        "Позвоните в 9999 или 102",
        "https://kaspi.kz/shop/p/123",
        "",
    ],
)
def test_mask_text_leaves_ordinary_text_alone(text: str) -> None:
    assert mask_text(text) == text


def test_masked_identifiers_lists_cards_and_ibans() -> None:
    found = masked_identifiers(
        "4400 4301 2345 6789 немесе KZ86125KZT5004100100, 4400 4301 2345 6789 қайта"
    )
    assert found == {"cards": ["**** **** **** 6789"], "ibans": ["KZ**************0100"]}


@given(st.text(max_size=200))
def test_mask_text_never_raises_and_keeps_no_long_digit_run(text: str) -> None:
    out = mask_text(text)
    run = 0
    for ch in out:
        run = run + 1 if ch.isascii() and ch.isdigit() else 0
        assert run < 9
