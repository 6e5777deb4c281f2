"""The tables. One schema for SQLite and PostgreSQL; changes go through a migration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Report(Base):
    """A scam a person chose to report. Only masked data and indicators are kept."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # Monday of created_at's ISO week: statistics group by it in plain portable SQL.
    week: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    scheme: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    verdict: Mapped[str] = mapped_column(String(16), nullable=False)
    risk: Mapped[float] = mapped_column(Float, nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    links: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    domains: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    phones: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    cards: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    ibans: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    text_masked: Mapped[str | None] = mapped_column(Text, nullable=True)
    engine: Mapped[str] = mapped_column(String(200), nullable=False, default="")
