"""Per-user flood control: token buckets per Telegram user, a polite reply once per flood.

One user's flood only drains that user's buckets; everybody else is served as usual. Button
presses have their own, larger bucket: ticking a checklist is quick work, not a flood.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User

from saqbol.bot.prefs import PrefsStore, guess_lang
from saqbol.kb.loader import get_kb
from saqbol.web.ratelimit import RateLimiter

BUTTONS_FACTOR = 4  # button presses allowed per message allowed


class FloodGuard:
    """`check(user)` → "ok", "notify" (first refused event of a flood) or "drop"."""

    def __init__(self, per_minute: float, burst: int, max_users: int = 100_000) -> None:
        self.limiters = {
            "message": RateLimiter(per_minute, burst, max_clients=max_users),
            "button": RateLimiter(
                per_minute * BUTTONS_FACTOR, burst * BUTTONS_FACTOR, max_clients=max_users
            ),
        }
        self._quiet_until: OrderedDict[str, float] = OrderedDict()
        self.max_users = max_users

    def check(self, user_id: int, kind: str = "message", now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        key = f"{user_id}:{kind}"
        wait = self.limiters[kind].take(key, now)
        if wait <= 0:
            return "ok"
        if self._quiet_until.get(key, 0.0) > now:
            return "drop"
        # Quiet until the bucket holds a token again: one notice per flood, not per message.
        self._quiet_until[key] = now + wait
        self._quiet_until.move_to_end(key)
        if len(self._quiet_until) > self.max_users:
            self._quiet_until.popitem(last=False)
        return "notify"


class FloodMiddleware(BaseMiddleware):
    """Outer middleware on updates: refused events never reach a handler."""

    def __init__(self, guard: FloodGuard, prefs: PrefsStore) -> None:
        self.guard, self.prefs = guard, prefs

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or not isinstance(event, Update):
            return await handler(event, data)
        kind = "button" if event.callback_query is not None else "message"
        verdict = self.guard.check(user.id, kind)
        if verdict == "ok":
            return await handler(event, data)
        if verdict == "notify":
            lang = self.prefs.get(user.id).lang or guess_lang(user.language_code)
            text = get_kb().text("bot.flood", lang)
            inner = event.event
            if isinstance(inner, Message):
                await inner.answer(text)
            elif isinstance(inner, CallbackQuery):
                await inner.answer(text, show_alert=True)
        return None
