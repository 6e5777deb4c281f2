"""The bot's settings, from `SAQBOL_TELEGRAM_*` environment variables."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from saqbol.settings import get_settings

DEFAULT_WEBHOOK_PATH = "/telegram/webhook"


class BotSettings(BaseSettings):
    """Every field is read from `SAQBOL_TELEGRAM_<NAME>` (e.g. `SAQBOL_TELEGRAM_TOKEN`)."""

    model_config = SettingsConfigDict(env_prefix="SAQBOL_TELEGRAM_", extra="ignore", frozen=True)

    token: SecretStr | None = Field(default=None, description="The bot's token from @BotFather.")
    api_url: str | None = Field(
        default=None,
        description="A self-hosted Bot API server (e.g. http://127.0.0.1:8081) instead of "
        "api.telegram.org.",
    )
    api_is_local: bool = Field(
        default=False, description="The self-hosted server runs with --local (files by path)."
    )
    webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL Telegram posts updates to; when set, the bot runs as a "
        "webhook inside the web app instead of long polling.",
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; default: "
        "derived from the token.",
    )
    max_text_chars: int = Field(
        default=4096, ge=100, description="Longest message analyzed (Telegram's own limit)."
    )
    rate_per_minute: float = Field(
        default=30, ge=0, description="Sustained messages and button presses per user per minute."
    )
    rate_burst: int = Field(default=10, ge=1, description="Messages a user may send at once.")
    state_db: Path | None = Field(
        default=None,
        description="SQLite file with each user's language and bank; default "
        "<SAQBOL_DATA_DIR>/telegram.sqlite3.",
    )
    polling_timeout: int = Field(default=25, ge=0, le=50, description="Long-poll seconds.")

    def require_token(self) -> str:
        """The token, or a ValueError that says how to set it."""
        token = self.token.get_secret_value().strip() if self.token else ""
        if not token:
            raise ValueError(
                "SAQBOL_TELEGRAM_TOKEN is not set: create a bot with @BotFather and run "
                "SAQBOL_TELEGRAM_TOKEN=123456:ABC... saqbol bot"
            )
        return token

    def resolved_state_db(self) -> Path:
        return self.state_db or get_settings().data_dir / "telegram.sqlite3"

    def webhook_path(self) -> str:
        """The route the web app serves: the path of the webhook URL."""
        path = urlsplit(self.webhook_url or "").path.rstrip("/")
        return path or DEFAULT_WEBHOOK_PATH

    def resolved_webhook_secret(self) -> str:
        """Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -."""
        if self.webhook_secret:
            return self.webhook_secret.get_secret_value()
        key = self.require_token().encode()
        return hmac.new(key, b"saqbol-telegram-webhook", hashlib.sha256).hexdigest()
