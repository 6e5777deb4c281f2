"""The webhook mounted in the web app (SAQBOL_TELEGRAM_WEBHOOK_URL), against the fake Bot API."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from fake_bot_api import FakeBotAPI

from saqbol.bot.config import BotSettings
from saqbol.bot.webhook import SECRET_HEADER
from saqbol.kb.loader import get_kb
from saqbol.settings import Settings

TOKEN = "123456:WEBHOOK-token_for-saqbol-bot-tests-0"
URL = "https://saqbol.example.kz/telegram/webhook"


def _update(update_id: int, text: str) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": 55, "type": "private"},
            "from": {"id": 55, "is_bot": False, "first_name": "A", "language_code": "ru"},
            "text": text,
        },
    }


async def test_webhook_in_the_web_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeBotAPI(TOKEN)
    await api.start()
    for key, value in {
        "SAQBOL_TELEGRAM_TOKEN": TOKEN,
        "SAQBOL_TELEGRAM_API_URL": api.url,
        "SAQBOL_TELEGRAM_WEBHOOK_URL": URL,
        "SAQBOL_DATA_DIR": str(tmp_path),
    }.items():
        monkeypatch.setenv(key, value)
    from saqbol.web.app import create_app

    app = create_app(Settings(data_dir=tmp_path, rate_limit_per_minute=0))
    secret = BotSettings().resolved_webhook_secret()
    transport = httpx.ASGITransport(app=app)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://t") as client,
        ):
            assert "setWebhook" in api.calls
            path = "/telegram/webhook"
            wrong = await client.post(path, json=_update(1, "x"), headers={SECRET_HEADER: "no"})
            assert wrong.status_code == 403
            ok = {SECRET_HEADER: secret}
            bad = await client.post(path, json={"update_id": 2, "message": 5}, headers=ok)
            assert bad.status_code == 200  # acknowledged, logged, skipped
            text = "Halyk Bank: ваша карта заблокирована, перейдите halyk-kz.top/unlock"
            good = await client.post(path, json=_update(3, text), headers=ok)
            assert good.status_code == 200
            sent = await api.wait_for(lambda s: s.method == "sendMessage", timeout=5)
            assert get_kb().text("verdict.scam", "ru") in sent.params["text"]
            assert "9595" in sent.params["text"]
            await asyncio.sleep(0)
    finally:
        await api.stop()
