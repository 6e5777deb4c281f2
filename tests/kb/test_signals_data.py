"""The red-flag catalogue data: signals.yaml and the kk/ru/en lexicons.

SIGNALS.txt is the source of truth for signal ids, groups and schemes; signals.yaml must follow
it, every text signal needs trigger phrases in all three languages, and every phrase must be
well-formed and specific enough not to fire on its own bare short word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise
from types import SimpleNamespace

import pytest

from saqbol.kb.loader import data_dir, validate_file
from saqbol.kb.models import LANGS, SCHEME_IDS, Lexicon, SignalDef

DATA = data_dir()

# Added by the link/phone/text-form analyzers, the model and the mention rule, never by a
# lexicon.
NON_TEXT = frozenset(
    {
        "phishing_link",
        "suspicious_link",
        "official_link",
        "mobile_for_official",
        "foreign_number",
        "mixed_script",
        "learned_model",
        "quoted_scam_text",
        "quoted_red_flag",
    }
)
MIN_PHRASES, MAX_PHRASES = 10, 45
# Single-word phrases shorter than 4 letters are too broad ("код", "sms"), except these
# unambiguous brand/file tokens.
SHORT_OK = frozenset({"olx", "apk", "exe"})
# A word: letters/digits, optionally an inner apostrophe (English "you've"), optionally a
# trailing `*` (stem).
WORD_RE = re.compile(r"^[^\W_]+(?:'[^\W_]+)*\*?$")
# Words the matcher treats as negating the next word (mirrors recognizers.lexicon.NEG_WORDS).
NEG_WORDS_FALLBACK = frozenset(
    {"не", "ни", "никому", "никогда", "нельзя", "not", "never", "don't", "dont", "no"}
)


def _catalogue() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in (DATA / "SIGNALS.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        schemes: list[str] = []
        for token in parts[2:]:
            if token == "-":
                break
            if token not in SCHEME_IDS:
                break
            schemes.append(token)
        rows.append((parts[0], parts[1], schemes))
    return rows


CATALOGUE = _catalogue()
TEXT_SIGNALS = sorted(sid for sid, _, _ in CATALOGUE if sid not in NON_TEXT)


@pytest.fixture(scope="module")
def signals() -> list[SignalDef]:
    return validate_file(DATA / "signals.yaml", list[SignalDef])


@pytest.fixture(scope="module")
def lexicons() -> dict[str, list[Lexicon]]:
    return {
        lang: validate_file(DATA / "lexicons" / f"{lang}.yaml", list[Lexicon]) for lang in LANGS
    }


def _all(lexicons: dict[str, list[Lexicon]]) -> list[Lexicon]:
    return [lex for lang in LANGS for lex in lexicons[lang]]


# --- signals.yaml -------------------------------------------------------------------------


def test_catalogue_parsed() -> None:
    assert len(CATALOGUE) >= 30
    assert NON_TEXT.issubset(sid for sid, _, _ in CATALOGUE)


def test_signals_follow_the_catalogue(signals: list[SignalDef]) -> None:
    ids = [s.id for s in signals]
    assert len(ids) == len(set(ids)), "duplicate signal ids"
    assert [sid for sid, _, _ in CATALOGUE] == ids
    by_id = {s.id: s for s in signals}
    for sid, group, schemes in CATALOGUE:
        assert by_id[sid].group == group, sid
        assert by_id[sid].schemes == schemes, sid


def test_every_signal_explained_in_three_languages(signals: list[SignalDef]) -> None:
    cyr = re.compile(r"[а-яё]", re.IGNORECASE)
    kk_letters = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
    with_kk_letters = 0
    for s in signals:
        for lang in LANGS:
            text = s.explanation.get(lang)
            assert text.strip() == text and len(text) >= 20, (s.id, lang)
            assert text[-1] in ".!", (s.id, lang, "one finished sentence")
            assert "\n" not in text, (s.id, lang)
        assert cyr.search(s.explanation.kk) and cyr.search(s.explanation.ru), s.id
        assert not cyr.search(s.explanation.en), s.id
        assert s.explanation.kk != s.explanation.ru, s.id
        with_kk_letters += bool(kk_letters.search(s.explanation.kk))
    # Kazakh is written with its own letters, not folded to Russian ones.
    assert with_kk_letters >= 0.9 * len(signals)


# --- lexicons -----------------------------------------------------------------------------


def test_lexicon_files_hold_their_language(lexicons: dict[str, list[Lexicon]]) -> None:
    for lang, entries in lexicons.items():
        assert entries, lang
        assert {lex.lang for lex in entries} == {lang}


def test_every_text_signal_has_a_lexicon_in_each_language(
    lexicons: dict[str, list[Lexicon]],
) -> None:
    known = {sid for sid, _, _ in CATALOGUE}
    for lang in LANGS:
        covered = {lex.signal for lex in lexicons[lang]}
        assert covered <= known, (lang, sorted(covered - known))
        assert not covered & NON_TEXT, (lang, sorted(covered & NON_TEXT))
        assert sorted(covered) == TEXT_SIGNALS, (lang, sorted(set(TEXT_SIGNALS) - covered))


def test_phrase_counts(lexicons: dict[str, list[Lexicon]]) -> None:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for lex in _all(lexicons):
        counts[(lex.signal, lex.lang)] += len(lex.phrases)
    for key, n in counts.items():
        assert MIN_PHRASES <= n <= MAX_PHRASES, (key, n)


def test_phrases_are_well_formed(lexicons: dict[str, list[Lexicon]]) -> None:
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lex in _all(lexicons):
        for phrase in lex.phrases:
            where = (lex.signal, lex.lang, phrase)
            assert phrase and phrase.strip() == phrase, where
            assert phrase == phrase.lower(), (*where, "uppercase")
            words = phrase.split(" ")
            assert all(words), (*where, "double space")
            for word in words:
                assert WORD_RE.match(word), (*where, f"bad word {word!r}")
            if len(words) == 1:
                core = words[0].rstrip("*")
                assert len(core) >= 4 or core in SHORT_OK, (*where, "bare short word")
            key = (lex.signal, lex.lang)
            assert phrase not in seen[key], (*where, "duplicate")
            seen[key].add(phrase)


def test_stems_do_not_collapse_to_a_short_prefix(lexicons: dict[str, list[Lexicon]]) -> None:
    """The skeleton folds doubled letters and Latin to Cyrillic, so an abbreviation written
    as a stem ("иин*", "cvv*", "qr*") becomes "ин*", "св*", "кр*" and fires on "инцидент",
    "свой", "кредит". Abbreviations are written without the star (they take Kazakh suffixes
    after a hyphen, which splits the word)."""
    normalize = pytest.importorskip("saqbol.text.normalize")
    for lex in _all(lexicons):
        if lex.lang == "en":
            continue
        for phrase in lex.phrases:
            for word in phrase.replace("-", " ").split():
                if not word.endswith("*"):
                    continue
                core = word.rstrip("*")
                form = normalize.skeleton(core)
                collapsed = len(form) < len(core) or (core.isascii() and core.isalpha())
                assert len(form) >= 3 or not collapsed, (lex.signal, lex.lang, phrase, form)


def test_ask_signals_do_not_include_negated_words(lexicons: dict[str, list[Lexicon]]) -> None:
    """A red-flag phrase must not hold a negated word: "не сообщайте код" is what real code
    notices say. Secrecy is the exception: its phrases are prohibitions ("не кладите трубку")."""
    try:
        from saqbol.recognizers.lexicon import NEG_WORDS
    except ImportError:  # pragma: no cover - recognizer not built yet
        NEG_WORDS = NEG_WORDS_FALLBACK
    negations = set(NEG_WORDS) | NEG_WORDS_FALLBACK
    groups = {s.id: s.group for s in validate_file(DATA / "signals.yaml", list[SignalDef])}
    for lex in _all(lexicons):
        if groups[lex.signal] == "reassurance" or lex.signal == "secrecy":
            continue
        for phrase in lex.phrases:
            words = phrase.split()
            for prev, _word in pairwise(words):
                assert prev.rstrip("*") not in negations, (lex.signal, lex.lang, phrase)


# --- behaviour on typical messages (with the lexicon recognizer) --------------------------

OTP_NOTICES = [
    "Растау коды: 4821. Кодты ешкімге айтпаңыз, тіпті банк қызметкеріне де.",
    "Kaspi.kz: кіру коды 1234. Ешкімге хабарламаңыз.",
    "Код подтверждения: 4821. Никому не сообщайте код, даже сотруднику банка.",
    "Никому, даже сотрудникам банка, не сообщайте этот код. Код действителен 5 минут.",
    "Your verification code is 4821. Never share this code with anyone.",
    "4821 is your login code. Do not share it. If you did not request this, ignore this message.",
]
CODE_ASKS = [
    "Телефоныңызға келген кодты айтыңызшы",
    "kodty aityp jiberiñiz",
    "Продиктуйте, пожалуйста, код из смс",
    "Назовите цифры, которые пришли вам",
    "Please tell me the code you just received",
]


@pytest.fixture(scope="module")
def find(signals: list[SignalDef], lexicons: dict[str, list[Lexicon]]):
    lexmod = pytest.importorskip("saqbol.recognizers.lexicon")
    normalize = pytest.importorskip("saqbol.text.normalize").normalize
    index = lexmod.LexiconIndex(
        SimpleNamespace(lexicons=tuple(_all(lexicons)), signals={s.id: s for s in signals})
    )
    return lambda text: {hit.signal for hit in index.find(normalize(text))}


@pytest.mark.parametrize("text", OTP_NOTICES)
def test_real_code_notice_is_not_an_ask(find, text: str) -> None:
    found = find(text)
    assert "otp_notice" in found
    assert "asks_for_code" not in found


@pytest.mark.parametrize("text", CODE_ASKS)
def test_asking_for_the_code_is_caught(find, text: str) -> None:
    assert "asks_for_code" in find(text)


@pytest.mark.parametrize(
    "text",
    [
        "Полиция предупреждает: мошенники звонят от имени банков. Будьте бдительны.",
        "Ұлттық Банк ескертеді: алаяқтардан сақ болыңыз!",
        "Police warn: scammers call posing as bank staff. Hang up and call your bank.",
        "KZ-CERT: «Toy_shaqyru.apk» сияқты файлдарды ашпаңыз, қосымшаларды орнатпаңыз.",
        "Не устанавливайте приложения из неизвестных источников и не открывайте файлы .apk",
        "Do not install apps from links in text messages.",
        # news told in the third person, without the words of a warning
        "Police in Pavlodar detained a group suspected of defrauding pensioners by phone.",
        "More than 40 victims have been identified, according to investigators.",
        "Residents lost to fraudsters over 2 billion tenge in the first half of the year.",
    ],
)
def test_fraud_news_is_a_warning(find, text: str) -> None:
    assert "fraud_warning" in find(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kaspi.kz: Покупка 12 500 ₸ в SMALL. Доступно 45 000 ₸",
        "Сіздің шотыңызға 20 000 ₸ түсті. Жіберуші: Ержан Б.",
        "Вам переведено 5000 тг от Айгуль С.",
        "Напоминаем: платеж по кредиту 35 000 ₸ до 15.05. Оплатить можно в приложении.",
        "Мама, я задержусь после школы, буду в 7.",
        "Your Kaspi order #12345 has been shipped. Track it in the app.",
    ],
)
def test_everyday_messages_raise_no_credential_money_or_pressure_flag(find, text: str) -> None:
    flagged = {
        "asks_for_code",
        "asks_for_card_data",
        "personal_data_request",
        "safe_account",
        "transfer_request",
        "prepayment_fee",
        "urgency",
        "secrecy",
        "threat",
        "relative_in_trouble",
    }
    assert not find(text) & flagged
