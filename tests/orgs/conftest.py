"""Fixtures of the organizations tests: a database with two departments, three schools and
their logins; the web app on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from org_samples import PASSWORD, meeting_in

from saqbol.db import Database
from saqbol.orgs import auth, register
from saqbol.settings import Settings
from saqbol.web import create_app


@pytest.fixture()
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'orgs.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture()
def world(db: Database) -> dict[str, int]:
    """Department A (schools A1, A2), department B (school B1); a login for each; one meeting
    per school."""
    ids: dict[str, int] = {}
    with db.session() as s:
        dep_a = register.add_department(s, "Ақтөбе қаласының білім бөлімі", "Ақтөбе")
        dep_b = register.add_department(s, "Хромтау ауданының білім бөлімі", "Хромтау")
        a1 = register.add_organization(
            s, dep_a, "«TUMAR» МДҰ", "Прмаханова А.Ж.", "https://tumarbalabaksha.kz/"
        )
        a2 = register.add_organization(s, dep_a, "№ 5 мектеп-гимназия")
        b1 = register.add_organization(s, dep_b, "Хромтау № 1 мектебі")
        auth.add_user(s, "tumar", PASSWORD, "org", organization=a1)
        auth.add_user(s, "school5", PASSWORD, "org", organization=a2)
        auth.add_user(s, "khromtau1", PASSWORD, "org", organization=b1)
        auth.add_user(s, "aktobe-dept", PASSWORD, "department", department=dep_a)
        m_a1 = register.add_meeting(s, a1, meeting_in())
        m_a2 = register.add_meeting(
            s,
            a2,
            meeting_in(
                format="class_hour",
                total=25,
                attended=24,
                absent=1,
                held_on=dt.date(2024, 2, 12),
                link="https://school5.kz/news/1",
            ),
        )
        m_b1 = register.add_meeting(s, b1, meeting_in(held_on=dt.date(2024, 2, 14)))
        ids.update(
            dep_a=dep_a.id,
            dep_b=dep_b.id,
            a1=a1.id,
            a2=a2.id,
            b1=b1.id,
            m_a1=m_a1.id,
            m_a2=m_a2.id,
            m_b1=m_b1.id,
        )
    return ids


@pytest.fixture()
def app_client(db: Database, world: dict[str, int], tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path, secret_key="test-secret", database_url=db.url, rate_limit_per_minute=0
    )
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.saqbol.db.dispose()
