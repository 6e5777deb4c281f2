"""Language id: kk / ru / en / mixed in either script, and the cheap cues that spare lingua."""

from __future__ import annotations

import pytest

import saqbol.text.language as language
from saqbol.text.language import detect, output_lang
from saqbol.text.normalize import normalize


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Сіздің картаңыз бұғатталды, кодты ешкімге айтпаңыз", "kk"),
        ("Sálem, saǵan SMS kod keledi, sony maǵan jibershi", "kk"),  # 2021 Latin alphabet
        ("salem kalaisyn, erten kelesin be? mama sagan salem aitty", "kk"),  # phone typing
        ("Апа кеше базарда Асемди кордим ол саган салем айтты", "kk"),  # no Kazakh letters
        ("Здравствуйте, ваша карта заблокирована, позвоните в банк", "ru"),
        ("privet kak dela, ya zavtra priedu k tebe", "ru"),
        ("Your parcel is waiting, pay the delivery fee here", "en"),
        ("Сәлем, я сегодня не приду, у меня встреча, кешке хабарласам", "mixed"),
        ("12345 !!! ...", "unknown"),
        ("", "unknown"),
    ],
)
def test_detects_the_language_people_wrote_in(text: str, lang: str) -> None:
    assert detect(normalize(text)) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # one Russian function word in eleven, no Kazakh cue
        (
            "Уважаемые клиенты банка, завтра проводятся плановые технические работы, "
            "приложение временно недоступно",
            "ru",
        ),
        # one Kazakh cue among names, no Russian function word
        ("Ертен сагат онда жиналыс, Данияр Асем Бакыт Ерлан Айгерим Нурлан Самат Гулим Алия", "kk"),
    ],
)
def test_clear_cues_decide_without_lingua(
    text: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_lingua(_text: str) -> tuple[str, float]:
        raise AssertionError("lingua was asked")

    monkeypatch.setattr(language, "_kk_or_ru", no_lingua)
    assert detect(normalize(text)) == lang


def test_mixed_text_is_answered_in_kazakh_when_it_has_kazakh_letters() -> None:
    text = "Сәлем, я сегодня не приду, у меня встреча"
    assert output_lang("mixed", normalize(text)) == "kk"
    assert output_lang("mixed", normalize("Привет, сегодня не приду")) == "ru"
    assert output_lang("en") == "en"
