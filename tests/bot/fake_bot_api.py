"""A small fake Telegram Bot API server on loopback (aiohttp): enough for `saqbol bot`.

getMe, deleteWebhook/setWebhook, getUpdates (long polling over a queue the test fills),
sendMessage and the editing/answering methods (captured). Parameters arrive as a form, as the
aiogram client sends them, with objects JSON-encoded.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 123456, "is_bot": True, "first_name": "saqbol", "username": "saqbol_bot"}


@dataclass
class Sent:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeBotAPI:
    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[Any] = []  # delivered in order, dropped once confirmed by offset
        self.sent: list[Sent] = []
        self.calls: list[str] = []
        self.polls = 0
        self._changed = asyncio.Condition()
        self._ids = itertools.count(100)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def deliver(self, update: Any) -> float:
        """Queue an update; returns the time it became available."""
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()
        return time.monotonic()

    async def wait_for(self, predicate: Any, timeout: float) -> Sent:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for s in self.sent:
                if predicate(s):
                    return s
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        raise AssertionError(f"nothing matched within {timeout} s; sent: {self.sent}")

    async def wait_polls(self, n: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.polls < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not poll {n} times in {timeout} s")
            await asyncio.sleep(0.05)

    # ------------------------------------------------------------------ the API

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                text = value if isinstance(value, str) else ""
                try:
                    params[key] = json.loads(text)
                except ValueError:
                    params[key] = text
        return params

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(method)
        if method == "getMe":
            return self._ok(BOT_USER)
        if method == "getUpdates":
            return self._ok(await self._get_updates(params))
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            async with self._changed:
                self.sent.append(Sent(method, params))
                self._changed.notify_all()
            chat_id = params.get("chat_id", 0)
            return self._ok(
                {
                    "message_id": params.get("message_id") or next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": int(chat_id), "type": "private"},
                    "from": BOT_USER,
                    "text": params.get("text", ""),
                }
            )
        return self._ok(True)  # deleteWebhook, setWebhook, answerCallbackQuery, …

    async def _get_updates(self, params: dict[str, Any]) -> list[Any]:
        self.polls += 1
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)

        def pending() -> list[Any]:
            self.updates = [
                u
                for u in self.updates
                if not (isinstance(u, dict) and isinstance(u.get("update_id"), int))
                or u["update_id"] >= offset
            ]
            return list(self.updates)

        async with self._changed:
            if not pending() and timeout:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout)
            return pending()
