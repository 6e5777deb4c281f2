"""The lexicon matcher: stems, gaps, scripts; and it stays linear on hostile input."""

from __future__ import annotations

import time

import pytest

from saqbol.kb.loader import KnowledgeBase
from saqbol.kb.models import Lexicon
from saqbol.recognizers.lexicon import LexiconIndex
from saqbol.text.normalize import normalize


class _Sig:
    def __init__(self, group: str) -> None:
        self.group = group


class _KB:
    """Just the two parts of the knowledge base the index reads."""

    def __init__(self, lexicons: list[Lexicon]) -> None:
        self.lexicons = lexicons
        self.signals = {
            lex.signal: _Sig("reassurance" if lex.signal == "otp_notice" else "x")
            for lex in lexicons
        }


def index(*entries: tuple[str, str, list[str], int]) -> LexiconIndex:
    lex = [Lexicon(signal=s, lang=lang, phrases=p, gap=g) for s, lang, p, g in entries]  # type: ignore[arg-type]
    return LexiconIndex(_KB(lex))  # type: ignore[arg-type]


IDX = index(
    ("asks_for_code", "kk", ["код* айт*", "код* жібер*"], 2),
    ("asks_for_code", "ru", ["назов* код*", "продиктуй* код*", "скин* код*"], 2),
    ("asks_for_code", "en", ["share* code"], 2),
    ("safe_account", "ru", ["безопасн* счет*"], 0),
    ("otp_notice", "kk", ["ешкимге аитпа*"], 0),
)


@pytest.mark.parametrize(
    ("text", "signal", "evidence"),
    [
        ("Сізге келген кодты айтыңызшы", "asks_for_code", "кодты айтыңызшы"),
        ("smsпен kelgen kodty aitynyz", "asks_for_code", "kodty aitynyz"),
        ("Кодыңызды бізге тез жіберіңіз", "asks_for_code", "Кодыңызды бізге тез жіберіңіз"),
        ("Назовите, пожалуйста, код из смс", "asks_for_code", "Назовите, пожалуйста, код"),
        ("Please share the code you got", "asks_for_code", "share the code"),
        ("переведите на безопасный счёт", "safe_account", "безопасный счёт"),
    ],
)
def test_finds_with_evidence(text: str, signal: str, evidence: str) -> None:
    hits = IDX.find(normalize(text))
    assert [(h.signal, text[h.start : h.end]) for h in hits] == [(signal, evidence)]


@pytest.mark.parametrize(
    "text",
    [
        "Your code 4821. Don't share this code",
        "Your code 4821. Don’t share this code",  # a phone's typographic apostrophe
        "Your code 4821. Dont share this code",
        "Your code 4821. Do not share this code",
    ],
)
def test_english_phrases_match_with_or_without_apostrophe(text: str) -> None:
    idx = index(("otp_notice", "en", ["dont share", "do not share"], 2))
    assert [h.signal for h in idx.find(normalize(text))] == ["otp_notice"]


@pytest.mark.parametrize("text", ["Don't hang up!", "Don’t hang up!", "dont hang up"])
def test_a_contraction_in_a_phrase_matches_every_spelling(text: str) -> None:
    idx = index(("urgency", "en", ["don't hang up"], 0))
    assert [h.signal for h in idx.find(normalize(text))] == ["urgency"]


def test_negated_ask_is_not_an_ask_but_the_warning_is_found() -> None:
    hits = IDX.find(normalize("Код: 4821. Кодты ешкімге айтпаңыз!"))
    assert [h.signal for h in hits] == ["otp_notice"]


@pytest.mark.parametrize(
    "text",
    [
        "Никому не называйте код",
        "Never share the code",
        "Kodty eshkimge aitpanyz",
        "код",
        "Айтыңызшы, қалың қалай? Код деген фильм көрдің бе",  # order matters
        "безопасный и удобный счёт",  # gap 0
        "the code of conduct was shared",
        "PIN-кодты немесе SMS-кодты айтудың қажеті жоқ",  # "no need to tell"
        "Кодты айту керек емес",
        "Я не могу скинуть код, извините",  # negated modal
    ],
)
def test_does_not_fire(text: str) -> None:
    assert [h.signal for h in IDX.find(normalize(text)) if h.signal != "otp_notice"] == []


def test_a_modal_without_negation_is_still_an_ask() -> None:
    hits = IDX.find(normalize("Если можете, скиньте код. Не волнуйтесь"))
    assert [h.signal for h in hits] == ["asks_for_code"]


def test_a_kazakh_negated_verb_after_a_phrase_negates_it_a_negated_command_does_not(
    kb: KnowledgeBase,
) -> None:
    from saqbol.recognizers.lexicon import get_index

    def signals(text: str) -> set[str]:
        return {h.signal for h in get_index().find(normalize(text))}

    # a bank's loan notice: "the bank takes no prepayment for a loan"
    assert "prepayment_fee" not in signals("Банк несие беру үшін алдын ала төлем алмайды")
    assert "prepayment_fee" in signals("Несие беру үшін алдын ала төлем жасаңыз")
    # "if you don't pay the prepayment..." is a threat, not a negation
    assert "prepayment_fee" in signals("Алдын ала төлем жасамасаңыз, несие берілмейді")
    # "don't be afraid" after the caller names the bank: still the bank's name
    assert "authority_bank" in signals("Мен Kaspi қауіпсіздік қызметінен, қорықпаңыз")


def test_no_need_after_another_word_does_not_negate() -> None:
    hits = IDX.find(normalize("Кодты айтыңыз, уақыт жоқ, қажет болса"))
    assert {h.signal for h in hits} == {"asks_for_code"}


def test_abbreviations_match_only_themselves(kb: KnowledgeBase) -> None:
    from saqbol.recognizers.lexicon import get_index

    def signals(text: str) -> set[str]:
        return {h.signal for h in get_index().find(normalize(text))}

    assert "personal_data_request" in signals("Продиктуйте ИИН, пожалуйста")
    assert "asks_for_card_data" in signals("CVV-кодты айтыңыз")
    # "иин" and "cvv" fold to "ин" and "св": not the start of every "инцидент" and "свой"
    assert "personal_data_request" not in signals("Сообщить об инциденте: 1400")
    assert "asks_for_card_data" not in signals("Назовите своё имя и город")


def test_linear_on_hostile_input(kb: KnowledgeBase) -> None:
    from saqbol.recognizers.lexicon import get_index

    idx = get_index()
    text = ("код " * 20_000)[:20_000]
    t0 = time.perf_counter()
    idx.find(normalize(text))
    assert time.perf_counter() - t0 < 5.0
