"""Configuration of the web app and storage, from `SAQBOL_*` environment variables."""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "saqbol"


class Settings(BaseSettings):
    """Every field is read from `SAQBOL_<NAME>` (e.g. `SAQBOL_DATABASE_URL`)."""

    model_config = SettingsConfigDict(env_prefix="SAQBOL_", extra="ignore", frozen=True)

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the SQLite file and the generated secret key live.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default sqlite:///<data_dir>/saqbol.db. "
        "PostgreSQL: postgresql+psycopg://user:password@host:5432/db",
    )
    secret_key: str | None = Field(
        default=None,
        description="Signs CSRF tokens. Default: generated once into <data_dir>/secret_key "
        "(shared by all workers of one host; set it explicitly behind a load balancer).",
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, description="Largest request body accepted (413 above)."
    )
    max_text_chars: int = Field(
        default=20_000, ge=100, description="Longest message analyzed (422 above)."
    )
    rate_limit_per_minute: float = Field(
        default=120, ge=0, description="Sustained requests per minute per client; 0 = no limit."
    )
    rate_limit_burst: int = Field(
        default=30, ge=1, description="Requests a client may make at once before being limited."
    )
    trust_proxy_headers: bool = Field(
        default=False,
        description="Identify clients by X-Forwarded-For (only behind your own reverse proxy).",
    )
    migrate_on_start: bool = Field(
        default=True, description="Run the database migrations when the app starts."
    )
    cookie_secure: bool = Field(
        default=False, description="Mark cookies Secure (set true when served over HTTPS)."
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'saqbol.db'}"

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        # Written aside and linked into place: when two workers start together, one key wins
        # atomically and both read the same one.
        tmp = path.with_name(f".secret_key.{os.getpid()}")
        tmp.write_text(key, encoding="utf-8")
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return path.read_text(encoding="utf-8").strip()


@cache
def get_settings() -> Settings:
    return Settings()
