"""Migrations, the reports table and weekly statistics, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from saqbol.db import Base, Database, Report
from saqbol.db.reports import add_report, build_report, week_start, weekly_stats
from saqbol.verdict import LinkResult, PhoneResult, Verdict

SCAM = Verdict(
    verdict="scam",
    risk=0.97,
    scheme="phishing_sms",
    language="kk",
    links=[LinkResult(url="http://kaspi-kz.top/verify", verdict="phishing", target="kaspi.kz")],
    phones=[PhoneResult(number="+77011234567", kind="mobile")],
    engine="saqbol test",
)


def test_migrations_create_the_schema_and_are_idempotent(db_url: str) -> None:
    db = Database(db_url)
    db.migrate()
    db.migrate()
    insp = inspect(db.engine)
    assert {"reports", "alembic_version"} <= set(insp.get_table_names())
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    db.downgrade("base")
    assert "reports" not in inspect(db.engine).get_table_names()
    db.dispose()


def test_a_report_keeps_indicators_and_masks_personal_data(db_url: str) -> None:
    db = Database(db_url)
    db.migrate()
    text = "Карта 4400 4301 2345 6789, ЖСН 900101300123, жаз: aigerim@mail.kz http://kaspi-kz.top/verify"
    rid = add_report(db, build_report(text, SCAM, "sms", include_text=True))
    with db.session() as s:
        row = s.execute(select(Report).where(Report.id == rid)).scalar_one()
        assert row.scheme == "phishing_sms"
        assert row.links == ["http://kaspi-kz.top/verify"]
        assert row.domains == ["kaspi-kz.top"]
        assert row.phones == ["+77011234567"]
        assert row.cards == ["**** **** **** 6789"]
        assert row.text_masked is not None
        for secret in ("4400 4301", "900101300", "aigerim@"):
            assert secret not in row.text_masked
    db.dispose()


def test_text_is_not_kept_unless_asked(db_url: str) -> None:
    db = Database(db_url)
    db.migrate()
    rid = add_report(db, build_report("Сізге ұтыс шықты", SCAM, "sms"))
    with db.session() as s:
        assert s.get(Report, rid).text_masked is None  # type: ignore[union-attr]
    db.dispose()


def test_weekly_stats_group_by_scheme_and_week(db_url: str) -> None:
    db = Database(db_url)
    db.migrate()
    today = dt.date(2025, 3, 12)  # a Wednesday
    now = dt.datetime(2025, 3, 12, 10, tzinfo=dt.UTC)
    for days_ago, scheme in [(0, "phishing_sms"), (1, "phishing_sms"), (7, "fake_job"), (70, None)]:
        verdict = SCAM.model_copy(update={"scheme": scheme})
        add_report(db, build_report("x", verdict, now=now - dt.timedelta(days=days_ago)))
    stats = weekly_stats(db, weeks=4, today=today)
    assert stats.weeks[-1] == week_start(today) == dt.date(2025, 3, 10)
    assert stats.counts == {"fake_job": [0, 0, 1, 0], "phishing_sms": [0, 0, 0, 2]}
    assert stats.total == 4
    assert stats.week_totals() == [0, 0, 1, 2]
    db.dispose()
