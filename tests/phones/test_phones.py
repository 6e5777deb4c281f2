"""check_phone / find_phones: KZ formats, official numbers from the knowledge base, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saqbol.phones import check_phone, find_phones

CHECK = [
    ("+7 701 123 45 67", "mobile", None, "+77011234567"),
    ("87011234567", "mobile", None, "+77011234567"),
    ("8-777-123-45-67", "mobile", None, "+77771234567"),
    ("7011234567", "mobile", None, "+77011234567"),
    ("8 (7172) 77-52-10", "landline", None, "+77172775210"),
    ("+7 (727) 356-57-77", "landline", "altyn card-blocking", "+77273565777"),
    ("+7 771 000 7722", "mobile", "eurasian card-blocking", "+77710007722"),
    ("+7 700 000 7722", "mobile", "eurasian card-blocking", "+77000007722"),
    ("+7 (727) 258-55-10 ішкі 1140, 1153", "landline", "bank_of_china card-blocking",
     "+77272585510"),
    ("+7 (727) 233-00-00", "landline", "al_hilal card-blocking", "+77272330000"),
    ("9999", "short_official", "kaspi card-blocking", "9999"),
    ("9595", "short_official", "halyk card-blocking", "9595"),
    ("505", "short_official", "bcc card-blocking", "505"),
    ("102", "short_official", "police 102", "102"),
    ("1414", "short_official", "egov 1414", "1414"),
    ("1477", "short_official", "nbk_contact_centre 1477", "1477"),
    ("1400", "short_official", "kz_cert 1400", "1400"),
    ("1459", "short_official", "ardfm 1459", "1459"),
    ("1234", "short", None, "1234"),
    ("+7 916 123 45 67", "foreign", None, "+79161234567"),
    ("+44 20 7946 0958", "foreign", None, "+442079460958"),
]  # fmt: skip


@pytest.mark.parametrize(("number", "kind", "official", "e164"), CHECK)
def test_check_phone(number: str, kind: str, official: str | None, e164: str) -> None:
    r = check_phone(number)
    assert (r.kind, r.official, r.number) == (kind, official, e164)
    assert r.note


@pytest.mark.parametrize("bad", ["abc", "позвоните", "+7 70I 123 45 67", "", "   ", "+7 000",
                                 "1" * 200, "\x00", "12ab34"])  # fmt: skip
def test_bad_phone_is_invalid_with_note(bad: str) -> None:
    r = check_phone(bad)
    assert r.kind == "invalid"
    assert r.note


def test_letters_note_in_each_language() -> None:
    notes = {lang: check_phone("abc", lang).note for lang in ("kk", "ru", "en")}
    assert len(set(notes.values())) == 3


def test_every_bank_card_block_number_is_recognized() -> None:
    from saqbol.kb.loader import get_kb

    for bank in get_kb().contacts.banks:
        for num in bank.card_block:
            r = check_phone(num.display)
            assert r.official == f"{bank.id} card-blocking", (bank.id, num.display, r)


FIND = [
    ("Позвоните 9999 или на номер 102.", [("9999", "short_official"), ("102", "short_official")]),
    ("1477 нөміріне хабарласыңыз", [("1477", "short_official")]),
    ("call 1414 now", [("1414", "short_official")]),
    ("Звоните +7 701 123 45 67, 8 (7172) 77-52-10.",
     [("+7 701 123 45 67", "mobile"), ("8 (7172) 77-52-10", "landline")]),
    ("WhatsApp: 87011234567", [("87011234567", "mobile")]),
]  # fmt: skip

NOT_PHONES = [
    "Сумма 9999 тенге, 2024 жылы, 102 адам",
    "card 4400 4301 2345 6789",
    "ИИН 990101300123",
    "date 2024-01-25 and 25.01.2024",
    "1 500 000 ₸",
]


@pytest.mark.parametrize(("text", "expected"), FIND)
def test_find_phones(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_phones(text)
    got = [(text[r.span[0] : r.span[1]], r.kind) for r in found if r.span]
    assert got == expected


@pytest.mark.parametrize("text", NOT_PHONES)
def test_amounts_years_cards_are_not_phones(text: str) -> None:
    assert find_phones(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    check_phone(text)
    for r in find_phones(text):
        assert r.span is not None
        assert 0 <= r.span[0] < r.span[1] <= len(text)
