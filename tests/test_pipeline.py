"""analyze(): the behaviour a person notices, on messages written for these tests (not corpus)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saqbol import analyze
from saqbol.pipeline import InputError, analyze_many
from saqbol.verdict import Verdict

SCAMS = [
    # (text, language, scheme)
    (
        "Сәлеметсіз бе! Kaspi Bank қауіпсіздік қызметі. Картаңыздан күдікті аударым байқалды, "
        "тоқтату үшін SMS-пен келген кодты айтыңыз.",
        "kk",
        "employee_impersonation",
    ),
    (
        "Здравствуйте, служба безопасности Halyk. На вас оформляют кредит, чтобы отменить, "
        "переведите деньги на безопасный счёт и назовите код из смс.",
        "ru",
        "employee_impersonation",
    ),
    (
        "Mama bul men, telefonym buzyldy, dosymnyn nomerinen jazyp otyrmyn. Srochno 50 myn kerek, "
        "kaspi-ge salyp jibershi, keyin tusindirem",
        "kk",
        "relative_in_trouble",
    ),
    (
        "eGov: Сіздің әлеуметтік төлеміңіз тоқтатылды. Қалпына келтіру үшін egov-kz.online/pay "
        "сілтемесі арқылы карта деректерін енгізіңіз",
        "kk",
        "phishing_sms",
    ),
    (
        "Hello! Your WhatsApp account will be deleted in 24 hours. To cancel, send us the 6-digit "
        "code we just texted you.",
        "en",
        "account_takeover",
    ),
]

SAFE = [
    ("Kaspi.kz: Код для входа 4821. Никому не сообщайте этот код, даже сотрудникам банка.", "ru"),
    ("Растау коды: 583920. Кодты ешкімге айтпаңыз. Halyk", "kk"),
    ("Your verification code is 771204. Never share this code with anyone.", "en"),
    (
        "eGov: Сіздің өтінішіңіз бойынша қызмет көрсетілді. "
        "Нәтижені egov.kz жеке кабинетінен алыңыз.",
        "kk",
    ),
    (
        "Полиция предупреждает: мошенники звонят от имени службы безопасности банка и просят "
        "назвать код из СМС. Не называйте код никому и звоните в банк сами.",
        "ru",
    ),
    ("Апа, сәлем! Кешке қоңырау шалшы, әкемнің туған күніне не аламыз ақылдасайық", "kk"),
]


@pytest.mark.parametrize(("text", "lang", "scheme"), SCAMS)
def test_scams_are_caught_with_scheme_and_evidence(text: str, lang: str, scheme: str) -> None:
    v = analyze(text)
    assert v.verdict == "scam", (v.risk, [s.id for s in v.signals])
    assert v.scheme == scheme
    assert v.playbook
    for s in v.signals:
        if s.span:
            assert text[s.span[0] : s.span[1]] == s.evidence
    assert v.advice


@pytest.mark.parametrize(("text", "lang"), SAFE)
def test_legitimate_messages_are_safe(text: str, lang: str) -> None:
    v = analyze(text)
    assert v.verdict == "safe", (v.risk, [s.id for s in v.signals])
    assert v.scheme is None


def test_language_and_advice_follow_the_message() -> None:
    kk = analyze(SCAMS[0][0])
    ru = analyze(SCAMS[1][0])
    assert kk.language == "kk" and ru.language == "ru"
    assert any("9999" in a for a in kk.advice), kk.advice  # Kaspi named → its card-blocking number
    assert any("9595" in a for a in ru.advice), ru.advice  # Halyk


def test_forced_answer_language() -> None:
    v = analyze(SCAMS[1][0], lang="en")
    assert v.advice[0].startswith("This is")


def test_engine_names_model_and_kb() -> None:
    v = analyze("hello")
    assert v.engine.startswith("saqbol ") and "model " in v.engine and "kb " in v.engine


@pytest.mark.parametrize("text", ["", "   \n\t ", "🙂🙂🙂", "....", "12345"])
def test_empty_or_wordless_input_is_safe(text: str) -> None:
    v = analyze(text)
    assert v.verdict == "safe" and v.risk <= 0.35


@pytest.mark.parametrize("bad", [b"\xff\xfe\x00binary", 12345, None, b"abc\x00def"])
def test_non_text_is_a_clear_error(bad: object) -> None:
    with pytest.raises(InputError):
        analyze(bad)  # type: ignore[arg-type]


def test_megabyte_of_text_is_fast_and_bounded() -> None:
    text = "Сәлем, кодты айтыңыз " * 50_000
    t0 = time.perf_counter()
    v = analyze(text)
    assert time.perf_counter() - t0 < 5
    assert v.verdict in ("scam", "suspicious")


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 100_000,
        "http://" + "a." * 30_000,
        "[.]" * 30_000,
        "+7" * 20_000,
        "<script>" * 10_000,
        "ы" * 100_000,
        "«" * 100_000,
        ("«" + "а" * 399) * 250,
        ('"' + "code " * 100) * 200,
        "а\u200b" * 50_000,
        ("к" + "\u00ad" * 1000) * 100,
    ],
)
def test_adversarial_inputs_do_not_hang(hostile: str) -> None:
    t0 = time.perf_counter()
    analyze(hostile)
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize("text", [text for text, _ in SAFE] + ["www" + "." * 50, "ok " * 3])
def test_repeating_a_text_does_not_make_it_louder(text: str) -> None:
    once = analyze(text).risk
    many = analyze(" ".join([text] * 400))
    assert many.verdict == "safe", (once, many.risk)
    assert many.risk <= max(0.35, 2 * once)


QUOTED_SCAM = (
    "Сіздің картаңыз бұғатталды. Бұғаттан шығару үшін SMS-пен келген кодты осы нөмірге айтыңыз "
    "+7 701 555 12 34, әйтпесе ақшаңыз жоғалады"
)


def test_a_warning_that_quotes_a_scam_in_full_is_safe_and_says_why() -> None:
    warning = (
        "Алматы полициясы ескертеді: осы аптада зейнеткерлерге мынадай хабарламалар келіп жатыр: "
        f"«{QUOTED_SCAM}». Бұл алаяқтар. Банк ешқашан код сұрамайды, телефонды қойып, банкке "
        "өзіңіз хабарласыңыз."
    )
    assert analyze(QUOTED_SCAM).verdict == "scam"
    v = analyze(warning)
    assert v.verdict == "safe", v.risk
    quoted = [s for s in v.signals if s.id == "quoted_scam_text"]
    assert quoted and quoted[0].weight < 0
    assert quoted[0].evidence == f"«{QUOTED_SCAM}»"
    assert quoted[0].explanation.startswith("Алаяқтыққа")  # in the message's language, from the KB


def test_a_red_flag_inside_a_warning_weighs_less_than_the_same_flag_sent_to_act_on() -> None:
    """A warning names the .apk to warn about it; an invitation sends it to be opened."""
    scam = analyze("Тойға шақырамыз! Шақыру қағазы осы файлда: Той_шақыру.apk, ашып көріңіз")
    warning = analyze(
        "KZ-CERT ескертеді: «Той_шақыру.apk», «Фото.apk» сияқты файлдарды ашпаңыз. Олар "
        "SMS-терді ұстап, шоттан ақша шешіп алады."
    )
    assert scam.verdict == "scam", scam.risk
    assert warning.verdict == "safe", warning.risk

    def apk_weight(v: Verdict) -> float:
        return next(s.weight for s in v.signals if s.id == "apk_file")

    assert apk_weight(warning) < 0 < apk_weight(scam)


@pytest.mark.parametrize(
    "wrap",
    ["«{}»", '"{}"', "Смотри: «{}»", "Fwd: “{}”", "[голосовое 0:12] «{}» — номер 8 747 555 20 91"],
)
def test_quotation_marks_alone_do_not_hide_a_scam(wrap: str) -> None:
    v = analyze(wrap.format(QUOTED_SCAM))
    assert v.verdict == "scam", v.risk
    assert "quoted_scam_text" not in {s.id for s in v.signals}


@pytest.mark.parametrize("hide", ["\u200b", "\u200c", "\u00ad", "\u2060"])
def test_invisible_characters_do_not_hide_a_red_flag(hide: str) -> None:
    text = f"Служба безопасности банка. Назо{hide}вите к{hide}од из SMS, чтобы отменить перевод."
    v = analyze(text)
    assert "asks_for_code" in {s.id for s in v.signals}
    code = next(s for s in v.signals if s.id == "asks_for_code")
    assert code.evidence == text[code.span[0] : code.span[1]]  # spans still index the input
    assert v.verdict == "scam"


def test_asking_to_forward_a_code_is_a_red_flag() -> None:
    v = analyze("Ой, тебе мой код случайно пришёл, перешли цифры пожалуйста, очень надо")
    assert "asks_for_code" in {s.id for s in v.signals}


@pytest.mark.parametrize(
    ("text", "signal", "least"),
    [
        ("Ваш код 3381 был отправлен по ошибке. Пожалуйста, перешлите его на номер +7 747 000 4412",
         "code_by_mistake", "scam"),
        ("Сәлем! Саған қателесіп менің кодым келіп қалды, жіберіп жіберші",
         "code_by_mistake", "scam"),
        ("Sorry, I accidentally entered your number when logging in. Can you send me the code?",
         "code_by_mistake", "scam"),
        ("Саған қазір код келеді, сол кодты маған жіберсең, мен чатқа қосып қоямын",
         "code_incoming", "scam"),
        ("Привет! Тебе сейчас придёт код из телеграма, добавляю тебя в рабочий чат, скинь его сюда",
         "code_incoming", "scam"),
        ("hey, a code will come to your phone in a sec, adding you to the class group, send it",
         "code_incoming", "scam"),
        # terse, with no explicit ask: the red flag makes it a warning, the text alone does not
        # (risks 0.99 and 0.98 with model 4e6ba0172c20; earlier models put one of the two
        # spellings below 0.4: 0.26 / 0.43 with d4327c663aa4, 0.41 / 0.37 with b779d004a4c7)
        ("Аяулым, қызымның суретіне дауыс берші, Telegram арқылы кіресіз, код келеді",
         "messenger_login", "suspicious"),
        ("Aiaulym, qyzymnyń suretine dauys bershi, Telegram arqyly kiresiz, kod keledi",
         "messenger_login", "suspicious"),
        ("Hi! Please vote for my daughter in the school art contest, you just log in with Telegram",
         "messenger_login", "scam"),
    ],
)  # fmt: skip
def test_account_takeover_by_code_is_caught_with_its_red_flag(
    text: str, signal: str, least: str
) -> None:
    v = analyze(text)
    assert signal in {s.id for s in v.signals}
    allowed = {"scam"} if least == "scam" else {"scam", "suspicious"}
    assert v.verdict in allowed, v.risk


def test_a_code_by_mistake_is_found_in_russian_typed_in_latin_letters() -> None:
    v = analyze("izvinite, kod prishel vam po oshibke, skin'te ego pozhaluysta")
    assert "code_by_mistake" in {s.id for s in v.signals}


def test_a_bank_notice_about_a_wrong_pin_is_not_a_code_by_mistake() -> None:
    v = analyze("Halyk: Картаңыз PIN-код 3 рет қате енгізілгендіктен уақытша бұғатталды. 7111.")
    assert "code_by_mistake" not in {s.id for s in v.signals}
    assert v.verdict == "safe", v.risk


@pytest.mark.parametrize(
    "text",
    [
        "Апа, телефонға код келсе ешкімге айтпаңыз, банктен хабарласса да. Маған хабарласыңыз",
        "Мама, если придёт код от Kaspi, никому не говори, даже если звонят из банка",
    ],
)
def test_a_relative_warning_about_incoming_codes_is_safe(text: str) -> None:
    assert analyze(text).verdict == "safe"


def test_a_vote_on_an_official_site_is_not_a_messenger_login() -> None:
    v = analyze("Голосование за лучший двор района на сайте акимата, вход через eGov. Голосуем!")
    assert "messenger_login" not in {s.id for s in v.signals}
    assert v.verdict == "safe", v.risk


def test_batch_equals_single() -> None:
    texts = [t for t, *_ in SCAMS] + [t for t, _ in SAFE] + [f"Осторожно: «{QUOTED_SCAM}» — обман"]
    assert [v.risk for v in analyze_many(texts)] == [analyze(t).risk for t in texts]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_analyze_never_raises_on_any_text(text: str) -> None:
    if "\x00" in text:
        return
    v = analyze(text)
    assert 0.0 <= v.risk <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='«»"“”„ кодайтыңызcode123\n.', max_size=600))
def test_any_arrangement_of_quotation_marks_is_handled(text: str) -> None:
    v = analyze(text)
    assert 0.0 <= v.risk <= 1.0
    assert all(v.signals[i].weight >= v.signals[i + 1].weight for i in range(len(v.signals) - 1))
