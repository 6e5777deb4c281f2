"""The incident record: what happened, what was lost, the fraudster's identifiers, the evidence.

An incident is a JSON file (docs/incident.example.json) that a person fills in, saqbol completes
with identifiers found in the pasted messages, and the documents are written from. Every invalid
file fails with `IncidentError`, whose message names the field (`attachments[2].size`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from saqbol.kb.models import SCHEME_IDS
from saqbol.response.models import SITUATIONS

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_INCIDENT_FILE_BYTES = 5 * 1024 * 1024
MAX_MESSAGE_CHARS = 20_000
Channel = Literal[
    "call", "sms", "whatsapp", "telegram", "instagram", "email", "website", "marketplace", "other"
]
CHANNELS: tuple[str, ...] = Channel.__args__  # type: ignore[attr-defined]
Situation = Literal[
    "told_code",
    "transferred_money",
    "gave_card_data",
    "installed_remote_app",
    "messenger_hijacked",
    "loan_in_my_name",
    "gave_eds_access",
    "paid_fake_seller",
    "received_suspicious",
]
assert Situation.__args__ == SITUATIONS  # type: ignore[attr-defined]
IDENTIFIER_KINDS: tuple[str, ...] = (
    "phones",
    "cards",
    "ibans",
    "links",
    "accounts",
    "apps",
    "names",
)


class IncidentError(ValueError):
    """An incident file is unreadable or invalid; `field` is the path of the bad field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _strict_datetime(v: object) -> object:
    """Dates must be ISO strings ("2025-05-12T14:30:00+05:00"); a bare number is a mistake."""
    if v is not None and not isinstance(v, str | dt.datetime | dt.date):
        raise ValueError("expected an ISO date/time string such as 2025-05-12T14:30:00+05:00")
    return v


class Applicant(_Model):
    """The person filing (all optional: fill what the police form asks for)."""

    full_name: str | None = Field(None, max_length=200)
    # `*` only in a stored (masked) record.
    iin: str | None = Field(None, pattern=r"^[0-9*]{12}$", description="ИИН / ЖСН, 12 digits")
    birth_date: dt.date | None = None
    address: str | None = Field(None, max_length=500)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=200)
    cards: list[str] = Field(
        default_factory=list, description="Your own cards (never listed as the fraudster's)"
    )

    _dates = field_validator("birth_date", mode="before")(_strict_datetime)


class Loss(_Model):
    amount: Decimal = Field(gt=0, max_digits=15, decimal_places=2)
    currency: str = Field("KZT", pattern=r"^[A-Z]{3}$")
    at: dt.datetime | None = None
    method: str | None = Field(None, max_length=200, description="transfer, card payment, cash…")
    to: str | None = Field(None, max_length=200, description="recipient card / IBAN / phone / name")
    note: str | None = Field(None, max_length=1000)

    _dates = field_validator("at", mode="before")(_strict_datetime)


class Loan(_Model):
    lender: str = Field(min_length=1, max_length=200)
    amount: Decimal | None = Field(None, gt=0, max_digits=15, decimal_places=2)
    currency: str = Field("KZT", pattern=r"^[A-Z]{3}$")
    date: dt.date | None = None
    contract: str | None = Field(None, max_length=100)

    _dates = field_validator("date", mode="before")(_strict_datetime)


class Message(_Model):
    at: dt.datetime | None = None
    sender: str | None = Field(None, max_length=200)
    channel: Channel | None = None
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)

    _dates = field_validator("at", mode="before")(_strict_datetime)


class TimelineEvent(_Model):
    at: dt.datetime
    event: str = Field(min_length=1, max_length=2000)

    _dates = field_validator("at", mode="before")(_strict_datetime)


class Identifiers(_Model):
    """The fraudster's identifiers: typed in by the person and/or found in the messages."""

    phones: list[str] = Field(default_factory=list)
    cards: list[str] = Field(default_factory=list)
    ibans: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list, description="@usernames, profiles, e-mails")
    apps: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list, description="names they used")

    def merged(self, other: Identifiers) -> Identifiers:
        def key(kind: str, v: str) -> str:
            if kind in ("phones", "cards", "ibans"):
                return re.sub(r"[^0-9A-Za-z]", "", v).upper()[-10:]
            return v.casefold().rstrip("/")

        out: dict[str, list[str]] = {}
        for kind in IDENTIFIER_KINDS:
            seen: dict[str, str] = {}
            for v in [*getattr(self, kind), *getattr(other, kind)]:
                seen.setdefault(key(kind, v), v)
            out[kind] = list(seen.values())
        return Identifiers(**out)

    def count(self) -> int:
        return sum(len(getattr(self, k)) for k in IDENTIFIER_KINDS)


class Attachment(_Model):
    name: str = Field(min_length=1, max_length=255)
    size: int | None = Field(None, ge=0, description="bytes; at most 20 MB")
    sha256: str | None = Field(None, pattern=r"^[0-9a-fA-F]{64}$")
    path: str | None = Field(None, description="file path, relative to the incident file")
    description: str | None = Field(None, max_length=500)

    @field_validator("size")
    @classmethod
    def _limit(cls, v: int | None) -> int | None:
        if v is not None and v > MAX_ATTACHMENT_BYTES:
            raise ValueError(f"the file is {v / 2**20:.1f} MB; the limit is 20 MB per attachment")
        return v

    @model_validator(mode="after")
    def _size_or_path(self) -> Attachment:
        if self.size is None and self.path is None:
            raise ValueError("give the file's size (bytes) or its path")
        return self


