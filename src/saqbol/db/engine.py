"""The engine, sessions and programmatic `alembic upgrade head`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def migrations_dir() -> Path:
    return Path(str(resources.files("saqbol.db") / "migrations"))


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets several workers read while one writes; busy_timeout waits instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


class Database:
    """One database: its engine, a session factory and its migrations."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _alembic(self, action: Any, revision: str) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(migrations_dir()))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            action(cfg, revision)

    def migrate(self, revision: str = "head") -> None:
        """`alembic upgrade head` on this database (a no-op when it is up to date)."""
        self._alembic(command.upgrade, revision)

    def downgrade(self, revision: str) -> None:
        self._alembic(command.downgrade, revision)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
