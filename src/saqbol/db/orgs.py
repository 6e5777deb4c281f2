"""The organizations' tables (issue 9): departments, schools, staff logins and sessions,
awareness meetings with their agenda and photos, and quiz results.

A department (білім бөлімі) holds organizations (schools, kindergartens); a user belongs to one
organization (role `org`) or to one department (role `department`, sees all its schools).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from saqbol.db.models import Base


class Department(Base):
    __tablename__ = "org_departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False, unique=True)
    district: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class Organization(Base):
    __tablename__ = "org_organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("org_departments.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    head: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    website: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    department: Mapped[Department] = relationship(lazy="joined")


class OrgUser(Base):
    __tablename__ = "org_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # org | department
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_organizations.id", ondelete="CASCADE"), nullable=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("org_departments.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class OrgSession(Base):
    """A server-side login session; the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "org_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("org_users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class Meeting(Base):
    __tablename__ = "org_meetings"
    __table_args__ = (
        CheckConstraint("attended + absent = total", name="ck_org_meetings_counts"),
        CheckConstraint("attended >= 0 AND absent >= 0", name="ck_org_meetings_nonneg"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("org_organizations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    format: Mapped[str] = mapped_column(String(16), nullable=False)  # meeting | class_hour | online
    lang: Mapped[str] = mapped_column(String(2), nullable=False, default="kk")
    link: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    attended: Mapped[int] = mapped_column(Integer, nullable=False)
    absent: Mapped[int] = mapped_column(Integer, nullable=False)
    audience: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    decisions: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    signed_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    quiz_code: Mapped[str] = mapped_column(String(12), nullable=False, unique=True)
    quiz_open: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    organization: Mapped[Organization] = relationship(lazy="joined")
    agenda: Mapped[list[AgendaItem]] = relationship(
        order_by="AgendaItem.position", cascade="all, delete-orphan", lazy="selectin"
    )


class AgendaItem(Base):
    __tablename__ = "org_agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("org_meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    responsible: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    discussion: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Photo(Base):
    """A photo of a meeting (the prosecutor asks for a фотокесте); the bytes live in the DB so
    that every worker and a PostgreSQL deployment see the same files."""

    __tablename__ = "org_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("org_meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(32), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class QuizResult(Base):
    """One participant's answers to a meeting's quiz (anonymous: no name is asked)."""

    __tablename__ = "org_quiz_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("org_meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