class PoliceReport(_Model):
    """A statement already filed (the credit-report dispute refers to it)."""

    number: str | None = Field(None, max_length=100)
    date: dt.date | None = None
    where: str | None = Field(None, max_length=300)

    _dates = field_validator("date", mode="before")(_strict_datetime)


class Incident(_Model):
    version: Literal[1] = 1
    situation: Situation
    happened_at: dt.datetime
    channel: Channel
    summary: str = Field(
        min_length=1, max_length=20_000, description="what happened, in your words"
    )
    asked_for: str | None = Field(None, max_length=2000, description="what they asked for")
    given: str | None = Field(None, max_length=2000, description="what you gave or paid")
    scheme: str | None = None
    bank: str | None = Field(None, max_length=100, description="your bank (id or name)")
    language: Literal["kk", "ru", "en"] | None = None
    losses: list[Loss] = Field(default_factory=list)
    loans: list[Loan] = Field(default_factory=list)
    fraudster: Identifiers = Field(default_factory=Identifiers)
    messages: list[Message] = Field(default_factory=list, max_length=200)
    timeline: list[TimelineEvent] = Field(default_factory=list, max_length=200)
    attachments: list[Attachment] = Field(default_factory=list, max_length=100)
    applicant: Applicant = Field(default_factory=Applicant)
    police_report: PoliceReport | None = None

    _dates = field_validator("happened_at", mode="before")(_strict_datetime)

    @field_validator("scheme")
    @classmethod
    def _scheme(cls, v: str | None) -> str | None:
        if v is not None and v not in SCHEME_IDS:
            raise ValueError(f"unknown scheme {v!r}; expected one of {', '.join(SCHEME_IDS)}")
        return v

    def totals(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for loss in self.losses:
            out[loss.currency] = out.get(loss.currency, Decimal(0)) + loss.amount
        return out

    def identifiers(self) -> Identifiers:
        """The typed-in identifiers plus those found in the messages (the applicant's own cards
        and phone excluded)."""
        from saqbol.response.extract import extract_identifiers

        found = Identifiers()
        for msg in self.messages:
            found = found.merged(extract_identifiers(msg.text))
        own = {re.sub(r"\D", "", c)[-10:] for c in self.applicant.cards}
        if self.applicant.phone:
            own.add(re.sub(r"\D", "", self.applicant.phone)[-10:])
        found = found.model_copy(
            update={
                "cards": [c for c in found.cards if re.sub(r"\D", "", c)[-10:] not in own],
                "phones": [p for p in found.phones if re.sub(r"\D", "", p)[-10:] not in own],
            }
        )
        return self.fraudster.merged(found)


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _first_error(exc: ValidationError) -> IncidentError:
    err = exc.errors()[0]
    # The tagged path of a model validator ends with the model name; drop pydantic's noise.
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "missing":
        msg = "this field is required"
    elif err["type"] == "extra_forbidden":
        msg = "unknown field (check the spelling; see docs/incident.example.json)"
    more = len(exc.errors()) - 1
    if more:
        msg += f" (and {more} more problem{'s' if more > 1 else ''})"
    return IncidentError(_field_path(loc) or "<file>", msg)


def parse_incident(data: Any) -> Incident:
    """Validate already-decoded JSON data; raises IncidentError naming the field."""
    if not isinstance(data, dict):
        raise IncidentError("<file>", "an incident is a JSON object { … }")
    try:
        return Incident.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from exc


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _resolve_attachments(incident: Incident, base: Path) -> Incident:
    """Check each attachment that has a path: it exists, is ≤ 20 MB, and matches its sha256."""
    fixed = []
    for i, att in enumerate(incident.attachments):
        if att.path is None:
            fixed.append(att)
            continue
        path = (base / att.path).expanduser()
        field = f"attachments[{i}].path"
        if not path.is_file():
            raise IncidentError(field, f"file not found: {path}")
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise IncidentError(
                field, f"the file is {size / 2**20:.1f} MB; the limit is 20 MB per attachment"
            )
        if att.size is not None and att.size != size:
            raise IncidentError(
                f"attachments[{i}].size", f"says {att.size} but the file has {size} bytes"
            )
        digest = _sha256(path)
        if att.sha256 is not None and att.sha256.lower() != digest:
            raise IncidentError(f"attachments[{i}].sha256", "does not match the file's contents")
        fixed.append(att.model_copy(update={"size": size, "sha256": digest}))
    return incident.model_copy(update={"attachments": fixed})


def load_incident(path: Path) -> Incident:
    """Read, validate and complete (attachment sizes and hashes) an incident JSON file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IncidentError("<file>", f"cannot read {path}: {exc.strerror}") from exc
    if size > MAX_INCIDENT_FILE_BYTES:
        raise IncidentError("<file>", "the incident file is over 5 MB; attach files by path")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise IncidentError("<file>", "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise IncidentError(
            "<file>", f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return _resolve_attachments(parse_incident(data), path.parent)
