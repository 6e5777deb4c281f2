"""The bot's handlers, fed real Update objects through aiogram's Dispatcher with a recording
session in place of the Bot API (no network)."""

from __future__ import annotations

import asyncio
import sys
import time
import types

import pytest
from aiogram import Bot, Dispatcher
from bot_helpers import (
    RecordingSession,
    bot_message,
    buttons,
    callback_update,
    message_update,
)
from sqlalchemy import select

from saqbol.bot.app import Feeder
from saqbol.bot.handlers import Services
from saqbol.db import Database, Report
from saqbol.kb.loader import get_kb

KK_PHISHING = (
    "Kaspi Bank: Сіздің картаңыз бұғатталды. Бұғаттан шығару үшін kaspi-bank-kz.top/verify "
    "сілтемесіне өтіп, карта деректерін енгізіңіз."
)
RU_PHISHING = (
    "Halyk Bank: ваша карта заблокирована. Для разблокировки перейдите по ссылке "
    "halyk-bank-kz.top/unlock и введите данные карты 4400 4301 2345 6789."
)
EN_PHISHING = (
    "Kaspi Bank: your card is blocked. To unlock it open kaspi-bank-kz.top/verify and enter "
    "your card details."
)
NO_BANK = (
    "Ваша карта заблокирована. Для разблокировки перейдите по ссылке card-unlock-kz.top/unlock "
    "и введите данные карты 4400 4301 2345 6789."
)
OTP = "Kaspi.kz: код подтверждения 4821. Никому не сообщайте этот код."


def t(key: str, lang: str, **fmt: object) -> str:
    return get_kb().text(key, lang, **fmt)


def scheme_name(scheme: str, lang: str) -> str:
    return get_kb().schemes[scheme].name.get(lang)


async def feed(dp: Dispatcher, bot: Bot, raw: dict) -> None:
    await dp.feed_raw_update(bot, raw)


@pytest.mark.parametrize(
    ("text", "lang", "label", "scheme", "number"),
    [
        (KK_PHISHING, "kk", "scam", "phishing_sms", "9999"),
        (RU_PHISHING, "ru", "scam", "phishing_sms", "9595"),
        (EN_PHISHING, "en", "scam", "phishing_sms", "9999"),
        (OTP, "kk", "safe", None, None),
        (OTP, "en", "safe", None, None),
    ],
)
async def test_verdict_reply(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    text: str,
    lang: str,
    label: str,
    scheme: str | None,
    number: str | None,
) -> None:
    await feed(dp, bot, message_update(7, text, lang=lang))
    [call] = session.sent(7)
    reply = call.params["text"]
    assert t(f"verdict.{label}", lang) in reply
    assert call.params.get("reply_parameters", {}).get("message_id")  # a reply to the message
    if scheme:
        assert "⛔" in reply
        assert scheme_name(scheme, lang) in reply
        assert f"<b>{number}</b>" in reply
        assert "<code>" in reply  # the evidence is quoted, as code: links are not clickable
        labels = [b[0] for b in buttons(call)]
        assert any(t("bot.btn_paid", lang) in b for b in labels)
        assert any(t("bot.btn_bank", lang) in b for b in labels)
        assert any(t("bot.btn_report", lang) in b for b in labels)
    else:
        assert reply.startswith("✅")
        assert not buttons(call)
        assert t("advice.safe_otp", lang) in reply


async def test_card_number_is_never_echoed_with_a_clickable_link(
    dp: Dispatcher, bot: Bot, session: RecordingSession
) -> None:
    await feed(dp, bot, message_update(8, RU_PHISHING))
    reply = session.texts(8)[0]
    assert "<a " not in reply
    assert "halyk-bank-kz.top" not in reply.replace("<code>", "").split("</code>")[-1]


async def test_start_language_choice_is_remembered(
    dp: Dispatcher, bot: Bot, session: RecordingSession, services: Services
) -> None:
    await feed(dp, bot, message_update(9, "/start", lang="ru"))
    call = session.sent(9)[-1]
    datas = [d for _, d in buttons(call)]
    assert datas == ["l:kk", "l:ru", "l:en"]
    await feed(dp, bot, callback_update(9, "l:kk", bot_message(9, call)))
    assert services.prefs.get(9).lang == "kk"
    edited = session.of("editMessageText")[-1].params["text"]
    assert t("bot.lang_set", "kk") in edited
    # The Telegram app says Russian, the person chose Kazakh: Kazakh it is.
    await feed(dp, bot, message_update(9, OTP, lang="ru"))
    assert t("verdict.safe", "kk") in session.texts(9)[-1]


