"""End to end: `saqbol bot` as a process, long polling a fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from fake_bot_api import FakeBotAPI

from saqbol.kb.loader import get_kb

TOKEN = "123456:E2E-token_for-saqbol-bot-tests-0000"
CHAT = 777
KK_SCAM_SMS = (
    "Kaspi Bank: Сіздің картаңыз бұғатталды. Бұғаттан шығару үшін kaspi-bank-kz.top/verify "
    "сілтемесіне өтіп, карта деректерін енгізіңіз."
)
OTP_SMS = "Kaspi.kz: растау коды 4821. Кодты ешкімге айтпаңыз."
REPLY_BAR_S = 2.0


def _message(update_id: int, text: str, forwarded: bool) -> dict:
    msg: dict = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": CHAT, "type": "private"},
        "from": {"id": CHAT, "is_bot": False, "first_name": "Апа", "language_code": "kk"},
        "text": text,
    }
    if forwarded:
        msg["forward_origin"] = {
            "type": "hidden_user",
            "date": int(time.time()) - 60,
            "sender_user_name": "Kaspi",
        }
    return {"update_id": update_id, "message": msg}


def _command() -> list[str]:
    exe = shutil.which("saqbol", path=str(Path(sys.executable).parent))
    if exe:
        return [exe, "bot"]
    return [sys.executable, "-c", "from saqbol.cli.main import main; main()", "bot"]


@pytest.mark.slow
async def test_saqbol_bot_against_a_loopback_bot_api(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    await api.start()
    env = {
        **os.environ,
        "SAQBOL_TELEGRAM_TOKEN": TOKEN,
        "SAQBOL_TELEGRAM_API_URL": api.url,
        "SAQBOL_TELEGRAM_POLLING_TIMEOUT": "10",
        "SAQBOL_DATA_DIR": str(tmp_path),
        "SAQBOL_DATABASE_URL": f"sqlite:///{tmp_path / 'saqbol.db'}",
    }
    env.pop("SAQBOL_TELEGRAM_WEBHOOK_URL", None)
    proc = await asyncio.create_subprocess_exec(
        *_command(),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    kb = get_kb()
    try:
        # Ready when it polls: the engine is warmed up before the first getUpdates.
        await api.wait_polls(1, timeout=60)
        assert "deleteWebhook" in api.calls and "getMe" in api.calls

        # A malformed update first: it must be skipped, not stall the polling.
        await api.deliver({"update_id": 1, "message": "garbage"})
        delivered = await api.deliver(_message(2, KK_SCAM_SMS, forwarded=True))
        scam = await api.wait_for(lambda s: s.method == "sendMessage", timeout=10)
        took = scam.at - delivered
        text = scam.params["text"]
        assert kb.text("verdict.scam", "kk") in text
        assert kb.schemes["phishing_sms"].name.get("kk") in text
        assert "9999" in text
        assert took < REPLY_BAR_S, f"the scam verdict came {took:.2f} s after delivery"

        delivered = await api.deliver(_message(3, OTP_SMS, forwarded=False))
        safe = await api.wait_for(lambda s: s.method == "sendMessage" and s is not scam, timeout=10)
        took_safe = safe.at - delivered
        assert safe.params["text"].startswith("✅")
        assert kb.text("verdict.safe", "kk") in safe.params["text"]
        assert took_safe < REPLY_BAR_S, f"the safe verdict came {took_safe:.2f} s after delivery"
        print(f"\nscam reply {took * 1000:.0f} ms, safe reply {took_safe * 1000:.0f} ms")
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), timeout=15)
        except TimeoutError:
            proc.kill()
            out, _ = await proc.communicate()
        await api.stop()
    log = out.decode(errors="replace")
    assert proc.returncode == 0, log
    assert "malformed update 1 skipped" in log
    assert "stopped" in log
    assert KK_SCAM_SMS not in log  # message texts are not logged
