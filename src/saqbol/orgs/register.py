"""The register: departments, organizations, meetings with agenda, decisions and photos.

Every function takes a SQLAlchemy session; the web routes and the CLI call the same ones.
Reading and changing a meeting goes through `Scope`, so that a school sees only its own
meetings and a department only its schools'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from saqbol.db.orgs import AgendaItem, Department, Meeting, Organization, Photo, QuizResult

FORMATS = ("meeting", "class_hour", "online")
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 20
# Photos are checked by their first bytes, not by the name or the browser's content type.
PHOTO_MAGIC = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
QUIZ_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud from a screen


class RegisterError(ValueError):
    """Bad input for the register; `code` is stable, `field` names the form field."""

    def __init__(self, code: str, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.code, self.field, self.message, self.status = code, field, message, status


class AgendaIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    title: str = Field(min_length=1, max_length=500)
    responsible: str = Field(default="", max_length=200)
    discussion: str = Field(default="", max_length=20_000)


class MeetingIn(BaseModel):
    """What a user enters for one meeting; `attended + absent` must equal `total`."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    held_on: dt.date
    title: str = Field(min_length=1, max_length=300)
    format: str = "meeting"
    lang: str = "kk"
    link: str = Field(default="", max_length=500)
    total: int = Field(ge=1, le=100_000)
    attended: int = Field(ge=0, le=100_000)
    absent: int = Field(ge=0, le=100_000)
    audience: str = Field(default="", max_length=200)
    purpose: str = Field(min_length=1, max_length=5_000)
    agenda: list[AgendaIn] = Field(min_length=1, max_length=30)
    decisions: list[str] = Field(default_factory=list, max_length=30)
    signed_by: str = Field(default="", max_length=200)

    @field_validator("format")
    @classmethod
    def _format(cls, v: str) -> str:
        if v not in FORMATS:
            raise ValueError(f"use one of {', '.join(FORMATS)}")
        return v

    @field_validator("lang")
    @classmethod
    def _lang(cls, v: str) -> str:
        if v not in ("kk", "ru"):
            raise ValueError("use kk or ru")
        return v

    @field_validator("link")
    @classmethod
    def _link(cls, v: str) -> str:
        if v and not v.lower().startswith(("http://", "https://")):
            raise ValueError("the link must start with http:// or https://")
        return v

    @field_validator("decisions")
    @classmethod
    def _decisions(cls, v: list[str]) -> list[str]:
        v = [d.strip() for d in v if d.strip()]
        if any(len(d) > 5_000 for d in v):
            raise ValueError("a decision is longer than 5000 characters")
        return v

    @model_validator(mode="after")
    def _counts(self) -> MeetingIn:
        if self.attended + self.absent != self.total:
            raise ValueError(
                f"attended ({self.attended}) + absent ({self.absent}) must equal "
                f"total ({self.total})"
            )
        return self


@dataclass(frozen=True)
class Scope:
    """Which organizations a user may see: one (`org`), a department's, or all (the CLI)."""

    organization_id: int | None = None
    department_id: int | None = None

    def allows(self, org: Organization) -> bool:
        if self.organization_id is not None:
            return org.id == self.organization_id
        if self.department_id is not None:
            return org.department_id == self.department_id
        return True


EVERYTHING = Scope()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ------------------------------------------------------------------ departments, organizations
def add_department(s: Session, name: str, district: str = "") -> Department:
    name = name.strip()
    if not name:
        raise RegisterError("empty", "name", "the department needs a name")
    if s.scalar(select(Department).where(Department.name == name)) is not None:
        raise RegisterError("exists", "name", f"department {name!r} already exists", 409)
    dep = Department(name=name, district=district.strip())
    s.add(dep)
    s.flush()
    return dep


def find_department(s: Session, name_or_id: str) -> Department:
    found = (
        s.get(Department, int(name_or_id))
        if name_or_id.isdigit()
        else s.scalar(select(Department).where(Department.name == name_or_id.strip()))
    )
    if found is None:
        raise RegisterError("not_found", "department", f"no department {name_or_id!r}", 404)
    return found


def add_organization(
    s: Session, department: Department, name: str, head: str = "", website: str = ""
) -> Organization:
    name = name.strip()
    if not name:
        raise RegisterError("empty", "name", "the organization needs a name")
    org = Organization(
        department_id=department.id, name=name, head=head.strip(), website=website.strip()
    )
    s.add(org)
    s.flush()
    return org


def find_organization(s: Session, name_or_id: str, scope: Scope = EVERYTHING) -> Organization:
    found = (
        s.get(Organization, int(name_or_id))
        if name_or_id.isdigit()
        else s.scalar(select(Organization).where(Organization.name == name_or_id.strip()))
    )
    if found is None or not scope.allows(found):
        raise RegisterError("not_found", "organization", f"no organization {name_or_id!r}", 404)
    return found


def organizations(s: Session, scope: Scope) -> list[Organization]:
    q = select(Organization).order_by(Organization.name)
    if scope.organization_id is not None:
        q = q.where(Organization.id == scope.organization_id)
    elif scope.department_id is not None:
        q = q.where(Organization.department_id == scope.department_id)
    return list(s.scalars(q))


