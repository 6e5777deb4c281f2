"""Inline keyboards and their callback data.

Callback data are small indexes, never text: a situation is its index in SITUATIONS, a bank its
index in contacts.yaml, the checklist's ticks a bit mask. Everything is validated when a button
comes back, so a forged or stale button can only change how the person's own checklist looks.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from saqbol.bot.prefs import LANGS
from saqbol.kb.loader import get_kb
from saqbol.kb.models import Bank
from saqbol.response.models import SITUATIONS, RenderedPlaybook

NO_INDEX = -1
BUTTON_CHARS = 40
MAX_STEPS = 30  # the tick mask is an int; no playbook comes near this


class LangCB(CallbackData, prefix="l"):
    lang: str


class VerdictCB(CallbackData, prefix="v"):
    """A button under a verdict: `a` is "paid" (situation `s`, bank `b`) or "report"."""

    a: str
    s: int = NO_INDEX
    b: int = NO_INDEX


class PlaybookCB(CallbackData, prefix="p"):
    """Show situation `s` for bank `b` with ticks `m`, after flipping step `t` (if not -1)."""

    s: int
    b: int = NO_INDEX
    m: int = 0
    t: int = NO_INDEX


class BankCB(CallbackData, prefix="b"):
    """Bank `b` chosen; `s`/`m` carry the checklist to return to (s = -1: just the numbers).
    `b` = -1 opens the chooser."""

    b: int
    s: int = NO_INDEX
    m: int = 0


class SituationCB(CallbackData, prefix="s"):
    """Open the situation chooser for bank `b`."""

    b: int = NO_INDEX


def banks() -> list[Bank]:
    return list(get_kb().contacts.banks)


def bank_index(bank_id: str | None) -> int:
    for i, bank in enumerate(banks()):
        if bank.id == bank_id:
            return i
    return NO_INDEX


def bank_at(index: int) -> Bank | None:
    items = banks()
    return items[index] if 0 <= index < len(items) else None


def situation_index(situation: str | None) -> int:
    return SITUATIONS.index(situation) if situation in SITUATIONS else NO_INDEX


def situation_at(index: int) -> str | None:
    return SITUATIONS[index] if 0 <= index < len(SITUATIONS) else None


def _short(text: str, limit: int = BUTTON_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lang_keyboard() -> InlineKeyboardMarkup:
    kb = get_kb()
    builder = InlineKeyboardBuilder()
    for lang in LANGS:
        builder.button(text=kb.text("bot.lang_name", lang), callback_data=LangCB(lang=lang))
    builder.adjust(3)
    return builder.as_markup()


def verdict_keyboard(
    lang: str, situation: str, bank: int, report: bool = True
) -> InlineKeyboardMarkup:
    """Under a scam: what to do if it is too late, which number is mine, report it (a report
    needs the text, so pictures have no report button)."""
    kb = get_kb()
    s = situation_index(situation)
    builder = InlineKeyboardBuilder()
    builder.button(
        text="🆘 " + kb.text("bot.btn_paid", lang), callback_data=VerdictCB(a="paid", s=s, b=bank)
    )
    builder.button(text="🏦 " + kb.text("bot.btn_bank", lang), callback_data=BankCB(b=NO_INDEX))
    if report:
        builder.button(
            text="📣 " + kb.text("bot.btn_report", lang), callback_data=VerdictCB(a="report")
        )
    builder.adjust(1)
    return builder.as_markup()


def without_report(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The same keyboard minus the report button (a report is stored once)."""
    if markup is None:
        return None
    rows = [
        [b for b in row if not (b.callback_data or "").startswith(VerdictCB.__prefix__ + ":report")]
        for row in markup.inline_keyboard
    ]
    return InlineKeyboardMarkup(inline_keyboard=[r for r in rows if r])


def bank_keyboard(situation: int = NO_INDEX, mask: int = 0) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for i, bank in enumerate(banks()):
        builder.button(text=bank.name, callback_data=BankCB(b=i, s=situation, m=mask))
    builder.adjust(2)
    return builder.as_markup()


def situation_keyboard(lang: str, bank: int) -> InlineKeyboardMarkup:
    from saqbol.response.playbooks import get_playbooks

    titles = {s.id: s.title.get(lang) for s in get_playbooks().situations}
    builder = InlineKeyboardBuilder()
    for i, sid in enumerate(SITUATIONS):
        builder.button(text=_short(titles[sid]), callback_data=PlaybookCB(s=i, b=bank))
    builder.adjust(1)
    return builder.as_markup()


def checklist_keyboard(
    lang: str, book: RenderedPlaybook, situation: int, bank: int, mask: int
) -> InlineKeyboardMarkup:
    kb = get_kb()
    builder = InlineKeyboardBuilder()
    for i, step in enumerate(book.steps[:MAX_STEPS]):
        mark = "✅" if mask >> i & 1 else "⬜"
        builder.button(
            text=_short(f"{mark} {step.n}. {step.title}"),
            callback_data=PlaybookCB(s=situation, b=bank, m=mask, t=i),
        )
    if book.bank is None:
        builder.button(
            text="🏦 " + kb.text("bot.btn_bank", lang),
            callback_data=BankCB(b=NO_INDEX, s=situation, m=mask),
        )
    builder.button(
        text="↩️ " + kb.text("bot.btn_other_situation", lang),
        callback_data=SituationCB(b=bank),
    )
    builder.adjust(1)
    return builder.as_markup()
