"""What the bot does with each message and button. No detection logic: `analyze`, the playbooks
and the reports storage do the work; the texts come from the knowledge base."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandStart
from aiogram.types import (
    CallbackQuery,
    ErrorEvent,
    InlineKeyboardMarkup,
    Message,
    User,
)

from saqbol import analyze
from saqbol.bot import keyboards as kbd
from saqbol.bot import render
from saqbol.bot.images import MAX_IMAGE_BYTES, VerdictLike, check_image, image_checker
from saqbol.bot.prefs import LANGS, PrefsStore, guess_lang
from saqbol.db import Database
from saqbol.kb.loader import get_kb
from saqbol.pipeline import InputError, extract
from saqbol.verdict import Verdict

log = logging.getLogger("saqbol.bot")
private = F.chat.type == ChatType.PRIVATE


@dataclass
class Services:
    """What the handlers need; handed to the Dispatcher as `services`."""

    prefs: PrefsStore
    db: Database | None
    max_text_chars: int = 4096


def _t(key: str, lang: str, **fmt: object) -> str:
    return get_kb().text(key, lang, **fmt)


def lang_of(user: User | None, services: Services) -> str:
    if user is None:
        return guess_lang(None)
    return services.prefs.get(user.id).lang or guess_lang(user.language_code)


def message_text(message: Message) -> str:
    """The text to check: the message or caption, plus links hidden behind words or buttons
    (a forwarded Telegram scam often shows "Get the payment" and hides the link)."""
    text = message.text or message.caption or ""
    hidden = [e.url for e in (message.entities or message.caption_entities or []) if e.url]
    if message.reply_markup is not None:
        hidden += [b.url for row in message.reply_markup.inline_keyboard for b in row if b.url]
    if hidden:
        text = "\n".join([text, *dict.fromkeys(hidden)])
    return text


async def _check(text: str, lang: str) -> Verdict:
    # In a thread: a long message must not hold up the other users' updates.
    return await asyncio.to_thread(analyze, text, lang=lang)


async def _send(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """A new message in the chat of the button."""
    if query.message is not None and query.bot is not None:
        await query.bot.send_message(query.message.chat.id, text, reply_markup=markup)


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the message the button belongs to, or send a new one when it is out of reach."""
    msg = query.message
    if isinstance(msg, Message):
        try:
            await msg.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in str(exc):
                return
            log.info("cannot edit message: %s", exc)
    await _send(query, text, markup)


# ------------------------------------------------------------------------------ commands


async def start(message: Message, services: Services) -> None:
    lang = lang_of(message.from_user, services)
    text = _t("bot.welcome", lang) + "\n\n" + " / ".join(_t("bot.choose_lang", lg) for lg in LANGS)
    await message.answer(render.escape(text), reply_markup=kbd.lang_keyboard())


async def language(message: Message) -> None:
    text = " / ".join(_t("bot.choose_lang", lg) for lg in LANGS)
    await message.answer(render.escape(text), reply_markup=kbd.lang_keyboard())


async def choose_lang(query: CallbackQuery, callback_data: kbd.LangCB, services: Services) -> None:
    lang = callback_data.lang
    if lang not in LANGS:
        await query.answer(_t("bot.outdated", lang_of(query.from_user, services)))
        return
    services.prefs.set_lang(query.from_user.id, lang)
    await query.answer()
    await _edit(
        query, render.escape(_t("bot.lang_set", lang) + "\n\n" + _t("bot.help", lang)), None
    )


async def help_(message: Message, services: Services) -> None:
    await message.answer(render.escape(_t("bot.help", lang_of(message.from_user, services))))


async def contacts(message: Message, services: Services) -> None:
    await message.answer(render.contacts_message(lang_of(message.from_user, services)))


async def schemes(message: Message, services: Services) -> None:
    await message.answer(render.schemes_message(lang_of(message.from_user, services)))


# ------------------------------------------------------------------------------ messages


async def send_verdict(
    message: Message,
    verdict: VerdictLike,
    text: str,
    lang: str,
    services: Services,
    report: bool = True,
) -> None:
    """The verdict as a reply, with the buttons when it is not safe."""
    banks = list(extract(text).banks) if text else []
    markup = None
    if verdict.verdict != "safe":
        user = message.from_user
        remembered = services.prefs.get(user.id).bank if user else None
        bank = kbd.bank_index(banks[0].id if banks else remembered)
        scheme = get_kb().schemes.get(verdict.scheme) if verdict.scheme else None
        situation = scheme.playbook if scheme else "received_suspicious"
        markup = kbd.verdict_keyboard(lang, situation, bank, report=report)
    await message.reply(render.verdict_message(verdict, lang, banks), reply_markup=markup)


