"""Chat messages (Telegram HTML) from a Verdict, a playbook and the knowledge base.

Pure functions: every sentence comes from the knowledge base; code adds only emoji, line breaks
and HTML escaping. Quoted evidence goes in <code> so that a phishing link is never clickable.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as _escape

from saqbol.bot.images import VerdictLike
from saqbol.kb.loader import get_kb
from saqbol.kb.models import Bank
from saqbol.response.models import RenderedPlaybook

MAX_MESSAGE = 4096  # Telegram's limit for one message
MAX_FLAGS = 3
MAX_ADVICE = 2
EVIDENCE_CHARS = 80
EMOJI = {"scam": "⛔", "suspicious": "⚠️", "safe": "✅"}


def escape(text: str) -> str:
    # Quotes stay as they are: the text is never put inside an HTML attribute.
    return _escape(text, quote=False)


def _t(key: str, lang: str, **fmt: object) -> str:
    return get_kb().text(key, lang, **fmt)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit(parts: Sequence[str], limit: int = MAX_MESSAGE) -> str:
    """Join whole blocks while they fit: HTML is never cut in the middle of a tag."""
    out: list[str] = []
    size = 0
    for part in parts:
        extra = len(part) + (2 if out else 0)
        if size + extra > limit:
            break
        out.append(part)
        size += extra
    return "\n\n".join(out)


def bank_numbers(bank: Bank) -> str:
    return ", ".join(f"<b>{escape(n.display)}</b>" for n in bank.card_block)


def bank_block(bank: Bank, lang: str) -> str:
    line = _t("bot.bank_line", lang, bank=escape(bank.name), numbers=bank_numbers(bank))
    return f"🏦 {line}\n{escape(_t('bot.call_yourself', lang))}"


def verdict_message(verdict: VerdictLike, lang: str, banks: Sequence[Bank] = ()) -> str:
    kb = get_kb()
    head = f"{EMOJI[verdict.verdict]} <b>{escape(_t(f'verdict.{verdict.verdict}', lang))}</b>"
    if verdict.scheme:
        name = kb.schemes[verdict.scheme].name.get(lang)
        head += "\n" + escape(_t("bot.scheme_line", lang, scheme=name))
    parts = [head]
    if verdict.verdict != "safe":
        flags = [s for s in verdict.signals if s.weight > 0 and s.explanation]
        # Flags that quote the message first: the person sees the words that gave it away.
        flags.sort(key=lambda s: (not s.evidence.strip(), -s.weight))
        lines = []
        for s in flags[:MAX_FLAGS]:
            line = f"• {escape(s.explanation)}"
            if s.evidence.strip():
                line += f"\n   «<code>{escape(_clip(s.evidence, EVIDENCE_CHARS))}</code>»"
            lines.append(line)
        if lines:
            parts.append(f"<b>{escape(_t('bot.red_flags_title', lang))}</b>\n" + "\n".join(lines))
    bank_lines = {
        _t("advice.bank_number", lang, bank=b.name, number=b.card_block[0].display) for b in banks
    }
    advice = [a for a in verdict.advice if a not in bank_lines][:MAX_ADVICE]
    if advice:
        body = "\n".join(f"• {escape(a)}" for a in advice)
        if verdict.verdict == "safe":
            parts.append(body)
        else:
            parts.append(f"<b>{escape(_t('bot.advice_title', lang))}</b>\n{body}")
    if verdict.verdict != "safe":
        parts.extend(bank_block(b, lang) for b in banks)
    return fit(parts)


def checklist_message(book: RenderedPlaybook, mask: int) -> str:
    lang = book.lang
    parts = [f"🆘 <b>{escape(book.title)}</b>\n{escape(book.intro)}"]
    if book.bank is not None:
        numbers = ", ".join(f"<b>{escape(p.display)}</b>" for p in book.bank.card_block)
        parts.append(
            "🏦 " + _t("bot.bank_line", lang, bank=escape(book.bank.name), numbers=numbers)
        )
    for i, step in enumerate(book.steps):
        mark = "✅" if mask >> i & 1 else "⬜"
        lines = [f"{mark} <b>{step.n}.</b> {escape(step.title)}"]
        for phone in step.phones:
            lines.append(f"   📞 <b>{escape(phone.display)}</b> — {escape(phone.label)}")
        for link in step.links:
            shown = link.url.removeprefix("mailto:")
            label = link.label if shown in link.label else f"{shown} — {link.label}"
            lines.append(f"   🌐 {escape(label)}")
        parts.append("\n".join(lines))
    done = bool(book.steps) and all(mask >> i & 1 for i in range(len(book.steps)))
    hint = "bot.checklist_done" if done else "bot.checklist_hint"
    parts.append(("🎉 " if done else "") + escape(_t(hint, lang)))
    # The hint is the last block: when the steps are too long, keep it and drop trailing steps.
    body = fit(parts[:-1], MAX_MESSAGE - len(parts[-1]) - 2)
    return f"{body}\n\n{parts[-1]}"


def contacts_message(lang: str) -> str:
    kb = get_kb()
    banks = "\n".join(f"• {escape(b.name)}: {bank_numbers(b)}" for b in kb.contacts.banks)
    hotlines = "\n".join(
        f"• <b>{escape(h.number)}</b> — {escape(h.name.get(lang))}: {escape(h.purpose.get(lang))}"
        for h in kb.contacts.hotlines
    )
    portals = "\n".join(
        f"• {escape(p.url)} — {escape(p.name.get(lang))}" for p in kb.contacts.portals
    )
    return fit(
        [
            f"🏦 <b>{escape(_t('cli.card_block_title', lang))}</b>\n{banks}",
            f"☎️ <b>{escape(_t('cli.hotlines_title', lang))}</b>\n{hotlines}\n{portals}",
        ]
    )


def schemes_message(lang: str) -> str:
    """Each scheme's name and its first tell-tale sign (the full descriptions would not fit)."""
    kb = get_kb()
    blocks = [f"<b>{escape(_t('cli.schemes_title', lang))}</b>"]
    for scheme in kb.schemes.values():
        flag = scheme.red_flags.get(lang)[0]
        blocks.append(f"• <b>{escape(scheme.name.get(lang))}</b>\n   {escape(flag)}")
    hint = escape(_t("bot.schemes_hint", lang))
    return fit(blocks, MAX_MESSAGE - len(hint) - 2) + "\n\n" + hint


def bank_message(bank: Bank, lang: str) -> str:
    return bank_block(bank, lang)
