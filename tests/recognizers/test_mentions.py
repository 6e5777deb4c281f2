"""A red flag named in quotation marks is a mention (warnings, news), not the flag itself."""

from __future__ import annotations

import time

import pytest

from saqbol.pipeline import extract
from saqbol.recognizers.mentions import mention_spans
from saqbol.text.normalize import normalize

WARNINGS = [
    "Сотрудники Kaspi никогда не звонят с просьбой перевести деньги на «безопасный счёт». "
    "Если звонят — кладите трубку.",
    'Полиция ескертеді: банк ешқашан ақшаны "қауіпсіз шотқа" аударуды сұрамайды, '
    "102-ге хабарласыңыз.",
    "My grandma got a call from 'bank security' asking her to move savings to a 'safe account'. "
    "She hung up, thank god.",
    # typed on a phone: typographic single quotes, and an apostrophe inside them
    "My grandma got a call from ‘bank security’ asking her to move savings to a ‘safe account’. "
    "She didn’t, thank god.",
]
SCAMS = [
    "Ваши средства под угрозой. Срочно переведите их на безопасный счёт, я продиктую реквизиты.",
    "Ақшаңыз қауіп төнуде, оны бүгін қауіпсіз шотқа аударыңыз.",
    "Your money is at risk. Transfer it to a safe account immediately.",
]


def _signals(text: str) -> set[str]:
    return {f.signal for f in extract(text).found}


@pytest.mark.parametrize("text", WARNINGS)
def test_a_quoted_red_flag_is_a_mention(text: str) -> None:
    found = _signals(text)
    assert "safe_account" not in found
    assert "quoted_red_flag" in found


@pytest.mark.parametrize("text", SCAMS)
def test_the_same_words_said_plainly_are_the_red_flag(text: str) -> None:
    found = _signals(text)
    assert "safe_account" in found
    assert "quoted_red_flag" not in found


@pytest.mark.parametrize("wrap", ["«{}»", '"{}"', "Fwd: “{}”"])
def test_a_scam_wrapped_whole_in_quotation_marks_is_not_a_mention(wrap: str) -> None:
    text = wrap.format(SCAMS[0])
    assert mention_spans(normalize(text)) == []
    assert "safe_account" in _signals(text)


def test_app_names_in_quotation_marks_still_count() -> None:
    found = _signals(
        "Для защиты карты установите приложение «AnyDesk» и продиктуйте мне номер, я подключусь"
    )
    assert "remote_access_app" in found


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "Qazaqstan'nyn azamattary, don't worry, it's ok, bank's app is fine today, really fine"
    assert mention_spans(normalize(text)) == []


@pytest.mark.parametrize("hostile", ["«" * 50_000, ("«" + "ы" * 59) * 2000, "'a " * 30_000])
def test_many_quotation_marks_stay_fast(hostile: str) -> None:
    t0 = time.perf_counter()
    mention_spans(normalize(hostile))
    assert time.perf_counter() - t0 < 2
