"""Keep incidents in the project database (SQLite by default), the applicant's data masked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from saqbol.db.engine import Database
from saqbol.db.incidents import IncidentRow
from saqbol.privacy import mask_card, mask_email, mask_iin, mask_phone
from saqbol.response.incident import Incident, parse_incident


def masked(incident: Incident) -> Incident:
    """The incident with the applicant's IIN, phone, e-mail and own cards masked."""
    a = incident.applicant
    applicant = a.model_copy(
        update={
            "iin": mask_iin(a.iin) if a.iin else None,
            "phone": mask_phone(a.phone) if a.phone else None,
            "email": mask_email(a.email) if a.email else None,
            "cards": [mask_card(c) for c in a.cards],
        }
    )
    return incident.model_copy(update={"applicant": applicant})


def save_incident(db: Database, incident: Incident, now: dt.datetime | None = None) -> int:
    """Store `incident` (masked) with the identifiers found in its messages; returns its id."""
    safe = masked(incident)
    row = IncidentRow(
        created_at=now or dt.datetime.now(dt.UTC),
        happened_at=incident.happened_at,
        situation=incident.situation,
        scheme=incident.scheme,
        channel=incident.channel,
        bank=incident.bank,
        loss_kzt=incident.totals().get("KZT", Decimal(0)),
        identifiers=incident.identifiers().model_dump(mode="json"),
        data=safe.model_dump(mode="json", exclude_none=True),
    )
    with db.session() as session:
        session.add(row)
        session.flush()
        return int(row.id)


def get_incident(db: Database, incident_id: int) -> Incident | None:
    with db.session() as session:
        row = session.get(IncidentRow, incident_id)
        return parse_incident(row.data) if row else None


def list_incidents(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    """Newest first: id, when, situation, scheme, loss in tenge, number of identifiers."""
    with db.session() as session:
        rows = session.scalars(
            select(IncidentRow).order_by(IncidentRow.id.desc()).limit(limit)
        ).all()
        return [
            {
                "id": r.id,
                "happened_at": r.happened_at.isoformat(),
                "situation": r.situation,
                "scheme": r.scheme,
                "channel": r.channel,
                "loss_kzt": str(r.loss_kzt),
                "identifiers": sum(len(v) for v in r.identifiers.values()),
            }
            for r in rows
        ]
