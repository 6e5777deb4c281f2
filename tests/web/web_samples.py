"""Messages and helpers shared by the web tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from saqbol.settings import Settings

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

KK_SCAM = (
    "Сәлеметсіз бе! Kaspi банкінің қауіпсіздік қызметі. Картаңыздан күдікті операция байқалды. "
    "SMS-кодты айтыңыз: http://kaspi-kz.top/verify"
)
KK_OTP = "Kaspi.kz: растау коды 4521. Кодты ешкімге айтпаңыз."


def csrf_token(client: TestClient, path: str = "/") -> str:
    match = CSRF_RE.search(client.get(path).text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def make_settings(tmp_path: Path, **kw: Any) -> Settings:
    kw.setdefault("rate_limit_per_minute", 0)
    return Settings(data_dir=tmp_path, secret_key="test-secret", **kw)
