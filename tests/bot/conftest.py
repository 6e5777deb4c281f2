"""Fixtures: a dispatcher wired to a recording session, fresh prefs and a migrated SQLite DB."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from bot_helpers import RecordingSession, make_bot

from saqbol.bot.app import create_dispatcher
from saqbol.bot.config import BotSettings
from saqbol.bot.handlers import Services
from saqbol.bot.prefs import PrefsStore
from saqbol.db import Database


@pytest.fixture()
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'reports.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture()
def services(tmp_path: Path, db: Database) -> Iterator[Services]:
    prefs = PrefsStore(tmp_path / "telegram.sqlite3")
    yield Services(prefs=prefs, db=db, max_text_chars=4096)
    prefs.close()


@pytest.fixture()
def session() -> RecordingSession:
    return RecordingSession()


@pytest.fixture()
async def bot(session: RecordingSession) -> AsyncIterator[Bot]:
    b = make_bot(session)
    yield b
    await b.session.close()


@pytest.fixture()
def dp(services: Services) -> Dispatcher:
    settings = BotSettings(token=None, rate_per_minute=30, rate_burst=10)
    return create_dispatcher(services, settings)
