"""Each user's language and bank, remembered in a small SQLite file (not the reports database:
it holds no message text, only a Telegram user id, a language code and a bank id)."""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

LANGS = ("kk", "ru", "en")
DEFAULT_LANG = "ru"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS bot_users (
    user_id INTEGER PRIMARY KEY,
    lang TEXT,
    bank TEXT
)
"""


@dataclass(frozen=True)
class Prefs:
    lang: str | None = None
    bank: str | None = None


def guess_lang(language_code: str | None) -> str:
    """The Telegram app's language as a first guess before the person chooses."""
    code = (language_code or "").lower()[:2]
    return code if code in LANGS else DEFAULT_LANG


class PrefsStore:
    """Thread-safe; reads are served from a bounded in-memory cache."""

    def __init__(self, path: Path | str, cache_size: int = 10_000) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=5)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(_SCHEMA)
        self._conn.commit()
        self._lock = threading.Lock()
        self._cache: OrderedDict[int, Prefs] = OrderedDict()
        self._cache_size = cache_size

    def get(self, user_id: int) -> Prefs:
        with self._lock:
            if user_id in self._cache:
                self._cache.move_to_end(user_id)
                return self._cache[user_id]
            row = self._conn.execute(
                "SELECT lang, bank FROM bot_users WHERE user_id = ?", (user_id,)
            ).fetchone()
            prefs = Prefs(*row) if row else Prefs()
            self._remember(user_id, prefs)
            return prefs

    def set_lang(self, user_id: int, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(lang)
        self._set(user_id, "lang", lang)

    def set_bank(self, user_id: int, bank_id: str) -> None:
        self._set(user_id, "bank", bank_id)

    def _set(self, user_id: int, column: str, value: str) -> None:
        with self._lock:
            self._conn.execute(
                f"INSERT INTO bot_users (user_id, {column}) VALUES (?, ?) "
                f"ON CONFLICT(user_id) DO UPDATE SET {column} = excluded.{column}",
                (user_id, value),
            )
            self._conn.commit()
            self._cache.pop(user_id, None)

    def _remember(self, user_id: int, prefs: Prefs) -> None:
        self._cache[user_id] = prefs
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