async def reply_verdict(message: Message, text: str, lang: str, services: Services) -> None:
    if not text.strip():
        await message.reply(render.escape(_t("bot.empty", lang)))
        return
    if len(text) > services.max_text_chars:
        limit = services.max_text_chars
        await message.reply(render.escape(_t("bot.too_long", lang, limit=limit)))
        return
    try:
        verdict = await _check(text, lang)
    except InputError:
        await message.reply(render.escape(_t("bot.unsupported", lang)))
        return
    await send_verdict(message, verdict, text, lang, services)


async def picture(message: Message, bot: Bot, services: Services) -> None:
    lang = lang_of(message.from_user, services)
    checker = image_checker()
    if checker is None:
        await message.reply(render.escape(_t("bot.no_images", lang)))
    else:
        await _read_picture(message, bot, services, checker, lang)
    if message.caption:  # the words sent with the picture are checked as text too
        await reply_verdict(message, message_text(message), lang, services)


async def _read_picture(
    message: Message, bot: Bot, services: Services, checker: Callable[..., Any], lang: str
) -> None:
    file = message.photo[-1] if message.photo else message.document
    if file is None or (file.file_size or 0) > MAX_IMAGE_BYTES:
        await message.reply(render.escape(_t("bot.image_failed", lang)))
        return
    buf = BytesIO()
    await bot.download(file.file_id, destination=buf)
    try:
        found = await asyncio.to_thread(check_image, checker, buf.getvalue(), lang)
    except (ValueError, OSError) as exc:  # not an image, too large, no OCR engine
        log.info("image not read: %s", exc)
        found = None
    if found is None:
        await message.reply(render.escape(_t("bot.image_failed", lang)))
        return
    verdict, text = found
    await send_verdict(message, verdict, text, lang, services, report=False)


async def unknown_command(message: Message, services: Services) -> None:
    await help_(message, services)


async def text_message(message: Message, services: Services) -> None:
    lang = lang_of(message.from_user, services)
    await reply_verdict(message, message_text(message), lang, services)


async def other_content(message: Message, services: Services) -> None:
    """Stickers, voice, video, locations, contacts…: say what the bot can read."""
    await message.reply(render.escape(_t("bot.unsupported", lang_of(message.from_user, services))))


# ------------------------------------------------------------------------------ buttons


async def _show_checklist(
    query: CallbackQuery, services: Services, s: int, b: int, mask: int, new: bool
) -> None:
    from saqbol.response.playbooks import render as render_playbook

    lang = lang_of(query.from_user, services)
    situation, bank = kbd.situation_at(s), kbd.bank_at(b)
    if situation is None or (b != kbd.NO_INDEX and bank is None):
        await query.answer(_t("bot.outdated", lang))
        return
    book = render_playbook(situation, bank.id if bank else None, lang)
    mask &= (1 << min(len(book.steps), kbd.MAX_STEPS)) - 1
    text = render.checklist_message(book, mask)
    markup = kbd.checklist_keyboard(lang, book, s, b, mask)
    await query.answer()
    if new:
        await _send(query, text, markup)
    else:
        await _edit(query, text, markup)


async def paid(query: CallbackQuery, callback_data: kbd.VerdictCB, services: Services) -> None:
    b = callback_data.b
    if b == kbd.NO_INDEX:
        b = kbd.bank_index(services.prefs.get(query.from_user.id).bank)
    await _show_checklist(query, services, callback_data.s, b, 0, new=True)


async def checklist(
    query: CallbackQuery, callback_data: kbd.PlaybookCB, services: Services
) -> None:
    cb = callback_data
    mask = cb.m if cb.m >= 0 else 0
    if 0 <= cb.t < kbd.MAX_STEPS:
        mask ^= 1 << cb.t
    await _show_checklist(query, services, cb.s, cb.b, mask, new=False)


async def situations(
    query: CallbackQuery, callback_data: kbd.SituationCB, services: Services
) -> None:
    lang = lang_of(query.from_user, services)
    await query.answer()
    markup = kbd.situation_keyboard(lang, callback_data.b)
    await _edit(query, render.escape(_t("bot.choose_situation", lang)), markup)


