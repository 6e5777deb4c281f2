"""reports: scams people chose to report, masked

Revision ID: 0001_reports
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_reports"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("scheme", sa.String(64), nullable=True),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("risk", sa.Float(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("domains", sa.JSON(), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("cards", sa.JSON(), nullable=False),
        sa.Column("ibans", sa.JSON(), nullable=False),
        sa.Column("text_masked", sa.Text(), nullable=True),
        sa.Column("engine", sa.String(200), nullable=False),
    )
    op.create_index("ix_reports_week", "reports", ["week"])
    op.create_index("ix_reports_scheme", "reports", ["scheme"])


def downgrade() -> None:
    op.drop_index("ix_reports_scheme", table_name="reports")
    op.drop_index("ix_reports_week", table_name="reports")
    op.drop_table("reports")
