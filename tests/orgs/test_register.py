"""The register's rules: counts add up, photos have limits, scopes isolate."""

from __future__ import annotations

import pytest
from org_samples import meeting_in
from pydantic import ValidationError

from saqbol.db import Database
from saqbol.orgs import register
from saqbol.orgs.register import MAX_PHOTO_BYTES, RegisterError, Scope

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


@pytest.mark.parametrize(
    ("total", "attended", "absent", "ok"),
    [
        (13, 10, 3, True),
        (13, 10, 4, False),
        (13, 13, 0, True),
        (10, 11, 0, False),
        (5, 6, -1, False),
    ],
)
def test_attended_plus_absent_must_equal_total(
    total: int, attended: int, absent: int, ok: bool
) -> None:
    if ok:
        assert meeting_in(total=total, attended=attended, absent=absent).total == total
    else:
        with pytest.raises(ValidationError):
            meeting_in(total=total, attended=attended, absent=absent)


def test_counts_error_says_what_is_wrong() -> None:
    with pytest.raises(
        ValidationError, match=r"attended \(10\) \+ absent \(4\) must equal total \(13\)"
    ):
        meeting_in(absent=4)


@pytest.mark.parametrize(
    "bad",
    [
        {"format": "party"},
        {"agenda": []},
        {"purpose": ""},
        {"link": "javascript:alert(1)"},
        {"lang": "de"},
        {"held_on": "31.02.2024"},
    ],
)
def test_bad_meeting_fields_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        meeting_in(**bad)


def test_photo_limits(db: Database, world: dict[str, int]) -> None:
    with db.session() as s:
        m = register.get_meeting(s, world["m_a1"])
        with pytest.raises(RegisterError) as too_big:
            register.add_photo(s, m, "big.jpg", JPEG + b"\x00" * (30 * 1024 * 1024))
        assert too_big.value.code == "photo_too_large" and too_big.value.status == 413
        assert "30.0 MB" in too_big.value.message and "10 MB" in too_big.value.message
        with pytest.raises(RegisterError) as not_image:
            register.add_photo(s, m, "x.exe", b"MZ\x90\x00 not a photo")
        assert not_image.value.code == "photo_type"
        photo = register.add_photo(s, m, "../../etc/сурет.jpg", JPEG)
        assert photo.filename == "сурет.jpg" and photo.content_type == "image/jpeg"
        for _ in range(register.MAX_PHOTOS - 1):
            register.add_photo(s, m, "p.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
        with pytest.raises(RegisterError, match="at most"):
            register.add_photo(s, m, "one-more.jpg", JPEG)
    assert MAX_PHOTO_BYTES == 10 * 1024 * 1024


def test_scopes(db: Database, world: dict[str, int]) -> None:
    with db.session() as s:
        school = Scope(organization_id=world["a1"])
        dept = Scope(department_id=world["dep_a"])
        assert [m.id for m in register.meetings(s, school)] == [world["m_a1"]]
        assert {m.id for m in register.meetings(s, dept)} == {world["m_a1"], world["m_a2"]}
        with pytest.raises(RegisterError) as exc:
            register.get_meeting(s, world["m_a2"], school)
        assert exc.value.status == 404
        with pytest.raises(RegisterError):
            register.get_meeting(s, world["m_b1"], dept)
