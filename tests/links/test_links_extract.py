"""find_links: every link in free text, spans into the original text, no words or e-mails."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saqbol.links import find_links

CASES = [
    ("Перейдите по ссылке kaspi-bonus.kz/x, чтобы получить бонус.", ["kaspi-bonus.kz/x"]),
    ("Сайт: hxxps://kaspi[.]kz/shop. Жазыңыз: info@citizensec.kz", ["hxxps://kaspi[.]kz/shop"]),
    ("Open (https://egov.kz/cms/ru/services/x) now!", ["https://egov.kz/cms/ru/services/x"]),
    ("kaspi.kz-ке кіріңіз, немесе kaspi[.]kz сайтына", ["kaspi.kz", "kaspi[.]kz"]),
    ("http://192.168.1.1/login or 10.0.0.1/x", ["http://192.168.1.1/login", "10.0.0.1/x"]),
    ("bit.ly/3abc? kaspi.kz@evil.com/login", ["bit.ly/3abc", "kaspi.kz@evil.com/login"]),
    ("https://xn--kspi-53d.kz/ және каспи.рф", ["https://xn--kspi-53d.kz/", "каспи.рф"]),
    ("Ссылка:kaspi.kz/pay«ok»", ["kaspi.kz/pay"]),
    ("Зайди на www.olx-kz.com.", ["www.olx-kz.com"]),
    ("Волна (см. https://ru.wikipedia.org/wiki/Волна_(физика)).",
     ["https://ru.wikipedia.org/wiki/Волна_(физика)"]),
    ("http://[2a00:1450::1]/halyk тексеріңіз", ["http://[2a00:1450::1]/halyk"]),
]  # fmt: skip

NO_LINKS = [
    "т.б. 3.5 млн теңге, e.g. this, v1.2.3 and 1.2.3.4",
    "Жазыңыз: ivan.petrov@mail.ru немесе info@citizensec.kz",
    "г.Алматы, ул.Абая 10, т.е. завтра",
    "run script.py and read README.md",
    "Сумма 1.500.000 тг, 25.01.2024 ж.",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_finds_links_with_spans(text: str, expected: list[str]) -> None:
    found = find_links(text)
    assert [text[r.span[0] : r.span[1]] for r in found if r.span] == expected


@pytest.mark.parametrize("text", NO_LINKS)
def test_words_and_emails_are_not_links(text: str) -> None:
    assert find_links(text) == []


def test_verdicts_in_text() -> None:
    found = find_links("Kaspi: kaspi.kz/shop, but also kаspi-bonus.kz/login")
    assert [r.verdict for r in found] == ["safe", "phishing"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_never_raises_and_spans_are_valid(text: str) -> None:
    for r in find_links(text):
        assert r.span is not None
        s, e = r.span
        assert 0 <= s < e <= len(text)
