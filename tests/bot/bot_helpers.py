"""A recording Bot API session and update builders for the bot's handler tests."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.methods import TelegramMethod
from aiogram.types import File, Message, User

TOKEN = "123456:TEST-token_for-saqbol-bot-tests-000"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "saqbol", "username": "saqbol_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class RecordingSession(BaseSession):
    """Answers every Bot API method locally and records the calls (no network)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Call] = []
        self._ids = itertools.count(1000)

    async def close(self) -> None:
        pass

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        name = method.__api_method__
        params = method.model_dump(exclude_none=True)
        self.calls.append(Call(name, params))
        if name == "getMe":
            return User.model_validate(BOT_USER)
        if name == "getFile":
            return File(file_id=params["file_id"], file_unique_id="u", file_path="photos/p.jpg")
        if name in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat_id = params.get("chat_id", 1)
            data = {
                "message_id": params.get("message_id") or next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", "…"),
            }
            return Message.model_validate(data, context={"bot": bot})
        return True

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b"\x89PNG fake image bytes"

    # ------------------------------------------------------------------ what was sent

    def sent(self, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == "sendMessage" and (chat_id is None or c.params["chat_id"] == chat_id)
        ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [c.params["text"] for c in self.sent(chat_id)]

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]


def make_bot(session: RecordingSession) -> Bot:
    return Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def user(user_id: int, lang: str = "ru") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"U{user_id}", "language_code": lang}


def message(
    user_id: int, text: str | None = None, lang: str = "ru", **extra: Any
) -> dict[str, Any]:
    msg: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private"},
        "from": user(user_id, lang),
    }
    if text is not None:
        msg["text"] = text
    msg.update(extra)
    return msg


def message_update(
    user_id: int, text: str | None = None, lang: str = "ru", **extra: Any
) -> dict[str, Any]:
    return {"update_id": next(_update_ids), "message": message(user_id, text, lang, **extra)}


def callback_update(
    user_id: int, data: str, on_message: dict[str, Any] | None = None, lang: str = "ru"
) -> dict[str, Any]:
    """A button press on `on_message` (the bot's message, with its reply_to_message)."""
    target = on_message or {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private"},
        "from": BOT_USER,
        "text": "…",
    }
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": user(user_id, lang),
            "chat_instance": "ci",
            "data": data,
            "message": target,
        },
    }


def bot_message(user_id: int, call: Call, reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
    """The message the bot sent in `call`, as Telegram shows it back inside a callback."""
    msg: dict[str, Any] = {
        "message_id": 5000 + len(call.params["text"]),
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private"},
        "from": BOT_USER,
        "text": call.params["text"],
    }
    markup = call.params.get("reply_markup")
    if markup:
        msg["reply_markup"] = markup
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    return msg


def buttons(call: Call) -> list[tuple[str, str]]:
    """(text, callback_data) of every inline button of a sent message."""
    markup = call.params.get("reply_markup") or {}
    return [
        (b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row
    ]
