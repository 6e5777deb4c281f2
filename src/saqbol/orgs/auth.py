"""Staff logins: Argon2id password hashes, server-side sessions, and what a user may see.

The session cookie holds a random token; the database keeps only its SHA-256, so a copy of the
database does not let anyone log in, and logging out (or deleting the user) ends the session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from saqbol.db.orgs import Department, Organization, OrgSession, OrgUser
from saqbol.orgs.register import RegisterError, Scope, now

ROLES = ("org", "department")
SESSION_HOURS = 12
MIN_PASSWORD = 10
_hasher = PasswordHasher()
# Verified when the login is unknown, so that a wrong login takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Principal:
    """A logged-in user as the web routes see it."""

    user_id: int
    login: str
    role: str
    organization_id: int | None
    department_id: int

    @property
    def scope(self) -> Scope:
        if self.role == "org":
            return Scope(organization_id=self.organization_id)
        return Scope(department_id=self.department_id)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise RegisterError("weak_password", "password", f"use at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise RegisterError("weak_password", "password", "the password is too long")
    return _hasher.hash(password)


def add_user(
    s: Session,
    login: str,
    password: str,
    role: str,
    organization: Organization | None = None,
    department: Department | None = None,
) -> OrgUser:
    login = login.strip().lower()
    if not login or len(login) > 100 or not all(c.isalnum() or c in "._-@" for c in login):
        raise RegisterError("bad_login", "login", "use letters, digits and . _ - @")
    if role not in ROLES:
        raise RegisterError("bad_role", "role", f"use one of {', '.join(ROLES)}")
    if role == "org" and organization is None:
        raise RegisterError("no_org", "organization", "an org user needs an organization")
    if role == "department" and department is None:
        raise RegisterError("no_department", "department", "a department user needs one")
    if s.scalar(select(OrgUser).where(OrgUser.login == login)) is not None:
        raise RegisterError("exists", "login", f"login {login!r} is taken", 409)
    dep_id = organization.department_id if organization is not None else department.id  # type: ignore[union-attr]
    user = OrgUser(
        login=login,
        password_hash=hash_password(password),
        role=role,
        organization_id=organization.id if role == "org" and organization else None,
        department_id=dep_id,
        created_at=now(),
    )
    s.add(user)
    s.flush()
    return user


def authenticate(s: Session, login: str, password: str) -> OrgUser | None:
    user = s.scalar(select(OrgUser).where(OrgUser.login == login.strip().lower()))
    try:
        if user is None:
            _hasher.verify(_DUMMY_HASH, password)
            return None
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(s: Session, user: OrgUser) -> str:
    """A new session for `user`; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    s.execute(delete(OrgSession).where(OrgSession.expires_at < now()))
    s.add(
        OrgSession(
            token_hash=_digest(token),
            user_id=user.id,
            expires_at=now() + dt.timedelta(hours=SESSION_HOURS),
        )
    )
    s.flush()
    return token


def principal_for(s: Session, token: str | None) -> Principal | None:
    if not token or len(token) > 100:
        return None
    row = s.get(OrgSession, _digest(token))
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    if expires < now():
        s.delete(row)
        return None
    user = s.get(OrgUser, row.user_id)
    if user is None:
        return None
    return Principal(user.id, user.login, user.role, user.organization_id, user.department_id)


def end_session(s: Session, token: str | None) -> None:
    if token:
        s.execute(delete(OrgSession).where(OrgSession.token_hash == _digest(token)))