@pytest.mark.parametrize(
    ("command", "expect"),
    [
        ("/help", lambda lang: t("bot.help", lang).split("\n")[0]),
        ("/contacts", lambda lang: "<b>9999</b>"),
        ("/schemes", lambda lang: scheme_name("relative_in_trouble", lang)),
        ("/nonsense", lambda lang: t("bot.help", lang).split("\n")[0]),
    ],
)
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
async def test_commands(
    dp: Dispatcher, bot: Bot, session: RecordingSession, command: str, expect, lang: str
) -> None:
    await feed(dp, bot, message_update(10, command, lang=lang))
    reply = session.texts(10)[-1]
    assert expect(lang) in reply
    assert len(reply) <= 4096


async def test_buttons_flow(
    dp: Dispatcher, bot: Bot, session: RecordingSession, db: Database
) -> None:
    """Verdict → "I already answered" checklist → tick → pick a bank → report."""
    uid, lang = 11, "en"
    scam = message_update(uid, NO_BANK, lang=lang)
    scam["message"]["forward_origin"] = {
        "type": "hidden_user",
        "date": int(time.time()),
        "sender_user_name": "Bank",
    }
    await feed(dp, bot, scam)
    verdict_call = session.sent(uid)[-1]
    verdict_msg = bot_message(uid, verdict_call, reply_to=scam["message"])
    by_label = {label: data for label, data in buttons(verdict_call)}
    paid = next(d for label, d in by_label.items() if t("bot.btn_paid", lang) in label)

    # "I already answered / paid" → the checklist of the scheme's situation, no bank yet.
    await feed(dp, bot, callback_update(uid, paid, verdict_msg, lang=lang))
    checklist_call = session.sent(uid)[-1]
    text = checklist_call.params["text"]
    assert text.startswith("🆘")
    assert "✅" not in text.split("\n\n", 1)[1]
    steps = [b for b in buttons(checklist_call) if b[1].startswith("p:")]
    assert len(steps) >= 3

    # Tick step 1: the message is edited, step 1 shows ✅.
    checklist_msg = bot_message(uid, checklist_call)
    await feed(dp, bot, callback_update(uid, steps[0][1], checklist_msg, lang=lang))
    edit = session.of("editMessageText")[-1]
    assert "✅ <b>1.</b>" in edit.params["text"]
    assert buttons(edit)[0][0].startswith("✅")

    # "Which is my bank?" inside the checklist → chooser → Halyk → checklist with 9595.
    ticked = bot_message(uid, edit)
    choose = next(d for label, d in buttons(edit) if t("bot.btn_bank", lang) in label)
    await feed(dp, bot, callback_update(uid, choose, ticked, lang=lang))
    chooser = session.of("editMessageText")[-1]
    halyk = next(d for label, d in buttons(chooser) if label == "Halyk Bank")
    await feed(dp, bot, callback_update(uid, halyk, bot_message(uid, chooser), lang=lang))
    with_bank = session.of("editMessageText")[-1]
    assert "<b>9595</b>" in with_bank.params["text"]
    assert "✅ <b>1.</b>" in with_bank.params["text"]  # the tick survived the bank choice

    # Tick every step: the checklist congratulates.
    current = with_bank
    for i in range(len(steps)):
        data = [d for _, d in buttons(current) if d.startswith("p:")][i]
        if buttons(current)[i][0].startswith("⬜"):
            await feed(dp, bot, callback_update(uid, data, bot_message(uid, current), lang=lang))
            current = session.of("editMessageText")[-1]
    assert t("bot.checklist_done", lang) in current.params["text"]

    # "Report this scam" → one masked row; the button disappears.
    report = next(d for label, d in by_label.items() if t("bot.btn_report", lang) in label)
    await feed(dp, bot, callback_update(uid, report, verdict_msg, lang=lang))
    assert t("bot.reported", lang) in session.texts(uid)[-1]
    with db.session() as s:
        rows = s.execute(select(Report)).scalars().all()
    assert len(rows) == 1
    row = rows[0]
    assert row.channel == "telegram"
    assert row.scheme == "phishing_sms"
    assert row.text_masked and "4400 4301 2345 6789" not in row.text_masked
    assert "2345" not in "".join(row.cards)
    markup = session.of("editMessageReplyMarkup")[-1].params["reply_markup"]
    datas = [b["callback_data"] for r in markup["inline_keyboard"] for b in r]
    assert report not in datas and paid in datas


