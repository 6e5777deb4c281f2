"""The bot as a webhook inside the web app, when SAQBOL_TELEGRAM_WEBHOOK_URL is set.

`mount_webhook(app)` adds one POST route (the path of the webhook URL) and wraps the app's
lifespan: at start it builds the bot, warms the engine up and registers the webhook with
Telegram (with a secret token); at stop it lets the updates in hand finish.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from saqbol.bot.config import BotSettings

log = logging.getLogger("saqbol.bot")
SECRET_HEADER = "x-telegram-bot-api-secret-token"


def mount_webhook(app: FastAPI, settings: BotSettings | None = None) -> bool:
    """Mount the webhook when it is configured; False (and nothing changed) when it is not."""
    settings = settings or BotSettings()
    if not settings.webhook_url:
        return False
    import asyncio

    from saqbol.bot.app import Feeder, create_bot, create_dispatcher, warm_up
    from saqbol.bot.handlers import Services
    from saqbol.bot.prefs import PrefsStore

    secret = settings.resolved_webhook_secret()
    bot = create_bot(settings)  # raises ValueError on a bad token: the app refuses to start
    live: dict[str, Any] = {}
    outer = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        async with outer(a) as state:
            prefs = PrefsStore(settings.resolved_state_db())
            web = getattr(app.state, "saqbol", None)
            services = Services(
                prefs=prefs, db=getattr(web, "db", None), max_text_chars=settings.max_text_chars
            )
            dp = create_dispatcher(services, settings)
            await asyncio.to_thread(warm_up)
            try:
                await bot.set_webhook(
                    settings.webhook_url or "",
                    secret_token=secret,
                    allowed_updates=dp.resolve_used_update_types(),
                )
            except Exception:  # Telegram unreachable: serve anyway, the webhook may be set
                log.exception("setWebhook failed")
            live["feeder"] = Feeder(dp, bot)
            try:
                yield state
            finally:
                feeder = live.pop("feeder")
                await feeder.drain()
                await bot.session.close()
                prefs.close()

    app.router.lifespan_context = lifespan

    @app.post(settings.webhook_path(), include_in_schema=False)
    async def telegram_webhook(request: Request) -> JSONResponse:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse(
                {"error": {"code": "forbidden", "message": "wrong secret token"}}, 403
            )
        feeder = live.get("feeder")
        if feeder is None:
            return JSONResponse(
                {"error": {"code": "starting", "message": "the bot is not ready"}}, 503
            )
        try:
            raw = await request.json()
        except ValueError:
            return JSONResponse({"error": {"code": "bad_json", "message": "not JSON"}}, 400)
        # Answered at once, handled in the background; a malformed update is acknowledged
        # (and logged) so that Telegram does not send it again and again.
        feeder.submit_raw(raw)
        return JSONResponse({"ok": True})

    return True
