"""orgs: departments, organizations, staff logins, awareness meetings, photos, quiz results
(issue 9)

Revision ID: 0003_orgs
Revises: 0002_incidents
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_orgs"
down_revision = "0002_incidents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "org_departments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("district", sa.String(200), nullable=False),
    )
    op.create_table(
        "org_organizations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "department_id",
            sa.Integer(),
            sa.ForeignKey("org_departments.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("head", sa.String(200), nullable=False),
        sa.Column("website", sa.String(500), nullable=False),
    )
    op.create_index("ix_org_organizations_department_id", "org_organizations", ["department_id"])
    op.create_table(
        "org_users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("login", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column(
            "organization_id",
            sa.Integer(),
            sa.ForeignKey("org_organizations.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column(
            "department_id",
            sa.Integer(),
            sa.ForeignKey("org_departments.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "org_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("org_users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_org_sessions_user_id", "org_sessions", ["user_id"])
    op.create_table(
        "org_meetings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "organization_id",
            sa.Integer(),
            sa.ForeignKey("org_organizations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.Column("absent", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("signed_by", sa.String(200), nullable=False),
        sa.Column("quiz_code", sa.String(12), nullable=False, unique=True),
        sa.Column("quiz_open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("attended + absent = total", name="ck_org_meetings_counts"),
        sa.CheckConstraint("attended >= 0 AND absent >= 0", name="ck_org_meetings_nonneg"),
    )
    op.create_index("ix_org_meetings_organization_id", "org_meetings", ["organization_id"])
    op.create_index("ix_org_meetings_held_on", "org_meetings", ["held_on"])
    op.create_table(
        "org_agenda_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("org_meetings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("responsible", sa.String(200), nullable=False),
        sa.Column("discussion", sa.Text(), nullable=False),
    )
    op.create_index("ix_org_agenda_items_meeting_id", "org_agenda_items", ["meeting_id"])
    op.create_table(
        "org_photos",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("org_meetings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_org_photos_meeting_id", "org_photos", ["meeting_id"])
    op.create_table(
        "org_quiz_results",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("org_meetings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_org_quiz_results_meeting_id", "org_quiz_results", ["meeting_id"])


def downgrade() -> None:
    op.drop_table("org_quiz_results")
    op.drop_table("org_photos")
    op.drop_table("org_agenda_items")
    op.drop_table("org_meetings")
    op.drop_table("org_sessions")
    op.drop_table("org_users")
    op.drop_table("org_organizations")
    op.drop_table("org_departments")
