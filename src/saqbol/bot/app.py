"""Build the bot and the dispatcher, and run them by long polling.

Polling is our own small loop rather than aiogram's `start_polling`: aiogram validates a whole
getUpdates answer at once, so one malformed update would fail every poll at the same offset and
stall the bot for good. Here each update is validated alone; a bad one is logged and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods.base import TelegramMethod
from aiogram.types import Update
from pydantic import ValidationError

from saqbol.bot.config import BotSettings
from saqbol.bot.handlers import Services, build_router
from saqbol.bot.limits import FloodGuard, FloodMiddleware
from saqbol.bot.prefs import PrefsStore

log = logging.getLogger("saqbol.bot")
MAX_IN_FLIGHT = 64  # updates handled at once; more wait their turn
BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)


WARM_UP = (
    "Kaspi: код 1234. Никому не сообщайте.",
    "Kaspi Bank: картаңыз бұғатталды, kaspi-bank-kz.top/verify сілтемесіне өтіңіз. +77011234567",
    "Halyk: ваша карта заблокирована, перейдите halyk-kz.top/unlock и введите данные карты.",
    "Your parcel is waiting, pay the fee at post-kz.info/pay or call +44 20 7946 0000.",
)


class GetRawUpdates(TelegramMethod[list[dict[str, Any]]]):
    """getUpdates, answered as plain dicts so that each update is validated on its own."""

    __returning__ = list[dict[str, Any]]
    __api_method__ = "getUpdates"

    offset: int | None = None
    limit: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


def create_bot(settings: BotSettings) -> Bot:
    """Raises ValueError with a clear message when the token is missing or malformed."""
    from aiogram.utils.token import TokenValidationError, validate_token

    token = settings.require_token()
    try:
        validate_token(token)
    except TokenValidationError as exc:
        raise ValueError(
            "SAQBOL_TELEGRAM_TOKEN does not look like a bot token (123456:ABC...)"
        ) from exc
    api = (
        TelegramAPIServer.from_base(settings.api_url.rstrip("/"), is_local=settings.api_is_local)
        if settings.api_url
        else None
    )
    session = AiohttpSession(api=api) if api else AiohttpSession()
    default = DefaultBotProperties(
        parse_mode=ParseMode.HTML,
        link_preview_is_disabled=True,
        allow_sending_without_reply=True,  # the person may have deleted the forwarded message
    )
    return Bot(token, session=session, default=default)


def create_dispatcher(services: Services, settings: BotSettings) -> Dispatcher:
    dp = Dispatcher(services=services)
    guard = FloodGuard(settings.rate_per_minute, settings.rate_burst)
    dp.update.outer_middleware(FloodMiddleware(guard, services.prefs))
    dp.include_router(build_router())
    return dp


def warm_up() -> None:
    """Load the knowledge base, the playbooks and the model before the first message, so that
    the first person does not wait for them."""
    from saqbol import analyze
    from saqbol.response.playbooks import get_playbooks

    get_playbooks()
    # One message per language, with a link and a number: every lazy table gets loaded.
    for text in WARM_UP:
        analyze(text)


class Feeder:
    """Hands validated updates to the dispatcher as tasks, at most MAX_IN_FLIGHT at once."""

    def __init__(self, dp: Dispatcher, bot: Bot) -> None:
        self.dp, self.bot = dp, bot
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._tasks: set[asyncio.Task[None]] = set()

    def submit_raw(self, raw: Any) -> bool:
        """False (logged) when `raw` is not a valid update."""
        try:
            update = Update.model_validate(raw, context={"bot": self.bot})
        except ValidationError as exc:
            ident = raw.get("update_id") if isinstance(raw, dict) else None
            log.warning("malformed update %s skipped: %s", ident, exc.errors()[:1])
            return False
        task = asyncio.create_task(self._feed(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def _feed(self, update: Update) -> None:
        async with self._slots:
            try:
                await self.dp.feed_update(self.bot, update)
            except Exception:  # a handler failed beyond the error handler: log, go on
                log.exception("update %s failed", update.update_id)

    async def drain(self, timeout: float = 5.0) -> None:
        """Let the updates in hand finish (a reply half-sent is worse than a short wait)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)


async def _until(stop: asyncio.Event, coro: Any) -> tuple[bool, Any]:
    """Await `coro` unless `stop` is set first: (stopped, result)."""
    task = asyncio.ensure_future(coro)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    if task not in done:
        task.cancel()
        return True, None
    stopper.cancel()
    return False, task.result()


async def poll(bot: Bot, dp: Dispatcher, settings: BotSettings, stop: asyncio.Event) -> None:
    """Long polling until `stop` is set; network and server errors are retried with backoff."""
    feeder = Feeder(dp, bot)
    allowed = dp.resolve_used_update_types()
    offset: int | None = None
    failures = 0
    ready = False
    while not stop.is_set():
        try:
            if not ready:
                # getUpdates is refused while a webhook is set; a webhook left from an earlier
                # deployment would otherwise block polling.
                stopped, _ = await _until(stop, bot.delete_webhook(drop_pending_updates=False))
                if stopped:
                    break
                stopped, me = await _until(stop, bot.get_me())
                if stopped:
                    break
                log.info("polling as @%s", me.username)
                ready = True
            method = GetRawUpdates(
                offset=offset, timeout=settings.polling_timeout, allowed_updates=allowed
            )
            stopped, raw = await _until(
                stop, bot(method, request_timeout=settings.polling_timeout + 10)
            )
        except Exception as exc:  # network down, Telegram 5xx, bad answer: wait and retry
            delay = BACKOFF[min(failures, len(BACKOFF) - 1)]
            failures += 1
            log.error(
                "getUpdates failed (%s: %s); retrying in %.0f s", type(exc).__name__, exc, delay
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
            continue
        if stopped:
            break
        failures = 0
        for item in raw:
            ident = item.get("update_id") if isinstance(item, dict) else None
            if isinstance(ident, int) and not isinstance(ident, bool):
                offset = max(offset or 0, ident + 1)
            feeder.submit_raw(item)
    await feeder.drain()


async def _main(settings: BotSettings) -> None:
    from saqbol.db import Database
    from saqbol.settings import get_settings

    app_settings = get_settings()
    db = Database(app_settings.resolved_database_url())
    if app_settings.migrate_on_start:
        try:
            db.migrate()
        except Exception:  # the bot still answers; only "Report" will apologise
            log.exception("database migration failed; reports will not be stored")
    prefs = PrefsStore(settings.resolved_state_db())
    services = Services(prefs=prefs, db=db, max_text_chars=settings.max_text_chars)
    bot = create_bot(settings)
    dp = create_dispatcher(services, settings)
    await asyncio.to_thread(warm_up)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await poll(bot, dp, settings, stop)
    finally:
        await bot.session.close()
        prefs.close()
        db.dispose()
        log.info("stopped")


def run_polling(settings: BotSettings) -> None:
    asyncio.run(_main(settings))
