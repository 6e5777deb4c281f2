"""Web fixtures: the app on a fresh SQLite file or on a private PostgreSQL schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_samples import make_settings

from saqbol.web import create_app


@pytest.fixture()
def client(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(make_settings(tmp_path, database_url=db_url))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.saqbol.db.dispose()


@pytest.fixture()
def sqlite_client(tmp_path: Path) -> Iterator[TestClient]:
    """For tests that do not touch the database beyond start-up."""
    with TestClient(create_app(make_settings(tmp_path)), raise_server_exceptions=False) as c:
        yield c
