"""The incidents table: a victim's own record of what happened (issue 6), kept locally.

The applicant's personal data (IIN, phone, e-mail, own cards) is masked before storage; the
fraudster's identifiers are kept in full — they are the evidence the police and the bank need.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from saqbol.db.models import Base


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    happened_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, index=True
    )
    situation: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    scheme: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    bank: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # Sum of the losses in tenge (other currencies stay in `data`).
    loss_kzt: Mapped[Any] = mapped_column(Numeric(15, 2), nullable=False, default=0)
    identifiers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
