"""Shared fixtures: the package's knowledge base, a CLI runner, and databases (SQLite and a
private schema on the test PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from saqbol.kb.loader import KnowledgeBase, get_kb


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return get_kb()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


DEFAULT_PG = "postgresql+psycopg://saqbol:saqbol@127.0.0.1:5432/saqbol_test"


def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections live in a new schema, dropped afterwards.

    Unreachable PostgreSQL: skip locally, fail in CI (CI=true) where it must be there.
    """
    base = os.environ.get("SAQBOL_TEST_POSTGRES_URL", DEFAULT_PG)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        admin = create_engine(base, connect_args={"connect_timeout": 3})
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL at {base} is not reachable in CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'saqbol.db'}"
    else:
        yield from postgres_schema_url()