async def test_which_is_my_bank_from_verdict(
    dp: Dispatcher, bot: Bot, session: RecordingSession, services: Services
) -> None:
    uid = 12
    await feed(dp, bot, message_update(uid, EN_PHISHING, lang="en"))
    call = session.sent(uid)[-1]
    bank_btn = next(d for label, d in buttons(call) if t("bot.btn_bank", "en") in label)
    await feed(dp, bot, callback_update(uid, bank_btn, bot_message(uid, call), lang="en"))
    chooser = session.sent(uid)[-1]  # a new message: the verdict stays
    assert t("bot.choose_bank", "en") in chooser.params["text"]
    bcc = next(d for label, d in buttons(chooser) if label == "Банк ЦентрКредит")
    await feed(dp, bot, callback_update(uid, bcc, bot_message(uid, chooser), lang="en"))
    assert "<b>505</b>" in session.of("editMessageText")[-1].params["text"]
    assert services.prefs.get(uid).bank == "bcc"


async def test_report_without_the_original_message(
    dp: Dispatcher, bot: Bot, session: RecordingSession
) -> None:
    await feed(dp, bot, callback_update(13, "v:report:-1:-1", lang="en"))
    answer = session.of("answerCallbackQuery")[-1].params
    assert answer["text"] == t("bot.message_gone", "en")


@pytest.mark.parametrize(
    "data",
    ["p:99:-1:0:-1", "p:0:999:0:-1", "p:x:y", "b:77", "zz:1", "v:paid:55:-1", "l:de", ""],
)
async def test_stale_or_forged_buttons(
    dp: Dispatcher, bot: Bot, session: RecordingSession, data: str
) -> None:
    await feed(dp, bot, callback_update(14, data, lang="en"))
    answer = session.of("answerCallbackQuery")[-1].params
    assert answer.get("text") == t("bot.outdated", "en")


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (
            {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "bot.unsupported",
        ),
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}}, "bot.unsupported"),
        ({"location": {"latitude": 43.2, "longitude": 76.9}}, "bot.unsupported"),
        (
            {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]},
            "bot.no_images",
        ),
    ],
)
async def test_other_content_gets_a_polite_reply(
    dp: Dispatcher,
    bot: Bot,
    session: RecordingSession,
    content: dict,
    key: str,
    no_images: None,
) -> None:
    await feed(dp, bot, message_update(15, None, lang="kk", **content))
    assert session.texts(15) == [t(key, "kk")]


async def test_photo_goes_to_saqbol_images_when_it_exists(
    dp: Dispatcher, bot: Bot, session: RecordingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from saqbol import analyze

    seen: list[bytes] = []

    def analyze_image(data: bytes, lang: str | None = None):
        seen.append(data)
        return analyze(KK_PHISHING, lang=lang)

    fake = types.ModuleType("saqbol.images")
    fake.analyze_image = analyze_image  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "saqbol.images", fake)
    photo = [{"file_id": "p1", "file_unique_id": "p1", "width": 800, "height": 600}]
    await feed(dp, bot, message_update(16, None, lang="kk", photo=photo))
    assert seen and seen[0].startswith(b"\x89PNG")
    assert scheme_name("phishing_sms", "kk") in session.texts(16)[-1]


