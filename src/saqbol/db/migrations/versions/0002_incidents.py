"""incidents: victims' own records of what happened (issue 6)

Revision ID: 0002_incidents
Revises: 0001_reports
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_incidents"
down_revision = "0001_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("happened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("situation", sa.String(32), nullable=False),
        sa.Column("scheme", sa.String(64), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("bank", sa.String(100), nullable=True),
        sa.Column("loss_kzt", sa.Numeric(15, 2), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_incidents_happened_at", "incidents", ["happened_at"])
    op.create_index("ix_incidents_situation", "incidents", ["situation"])


def downgrade() -> None:
    op.drop_index("ix_incidents_situation", table_name="incidents")
    op.drop_index("ix_incidents_happened_at", table_name="incidents")
    op.drop_table("incidents")