# ------------------------------------------------------------------------------- meetings
def _new_quiz_code(s: Session) -> str:
    while True:
        code = "".join(secrets.choice(QUIZ_ALPHABET) for _ in range(6))
        if s.scalar(select(Meeting.id).where(Meeting.quiz_code == code)) is None:
            return code


def _apply(meeting: Meeting, data: MeetingIn) -> None:
    meeting.held_on, meeting.title, meeting.format = data.held_on, data.title, data.format
    meeting.lang, meeting.link, meeting.audience = data.lang, data.link, data.audience
    meeting.total, meeting.attended, meeting.absent = data.total, data.attended, data.absent
    meeting.purpose, meeting.decisions, meeting.signed_by = (
        data.purpose,
        list(data.decisions),
        data.signed_by,
    )
    meeting.agenda = [
        AgendaItem(position=i, title=a.title, responsible=a.responsible, discussion=a.discussion)
        for i, a in enumerate(data.agenda, 1)
    ]


def add_meeting(s: Session, org: Organization, data: MeetingIn) -> Meeting:
    meeting = Meeting(organization_id=org.id, quiz_code=_new_quiz_code(s), created_at=now())
    _apply(meeting, data)
    s.add(meeting)
    s.flush()
    s.refresh(meeting)
    return meeting


def update_meeting(s: Session, meeting: Meeting, data: MeetingIn) -> Meeting:
    _apply(meeting, data)
    s.flush()
    return meeting


def get_meeting(s: Session, meeting_id: int, scope: Scope = EVERYTHING) -> Meeting:
    """The meeting if `scope` may see it; another school's meeting is "not found" (no leak of
    which ids exist)."""
    meeting = s.get(Meeting, meeting_id)
    if meeting is None or not scope.allows(meeting.organization):
        raise RegisterError("not_found", "meeting", f"no meeting {meeting_id}", 404)
    return meeting


def meeting_by_quiz_code(s: Session, code: str) -> Meeting | None:
    code = code.strip().upper()
    if not code or len(code) > 12:
        return None
    return s.scalar(select(Meeting).where(Meeting.quiz_code == code))


def meetings(
    s: Session,
    scope: Scope,
    start: dt.date | None = None,
    end: dt.date | None = None,
    department_id: int | None = None,
) -> list[Meeting]:
    q = select(Meeting).join(Organization).order_by(Meeting.held_on, Meeting.id)
    if scope.organization_id is not None:
        q = q.where(Meeting.organization_id == scope.organization_id)
    elif scope.department_id is not None:
        q = q.where(Organization.department_id == scope.department_id)
    if department_id is not None:
        q = q.where(Organization.department_id == department_id)
    if start is not None:
        q = q.where(Meeting.held_on >= start)
    if end is not None:
        q = q.where(Meeting.held_on <= end)
    return list(s.scalars(q).unique())


def delete_meeting(s: Session, meeting: Meeting) -> None:
    s.delete(meeting)
    s.flush()


# --------------------------------------------------------------------------------- photos
def photo_type(data: bytes) -> str | None:
    for magic, ctype in PHOTO_MAGIC.items():
        if data.startswith(magic):
            return ctype
    return None


def add_photo(s: Session, meeting: Meeting, filename: str, data: bytes) -> Photo:
    if len(data) > MAX_PHOTO_BYTES:
        raise RegisterError(
            "photo_too_large",
            "photo",
            f"the photo is {len(data) / 1048576:.1f} MB; the limit is "
            f"{MAX_PHOTO_BYTES // 1048576} MB per photo",
            413,
        )
    if not data:
        raise RegisterError("photo_empty", "photo", "the photo file is empty")
    ctype = photo_type(data)
    if ctype is None:
        raise RegisterError("photo_type", "photo", "only JPEG and PNG photos are accepted", 415)
    count = len(photos(s, meeting))
    if count >= MAX_PHOTOS:
        raise RegisterError(
            "too_many_photos", "photo", f"a meeting keeps at most {MAX_PHOTOS} photos", 409
        )
    safe = "".join(c for c in filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] if c.isprintable())
    photo = Photo(
        meeting_id=meeting.id,
        filename=(safe or "photo")[:200],
        content_type=ctype,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        created_at=now(),
    )
    s.add(photo)
    s.flush()
    return photo


def photos(s: Session, meeting: Meeting) -> list[Photo]:
    return list(s.scalars(select(Photo).where(Photo.meeting_id == meeting.id).order_by(Photo.id)))


def get_photo(s: Session, meeting: Meeting, photo_id: int) -> Photo:
    photo = s.get(Photo, photo_id)
    if photo is None or photo.meeting_id != meeting.id:
        raise RegisterError("not_found", "photo", f"no photo {photo_id}", 404)
    return photo


def quiz_results(s: Session, meeting: Meeting) -> list[QuizResult]:
    return list(
        s.scalars(
            select(QuizResult).where(QuizResult.meeting_id == meeting.id).order_by(QuizResult.id)
        )
    )
