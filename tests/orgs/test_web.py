"""The /org pages, the quiz and the JSON API through HTTP: login, CSRF, isolation, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from org_samples import PASSWORD, csrf, login

from saqbol.orgs.quiz import make_quiz

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2000


def form_data(client: TestClient, **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "csrf_token": csrf(client, "/org/meetings/new"),
        "title": "Алаяқтыққа қарсы сынып сағаты",
        "held_on": "2024-02-15",
        "format": "class_hour",
        "lang": "kk",
        "total": "30",
        "attended": "28",
        "absent": "2",
        "purpose": "Оқушыларға алаяқтық түрлерін түсіндіру.",
        "agenda_title_1": "Интернет алаяқтық",
        "agenda_responsible_1": "сынып жетекшісі Әбілова Ә.",
        "decisions": "Ақпарат назарға алынсын.\nАта-аналарға жадынама берілсін.",
    }
    data.update(kw)
    return data


def test_pages_need_a_login(app_client: TestClient, world: dict[str, int]) -> None:
    for path in (
        "/org",
        f"/org/meetings/{world['m_a1']}",
        "/org/meetings/new",
        f"/org/meetings/{world['m_a1']}/protocol.pdf",
        "/org/report.xlsx?from=2024-01-01&to=2024-12-31",
    ):
        r = app_client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/org/login", path
    assert app_client.get("/api/v1/org/meetings").status_code == 401


def test_login_needs_the_right_password_and_csrf(app_client: TestClient) -> None:
    token = csrf(app_client)
    bad = app_client.post(
        "/org/login", data={"login": "tumar", "password": "wrong-password", "csrf_token": token}
    )
    assert bad.status_code == 401
    no_csrf = app_client.post(
        "/org/login", data={"login": "tumar", "password": PASSWORD}, follow_redirects=False
    )
    assert no_csrf.status_code == 400 and "org_session" not in no_csrf.cookies
    login(app_client, "tumar")
    assert "«TUMAR» МДҰ" in app_client.get("/org").text


def test_school_sees_and_changes_only_its_own_records(
    app_client: TestClient, world: dict[str, int]
) -> None:
    login(app_client, "tumar")
    own, other, far = world["m_a1"], world["m_a2"], world["m_b1"]
    assert app_client.get(f"/org/meetings/{own}").status_code == 200
    listed = [m["id"] for m in app_client.get("/api/v1/org/meetings").json()]
    assert listed == [own]
    for mid in (other, far):
        assert app_client.get(f"/org/meetings/{mid}").status_code == 404
        assert app_client.get(f"/org/meetings/{mid}/edit").status_code == 404
        assert app_client.get(f"/org/meetings/{mid}/protocol.docx").status_code == 404
        assert app_client.get(f"/api/v1/org/meetings/{mid}").status_code == 404
        body = app_client.get(f"/api/v1/org/meetings/{own}").json()
        body.pop("id"), body.pop("organization"), body.pop("quiz_code")
        body["title"] = "hijacked"
        assert app_client.put(f"/api/v1/org/meetings/{mid}", json=body).status_code == 404
        assert app_client.delete(f"/api/v1/org/meetings/{mid}").status_code == 404
        token = csrf(app_client, f"/org/meetings/{own}")
        r = app_client.post(f"/org/meetings/{mid}", data=form_data(app_client, title="hijacked"))
        assert r.status_code == 404
        r = app_client.post(
            f"/org/meetings/{mid}/delete", data={"csrf_token": token, "confirm": "yes"}
        )
        assert r.status_code == 404
        r = app_client.post(
            f"/org/meetings/{mid}/photos",
            data={"csrf_token": token},
            files={"photo": ("a.jpg", JPEG, "image/jpeg")},
        )
        assert r.status_code == 404
    # creating a meeting for another school is refused too
    r = app_client.post(
        "/org/meetings", data=form_data(app_client, organization_id=str(world["a2"]))
    )
    assert r.status_code == 404
    body = app_client.get(f"/api/v1/org/meetings/{own}").json()
    for k in ("id", "organization", "quiz_code"):
        body.pop(k)
    body["organization_id"] = world["b1"]
    assert app_client.post("/api/v1/org/meetings", json=body).status_code == 404
    # nothing of theirs changed
    login(app_client, "school5")
    assert app_client.get(f"/api/v1/org/meetings/{other}").json()["title"] != "hijacked"


def test_department_sees_its_schools_only(app_client: TestClient, world: dict[str, int]) -> None:
    login(app_client, "aktobe-dept")
    ids = {m["id"] for m in app_client.get("/api/v1/org/meetings").json()}
    assert ids == {world["m_a1"], world["m_a2"]}
    assert app_client.get(f"/api/v1/org/meetings/{world['m_b1']}").status_code == 404
    r = app_client.get("/org/report.xlsx?from=2024-01-01&to=2024-12-31&lang=kk")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_create_meeting_in_the_browser_and_download_the_protocol(app_client: TestClient) -> None:
    login(app_client, "tumar")
    page = app_client.get("/org/meetings/new")
    assert page.status_code == 200 and "«Сақтансаң сақ боларсың!»" in page.text
    r = app_client.post("/org/meetings", data=form_data(app_client), follow_redirects=False)
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    page = app_client.get(url)
    assert "Алаяқтыққа қарсы сынып сағаты" in page.text and "<svg" in page.text
    pdf = app_client.get(f"{url}/protocol.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = app_client.get(f"{url}/protocol.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_counts_that_do_not_add_up_get_a_clear_error(app_client: TestClient) -> None:
    login(app_client, "tumar")
    r = app_client.post(
        "/org/meetings", data=form_data(app_client, total="30", attended="28", absent="5")
    )
    assert r.status_code == 422
    assert "Қатысқан (28) + қатыспаған (5) барлығына (30) тең болуы керек." in r.text
    r = app_client.post("/org/meetings", data=form_data(app_client, csrf_token="forged"))
    assert r.status_code == 400
    body = {
        "held_on": "2024-02-15",
        "title": "x",
        "total": 3,
        "attended": 1,
        "absent": 1,
        "purpose": "p",
        "agenda": [{"title": "a"}],
    }
    app_client.post("/api/v1/org/login", json={"login": "tumar", "password": PASSWORD})
    r = app_client.post("/api/v1/org/meetings", json=body)
    assert r.status_code == 422 and "must equal total" in r.json()["error"]["message"]


def test_photo_upload_limits(app_client: TestClient, world: dict[str, int]) -> None:
    login(app_client, "tumar")
    mid = world["m_a1"]
    token = csrf(app_client, f"/org/meetings/{mid}")
    ok = app_client.post(
        f"/org/meetings/{mid}/photos",
        data={"csrf_token": token},
        files={"photo": ("жиналыс.jpg", JPEG, "image/jpeg")},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and "error" not in ok.headers["location"]
    page = app_client.get(f"/org/meetings/{mid}").text
    assert f"/org/meetings/{mid}/photos/" in page
    big = app_client.post(
        f"/org/meetings/{mid}/photos",
        data={"csrf_token": token},
        files={"photo": ("big.jpg", JPEG + b"\x00" * (30 * 1024 * 1024), "image/jpeg")},
    )
    assert big.status_code == 413
    assert big.json()["error"]["code"] == "body_too_large"
    fake = app_client.post(
        f"/org/meetings/{mid}/photos",
        data={"csrf_token": token},
        files={"photo": ("x.jpg", b"<script>", "image/jpeg")},
    )
    assert fake.status_code == 200 and "Тек JPEG не PNG" in fake.text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_participants_take_the_quiz_by_its_short_link(
    app_client: TestClient, world: dict[str, int], lang: str
) -> None:
    login(app_client, "tumar")
    code = app_client.get(f"/api/v1/org/meetings/{world['m_a1']}").json()["quiz_code"]
    participant = TestClient(app_client.app)
    page = participant.get(f"/q/{code}?lang={lang}")
    assert page.status_code == 200 and page.text.count('type="radio"') == 30
    token = csrf(participant, f"/q/{code}?lang={lang}")
    questions = make_quiz(code, lang)
    answers = {f"q{i}": q.correct for i, q in enumerate(questions)}
    answers["q0"] = "wrong"
    r = participant.post(f"/q/{code}", data={"csrf_token": token, "lang": lang, **answers})
    assert (r.status_code == 200 and "9 / 10" in r.text) or "9 из 10" in r.text
    assert participant.post(f"/q/{code}", data={"lang": lang, **answers}).status_code == 400
    meeting = app_client.get(f"/org/meetings/{world['m_a1']}").text
    assert "90%" in meeting
    assert participant.get("/q/NOSUCH").status_code == 404