async def which_bank(query: CallbackQuery, callback_data: kbd.BankCB, services: Services) -> None:
    cb = callback_data
    lang = lang_of(query.from_user, services)
    if cb.b == kbd.NO_INDEX:  # open the chooser
        await query.answer()
        text, markup = render.escape(_t("bot.choose_bank", lang)), kbd.bank_keyboard(cb.s, cb.m)
        if cb.s == kbd.NO_INDEX:
            await _send(query, text, markup)
        else:
            await _edit(query, text, markup)
        return
    bank = kbd.bank_at(cb.b)
    if bank is None:
        await query.answer(_t("bot.outdated", lang))
        return
    services.prefs.set_bank(query.from_user.id, bank.id)
    if cb.s != kbd.NO_INDEX:
        await _show_checklist(query, services, cb.s, cb.b, cb.m, new=False)
        return
    await query.answer()
    await _edit(query, render.bank_message(bank, lang), None)


async def report(query: CallbackQuery, services: Services) -> None:
    from saqbol.db.reports import add_report, build_report

    lang = lang_of(query.from_user, services)
    msg = query.message
    original = msg.reply_to_message if isinstance(msg, Message) else None
    text = message_text(original) if original is not None else ""
    if not text.strip() or len(text) > services.max_text_chars:
        await query.answer(_t("bot.message_gone", lang), show_alert=True)
        return
    if services.db is None:
        await query.answer(_t("bot.report_failed", lang), show_alert=True)
        return
    # Forwarded from a Telegram chat: that is where the scam arrived.
    channel = "telegram" if original is not None and original.forward_origin else "other"
    try:
        verdict = await _check(text, lang)
        row = build_report(text, verdict, channel, include_text=True)
        await asyncio.to_thread(add_report, services.db, row)
    except Exception:  # the database is down: tell the person, keep the bot running
        log.exception("report not stored")
        await query.answer(_t("bot.report_failed", lang), show_alert=True)
        return
    await query.answer()
    if isinstance(msg, Message):
        try:
            await msg.edit_reply_markup(reply_markup=kbd.without_report(msg.reply_markup))
        except TelegramBadRequest as exc:
            log.info("cannot edit keyboard: %s", exc)
        await msg.answer(render.escape(_t("bot.reported", lang)))


async def stale_button(query: CallbackQuery, services: Services) -> None:
    await query.answer(_t("bot.outdated", lang_of(query.from_user, services)))


# ------------------------------------------------------------------------------ errors


async def on_error(event: ErrorEvent, services: Services) -> bool:
    """Log it, tell the person politely, and go on with the next update."""
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    try:
        if event.update.message is not None:
            msg = event.update.message
            await msg.answer(render.escape(_t("bot.error", lang_of(msg.from_user, services))))
        elif event.update.callback_query is not None:
            q = event.update.callback_query
            await q.answer(_t("bot.error", lang_of(q.from_user, services)))
    except Exception:  # the apology itself failed (network): nothing more to do
        log.warning("could not send the error message", exc_info=True)
    return True


def build_router() -> Router:
    """A new router with every handler (a router belongs to one dispatcher only).

    Order matters: commands, then pictures, then text, then anything else.
    """
    router = Router(name="saqbol")
    router.message.register(start, CommandStart())
    router.message.register(language, Command("lang", "language"))
    router.callback_query.register(choose_lang, kbd.LangCB.filter())
    router.message.register(help_, Command("help"))
    router.message.register(contacts, Command("contacts"))
    router.message.register(schemes, Command("schemes"))
    router.message.register(picture, private, F.photo | F.document.mime_type.startswith("image/"))
    router.message.register(unknown_command, private, F.text.startswith("/"))
    router.message.register(text_message, private, F.text | F.caption)
    router.message.register(other_content, private)
    router.callback_query.register(paid, kbd.VerdictCB.filter(F.a == "paid"))
    router.callback_query.register(checklist, kbd.PlaybookCB.filter())
    router.callback_query.register(situations, kbd.SituationCB.filter())
    router.callback_query.register(which_bank, kbd.BankCB.filter())
    router.callback_query.register(report, kbd.VerdictCB.filter(F.a == "report"))
    router.callback_query.register(stale_button)
    router.errors.register(on_error)
    return router
