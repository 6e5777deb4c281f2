"""Normalization: every script people type meets one skeleton; spans point into the input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saqbol.links.parse import refang
from saqbol.text.normalize import MAX_CHARS, mixed_script, normalize, skeleton


def sk(text: str) -> str:
    return normalize(text).sk_text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("кодты айтыңыз", "kodty aitynyz"),  # informal phone typing
        ("кодты айтыңыз", "кодты айтыныз"),  # no Kazakh keyboard
        ("кодты айтыңыз", "kodty aıtyńyz"),  # 2018 acute alphabet
        ("кодты айтыңыз", "kodty aıtyñyz"),  # 2021 alphabet
        ("кодты айтыңыз", "kodty aityn'yz"),  # 2017 apostrophe alphabet
        ("кодты айтыңыз", "kodty aityn’yz"),  # ...typed on a phone: a typographic apostrophe
        ("только", "tol`ko"),  # translit that writes ь as a backtick
        ("новые данные", "novye dannye"),  # -ые typed "ye" at the end of a word...
        ("если подъезд", "yesli podyezd"),  # ...but е (or ъе) elsewhere
        ("уақытша айтшы", "uaqytsha aitshy"),  # т + ш, not ц + х
        ("шұғыл", "shughyl"),
        ("шұғыл", "s'u'g'yl"),
        ("қазір", "qazir"),
        ("срочно нужны деньги", "srochno nuzhny dengi"),
        ("жіберіңіз", "jiberiniz"),
        ("жіберіңіз", "zhiberiñiz"),
        ("заработок", "зapaбoтoк"),  # Latin look-alikes hidden in a Cyrillic word
        ("резервный счёт", "rezervnyi schet"),  # "sch" is щ in translit, and сч sounds like щ
        ("расчёт", "raschet"),
        ("счёт", "щёт"),
        ("полиция", "policiya"),  # ц typed as "c" or "ts"
        ("полиция", "politsiya"),
        ("операция", "operaciya"),
        ("назовите код", "назо\u00adвите к\u200bод"),  # invisible characters inside words
        ("назовите код", "назо\u200cвите ко\u2060д"),
    ],
)
def test_scripts_meet(a: str, b: str) -> None:
    assert sk(a) == sk(b)


@pytest.mark.parametrize(
    ("word", "mixed"),
    [
        ("дoxoд", True),
        ("зapaбoтoк", True),
        ("Kаspi", True),
        ("Kaspiге", False),
        ("SMS", False),
        ("кодты", False),
        ("paypal", False),
    ],
)
def test_mixed_script_words(word: str, mixed: bool) -> None:
    assert mixed_script(word.lower()) is mixed


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("kaspi[.]kz", "kaspi.kz"),
        ("hxxps://egov-kz(.)online", "https://egov-kz.online"),
        ("hxxp[:]//x[dot]kz", "http://x.kz"),
    ],
)
def test_refang(raw: str, clean: str) -> None:
    assert refang(raw) == clean


def test_apostrophes_are_one_character() -> None:
    """A phone's "don’t" is the keyboard's "don't": the same word for every view."""
    ascii_, typographic = normalize("Don't").words[0], normalize("Don’t").words[0]
    assert (ascii_.en, ascii_.sk) == (typographic.en, typographic.sk) == ("don't", sk("don't"))


def test_spans_point_into_the_original_text() -> None:
    text = "Ｓәлем!  Кодты 👉 айтыңыз, ﬁle"
    n = normalize(text)
    assert len(n.spans()) == len(n.words)
    for w, (start, end) in zip(n.words, n.spans(), strict=True):
        assert text[start:end] == w.raw


def test_huge_text_is_truncated_not_rejected() -> None:
    n = normalize("а " * (MAX_CHARS))
    assert n.truncated and len(n.raw) == MAX_CHARS


def test_skeleton_folds_kazakh_letters() -> None:
    assert skeleton("әғқңөұүһі") == skeleton("агкноуухи")


@given(st.text(max_size=300))
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    n = normalize(text)
    assert normalize(n.sk_text).sk_text == n.sk_text
    for w, (start, end) in zip(n.words, n.spans(), strict=True):
        assert text[start:end] == w.raw