@pytest.fixture()
def no_images(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build without saqbol.images (issue 10)."""
    import saqbol.bot.handlers as handlers

    monkeypatch.setattr(handlers, "image_checker", lambda: None)


async def test_photo_caption_is_still_checked_without_images(
    dp: Dispatcher, bot: Bot, session: RecordingSession, no_images: None
) -> None:
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]
    await feed(dp, bot, message_update(17, None, lang="kk", photo=photo, caption=KK_PHISHING))
    first, second = session.texts(17)
    assert first == t("bot.no_images", "kk")
    assert "9999" in second


async def test_real_qr_code_picture(
    dp: Dispatcher, bot: Bot, session: RecordingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With saqbol.images installed, a photo of a QR code leading to a lookalike of kaspi.kz."""
    images = pytest.importorskip("saqbol.images")
    from saqbol.images.render import qr_image, to_bytes

    png = to_bytes(qr_image("http://kaspi-bank-kz.top/verify"))

    async def picture_bytes(*_a: object, **_k: object):
        yield png

    monkeypatch.setattr(session, "stream_content", picture_bytes)
    photo = [{"file_id": "qr", "file_unique_id": "qr", "width": 400, "height": 400}]
    await feed(dp, bot, message_update(27, None, lang="ru", photo=photo))
    assert images.analyze_image  # the real module answered, not a stand-in
    [call] = session.sent(27)
    assert t("verdict.scam", "ru") in call.params["text"]
    labels = [label for label, _ in buttons(call)]
    assert not any(t("bot.btn_report", "ru") in label for label in labels)  # no text to report


async def test_hidden_link_behind_words_is_checked(
    dp: Dispatcher, bot: Bot, session: RecordingSession
) -> None:
    text = "Сізге мемлекеттен төлем тағайындалды. Алу үшін осында басыңыз"
    entity = {"type": "text_link", "offset": 40, "length": 10, "url": "http://egov-kz.site/pay"}
    await feed(dp, bot, message_update(18, text, lang="kk", entities=[entity]))
    assert "egov-kz.site" in session.texts(18)[-1]


async def test_longest_message_is_analyzed_and_longer_refused(
    dp: Dispatcher, bot: Bot, session: RecordingSession
) -> None:
    long_text = (KK_PHISHING + " ") * 40
    longest = long_text[:4096]
    start = time.perf_counter()
    await feed(dp, bot, message_update(19, longest, lang="kk"))
    elapsed = time.perf_counter() - start
    reply = session.texts(19)[-1]
    assert t("verdict.scam", "kk") in reply
    assert len(reply) <= 4096
    assert elapsed < 2.0, f"a 4,096-character message took {elapsed:.2f} s"
    await feed(dp, bot, message_update(19, long_text[:4097], lang="kk"))
    assert session.texts(19)[-1] == t("bot.too_long", "kk", limit=4096)


@pytest.mark.parametrize("text", ["   ", "🙂🙂🙂", "12345", "\u200b"])
async def test_empty_or_wordless_text(
    dp: Dispatcher, bot: Bot, session: RecordingSession, text: str
) -> None:
    await feed(dp, bot, message_update(20, text, lang="en"))
    assert len(session.texts(20)) == 1  # a polite answer either way, never silence or a crash


async def test_flood_from_one_user_does_not_block_another(
    dp: Dispatcher, bot: Bot, session: RecordingSession
) -> None:
    flooder, other = 21, 22
    flood = [message_update(flooder, f"{KK_PHISHING} {i}", lang="kk") for i in range(100)]
    start = time.perf_counter()
    tasks = [asyncio.create_task(feed(dp, bot, raw)) for raw in flood]
    await asyncio.sleep(0)
    await feed(dp, bot, message_update(other, KK_PHISHING, lang="kk"))
    other_done = time.perf_counter() - start
    await asyncio.gather(*tasks)
    total = time.perf_counter() - start
    assert total < 5.0
    replies = session.texts(flooder)
    notices = [r for r in replies if r == t("bot.flood", "kk")]
    verdicts = [r for r in replies if t("verdict.scam", "kk") in r]
    assert len(notices) == 1  # told once, not a hundred times
    assert len(verdicts) == 10  # the burst, then nothing until the bucket refills
    assert len(session.texts(other)) == 1 and "9999" in session.texts(other)[0]
    assert other_done < 2.0, f"the other user waited {other_done:.2f} s"
    print(f"\nflood: other user in {other_done * 1000:.0f} ms, all in {total * 1000:.0f} ms")


@pytest.mark.parametrize(
    "raw",
    [
        {"update_id": 900, "message": "not an object"},
        {"update_id": 901, "message": {"text": 5}},
        {"update_id": "x"},
        {"message": {"message_id": 1}},
        [],
        "garbage",
        None,
        {"update_id": 902, "callback_query": {"id": "1"}},
    ],
)
async def test_malformed_updates_are_skipped(
    dp: Dispatcher, bot: Bot, session: RecordingSession, raw: object
) -> None:
    feeder = Feeder(dp, bot)
    assert feeder.submit_raw(raw) is False
    # … and the next good update is handled as usual.
    assert feeder.submit_raw(message_update(23, OTP, lang="en")) is True
    await feeder.drain()
    assert t("verdict.safe", "en") in session.texts(23)[-1]


async def test_unknown_update_kinds_do_not_crash(
    dp: Dispatcher, bot: Bot, session: RecordingSession
) -> None:
    raw = {
        "update_id": 950,
        "edited_message": message_update(24, "edited", lang="en")["message"],
    }
    await feed(dp, bot, raw)
    group = message_update(25, KK_PHISHING)
    group["message"]["chat"] = {"id": -100, "type": "group", "title": "family"}
    await feed(dp, bot, group)
    assert session.sent() == []  # edits and chatter in groups are not answered


async def test_handler_failure_gets_an_apology(
    dp: Dispatcher, bot: Bot, session: RecordingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    import saqbol.bot.handlers as handlers

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("engine down")

    monkeypatch.setattr(handlers, "analyze", boom)
    await feed(dp, bot, message_update(26, KK_PHISHING, lang="ru"))
    assert session.texts(26) == [t("bot.error", "ru")]
