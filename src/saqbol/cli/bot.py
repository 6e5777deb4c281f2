"""`saqbol bot`: the Telegram bot (long polling, or a webhook in the web app)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from saqbol.cli.common import fail


def bot(
    host: Annotated[str, typer.Option(help="Webhook mode: address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Webhook mode: port to listen on.")] = 8000,
    log_level: Annotated[str, typer.Option(help="Log level: debug, info, warning.")] = "info",
) -> None:
    """Run the Telegram bot. Set SAQBOL_TELEGRAM_TOKEN (from @BotFather). Long polling by
    default; with SAQBOL_TELEGRAM_WEBHOOK_URL set, serves the web app with the webhook mounted.
    SAQBOL_TELEGRAM_API_URL points it at a self-hosted Bot API server."""
    from pydantic import ValidationError

    from saqbol.bot.config import BotSettings

    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = BotSettings()
        from saqbol.bot.app import create_bot

        create_bot(settings)  # checks the token: a clear error now, not a traceback later
    except (ValueError, ValidationError) as exc:
        raise fail(str(exc)) from None
    if settings.webhook_url:
        from saqbol.cli.web import serve

        serve(host=host, port=port, workers=1, log_level=log_level)
        return
    from saqbol.bot.app import run_polling

    run_polling(settings)


def register(app: typer.Typer) -> None:
    app.command("bot")(bot)
